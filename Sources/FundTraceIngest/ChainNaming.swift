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
    static func chain(currency: String, address: String) -> String {
        let c = currency.uppercased().trimmingCharacters(in: .whitespaces)
        if let chain = byCurrency[c] { return chain }
        if Address.isEVM(address.utf8) { return "ethereum" }
        if address.hasPrefix("T") && address.utf8.count == 34 { return "tron" }
        return c.lowercased()
    }

    /// Chain of an etherscan-labels folder (`etherscan`, `bscscan` …).
    static let byExplorer: [String: String] = [
        "etherscan": "ethereum", "bscscan": "bsc", "polygonscan": "polygon", "optimism": "optimism",
        "arbiscan": "arbitrum", "ftmscan": "fantom", "avalanche": "avalanche",
    ]
}
