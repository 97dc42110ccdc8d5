import FundTraceModel
import FundTraceTrace

/// Symbols and decimals of the assets a trace mentions, to show base-unit
/// amounts in human units the same way in diagrams, reports and summaries.
public struct AssetUnits: Sendable, Codable {
    public struct Unit: Sendable, Codable { public var symbol: String?; public var decimals: Int? }
    private var units: [String: Unit] = [:]

    /// From the trace's totals, then its nodes for assets the totals lack.
    public init(_ r: TraceResult) {
        for t in r.totals { units[Self.key(t.chain, t.asset)] = Unit(symbol: t.symbol, decimals: t.decimals) }
        for n in r.nodes where units[Self.key(n.chain, n.asset)] == nil { units[Self.key(n.chain, n.asset)] = Unit(symbol: n.symbol, decimals: n.decimals) }
    }

    static func key(_ chain: String, _ asset: String) -> String { chain + "\u{0}" + asset }

    /// The asset's name: its symbol, else its code (token contracts shortened).
    public func name(chain: String, asset: String) -> String {
        units[Self.key(chain, asset)]?.symbol ?? (asset.count > 12 ? String(asset.prefix(8)) + "…" : asset)
    }

    /// `base` (decimal text in base units) in human units with the asset's
    /// name — "1.5 ETH" — shown with at most `maxFraction` decimals; in base
    /// units, and saying so, when the decimals are unknown.
    public func display(_ base: String, chain: String, asset: String, maxFraction: Int = 8) -> String {
        guard let d = units[Self.key(chain, asset)]?.decimals else { return base + " " + name(chain: chain, asset: asset) + " (base units)" }
        return Amount.shift(base, decimals: d, maxFraction: maxFraction) + " " + name(chain: chain, asset: asset)
    }
}
