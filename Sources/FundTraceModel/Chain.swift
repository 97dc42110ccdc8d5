/// Whether a chain keeps balances per account or per unspent output.
public enum LedgerModel: String, Sendable, Codable {
    case account
    case utxo
}

/// What FundTrace knows about a chain by name: its ledger model and native asset.
///
/// Any chain name is accepted (the canonical CSV names chains freely); known
/// names get their native symbol and decimals, unknown ones an account model
/// and a native asset called `NATIVE` with unknown decimals.
public struct ChainInfo: Sendable, Equatable {
    public var name: String
    public var model: LedgerModel
    public var nativeSymbol: String
    public var nativeDecimals: Int?

    public init(name: String, model: LedgerModel, nativeSymbol: String, nativeDecimals: Int?) {
        self.name = name; self.model = model; self.nativeSymbol = nativeSymbol; self.nativeDecimals = nativeDecimals
    }

    /// Chains FundTrace recognises by name.
    public static let known: [String: ChainInfo] = {
        let list: [(String, LedgerModel, String, Int)] = [
            ("ethereum", .account, "ETH", 18), ("eth", .account, "ETH", 18),
            ("bsc", .account, "BNB", 18), ("polygon", .account, "MATIC", 18), ("matic", .account, "MATIC", 18),
            ("arbitrum", .account, "ETH", 18), ("optimism", .account, "ETH", 18), ("base", .account, "ETH", 18),
            ("avalanche", .account, "AVAX", 18), ("avax", .account, "AVAX", 18), ("fantom", .account, "FTM", 18),
            ("ftm", .account, "FTM", 18), ("linea", .account, "ETH", 18), ("gnosis", .account, "XDAI", 18),
            ("ethereum_classic", .account, "ETC", 18), ("tron", .account, "TRX", 6),
            ("bitcoin", .utxo, "BTC", 8), ("btc", .utxo, "BTC", 8), ("bitcoin_cash", .utxo, "BCH", 8),
            ("litecoin", .utxo, "LTC", 8), ("dogecoin", .utxo, "DOGE", 8), ("zcash", .utxo, "ZEC", 8),
            ("dash", .utxo, "DASH", 8),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.0, ChainInfo(name: $0.0, model: $0.1, nativeSymbol: $0.2, nativeDecimals: $0.3)) })
    }()

    /// The info for `name`, falling back to an account chain with an unnamed native asset.
    public static func named(_ name: String) -> ChainInfo {
        known[name] ?? ChainInfo(name: name, model: .account, nativeSymbol: "NATIVE", nativeDecimals: nil)
    }
}
