/// Well-known tokens per chain, with contract addresses as their issuers
/// publish them (EIP-55 checksummed, so a mistyped address fails
/// ``KnownToken/hasValidChecksum``; the tests check every entry, and the
/// Ethereum ones against Etherscan's token labels in `../shared`).
///
/// Used where an input states no token metadata: Etherscan exports (which
/// give amounts in whole units), canonical CSV files (which give none), bridge
/// matching and display. Metadata loaded with the data (`tokens.csv`,
/// `--decimals`) always takes precedence.
public struct KnownToken: Sendable, Equatable {
    public var chain: String
    /// EIP-55 spelling.
    public var contract: String
    public var symbol: String
    public var decimals: Int

    public init(chain: String, contract: String, symbol: String, decimals: Int) {
        self.chain = chain; self.contract = contract; self.symbol = symbol; self.decimals = decimals
    }

    public static let all: [KnownToken] = [
        .init(chain: "ethereum", contract: "0xdAC17F958D2ee523a2206206994597C13D831ec7", symbol: "USDT", decimals: 6),
        .init(chain: "ethereum", contract: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", symbol: "USDC", decimals: 6),
        .init(chain: "ethereum", contract: "0x6B175474E89094C44Da98b954EedeAC495271d0F", symbol: "DAI", decimals: 18),
        .init(chain: "ethereum", contract: "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", symbol: "WETH", decimals: 18),
        .init(chain: "ethereum", contract: "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", symbol: "WBTC", decimals: 8),
        .init(chain: "ethereum", contract: "0x514910771AF9Ca656af840dff83E8264EcF986CA", symbol: "LINK", decimals: 18),
        .init(chain: "ethereum", contract: "0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984", symbol: "UNI", decimals: 18),
        .init(chain: "ethereum", contract: "0xD533a949740bb3306d119CC777fa900bA034cd52", symbol: "CRV", decimals: 18),
        .init(chain: "bsc", contract: "0x55d398326f99059fF775485246999027B3197955", symbol: "USDT", decimals: 18),
        .init(chain: "bsc", contract: "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", symbol: "USDC", decimals: 18),
        .init(chain: "bsc", contract: "0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c", symbol: "WBNB", decimals: 18),
        .init(chain: "bsc", contract: "0xe9e7CEA3DedcA5984780Bafc599bD69ADd087D56", symbol: "BUSD", decimals: 18),
        .init(chain: "bsc", contract: "0x2170Ed0880ac9A755fd29B2688956BD959F933F8", symbol: "ETH", decimals: 18),
        .init(chain: "polygon", contract: "0xc2132D05D31c914a87C6611C10748AEb04B58e8F", symbol: "USDT", decimals: 6),
        .init(chain: "polygon", contract: "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", symbol: "USDC.e", decimals: 6),
        .init(chain: "polygon", contract: "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", symbol: "USDC", decimals: 6),
        .init(chain: "polygon", contract: "0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270", symbol: "WMATIC", decimals: 18),
        .init(chain: "polygon", contract: "0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619", symbol: "WETH", decimals: 18),
        .init(chain: "arbitrum", contract: "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9", symbol: "USDT", decimals: 6),
        .init(chain: "arbitrum", contract: "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", symbol: "USDC", decimals: 6),
    ]

    private static let byKey: [String: KnownToken] = Dictionary(
        all.map { ($0.chain + "\u{0}" + Address.storeForm($0.contract), $0) }, uniquingKeysWith: { a, _ in a })

    /// The token at `contract` (any case) on `chain`; chain aliases (`eth`, `matic`) resolve to their canonical name.
    public static func lookup(chain: String, contract: String) -> KnownToken? {
        byKey[canonicalChain(chain) + "\u{0}" + Address.storeForm(contract)]
    }

    /// What is known of an asset identified by `code` on `chain` when its own metadata lacks a symbol or decimals:
    /// a well-known token's, else the chain's native asset's when `code` is its symbol. Stated metadata wins.
    public static func fill(chain: String, code: String, symbol: String?, decimals: Int?) -> (symbol: String?, decimals: Int?) {
        let known = lookup(chain: chain, contract: code)
        let info = ChainInfo.named(chain)
        let native = info.nativeSymbol == code.uppercased() ? info.nativeDecimals : nil
        return (symbol ?? known?.symbol, decimals ?? known?.decimals ?? native)
    }

    static func canonicalChain(_ chain: String) -> String {
        switch chain.lowercased() {
        case "eth", "mainnet": return "ethereum"
        case "matic": return "polygon"
        case "bnb", "binance_smart_chain": return "bsc"
        default: return chain.lowercased()
        }
    }

    /// Whether `contract`'s letter case is its EIP-55 checksum (the Keccak-256
    /// of the lower-case hex decides which letters are capitals).
    public static func hasValidChecksum(_ contract: String) -> Bool {
        guard Address.isEVM(contract.utf8) else { return false }
        let hex = Array(contract.utf8.dropFirst(2))
        let lower = hex.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        let digest = Keccak256.hash(lower)
        for (i, c) in hex.enumerated() where c >= 65 && c <= 90 || c >= 97 && c <= 122 {
            let nibble = (digest[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF
            let upper = c >= 65 && c <= 90
            if upper != (nibble >= 8) { return false }
        }
        return true
    }

    public var hasValidChecksum: Bool { Self.hasValidChecksum(contract) }
}
