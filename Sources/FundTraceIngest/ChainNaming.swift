import Foundation
import FundTraceModel

/// FundTrace chain names for the currency codes and explorer names that label
/// providers use.
enum ChainNaming {
    static let byCurrency: [String: String] = [
        "ETH": "ethereum", "XBT": "bitcoin", "BTC": "bitcoin", "BCH": "bitcoin_cash", "LTC": "litecoin", "ZEC": "zcash",
        "DASH": "dash", "DOGE": "dogecoin", "TRX": "tron", "ETC": "ethereum_classic", "BSC": "bsc", "BNB": "bsc",
        "BEP20": "bsc", "BEP2": "bnb_beacon", "ARB": "arbitrum", "MATIC": "polygon", "AVAX": "avalanche", "FTM": "fantom",
        "XMR": "monero", "XRP": "ripple", "BSV": "bitcoin_sv", "BTG": "bitcoin_gold", "XVG": "verge",
    ]

    /// The chain of an address given in `currency`: tokens (USDT, USDC …)
    /// live on several chains, so their address form decides.
    /// Tokens issued on Bitcoin through the Omni layer (USDT's first home) have
    /// Bitcoin addresses: they are labelled on `bitcoin`, where their transfers are.
    static func chain(currency: String, address: String) -> String {
        let c = currency.uppercased().trimmingCharacters(in: .whitespaces)
        if let chain = byCurrency[c] { return chain }
        if Address.isEVM(address.utf8) { return "ethereum" }
        if address.hasPrefix("T") && address.utf8.count == 34 { return "tron" }
        if isBitcoinForm(address) { return "bitcoin" }
        return c.lowercased()
    }

    /// Whether `address` is spelled as a Bitcoin address: base58 starting with
    /// 1 or 3 (26–35 characters) or bech32 `bc1…`.
    static func isBitcoinForm(_ address: String) -> Bool {
        let n = address.utf8.count
        if address.lowercased().hasPrefix("bc1") { return (14...90).contains(n) && address.utf8.allSatisfy { isAlnum($0) } }
        guard let first = address.first, first == "1" || first == "3", (26...35).contains(n) else { return false }
        let base58 = Set("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
        return address.utf8.allSatisfy { base58.contains($0) }
    }

    private static func isAlnum(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) }

    /// How a per-asset list names what it lists: `USDT` on a Bitcoin address is Omni USDT.
    static func listedAsset(_ asset: String, chain: String) -> String {
        let native = ChainInfo.named(chain).nativeSymbol
        if chain == "bitcoin" && asset.uppercased() != "BTC" && asset.uppercased() != "XBT" { return "\(asset) on Omni" }
        if ["ethereum", "bsc", "tron"].contains(chain) && asset.uppercased() != native && byCurrency[asset.uppercased()] == nil {
            return "\(asset) on \(chain)"
        }
        return asset
    }

    /// Chain of an etherscan-labels folder (`etherscan`, `bscscan` …).
    static let byExplorer: [String: String] = [
        "etherscan": "ethereum", "bscscan": "bsc", "polygonscan": "polygon", "optimism": "optimism",
        "arbiscan": "arbitrum", "ftmscan": "fantom", "avalanche": "avalanche",
    ]
}
