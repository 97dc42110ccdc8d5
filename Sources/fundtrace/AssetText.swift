import FundTraceModel

/// How the command line's summaries (`stats`, `score`) name an asset and show
/// an exact amount of it: in human units when the decimals are known, always
/// with the exact base units beside them.
enum AssetText {
    /// The symbol, with the asset's code when they differ (`USDT (0xdac1…)`, `ETH`).
    static func name(symbol: String?, code: String) -> String {
        symbol.map { $0 == code ? $0 : "\($0) (\(code))" } ?? code
    }

    /// `1.5 ETH (1500000000000000000 base units)`; base units alone when the decimals are unknown.
    static func amount(_ base: String, symbol: String?, code: String, decimals: Int?) -> String {
        decimals.map { Amount.shift(base, decimals: $0, maxFraction: 6) + " " + (symbol ?? code) + " (\(base) base units)" } ?? "\(base) base units"
    }
}
