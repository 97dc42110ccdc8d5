/// The input formats FundTrace loads. Detected from a file's header or first
/// JSON line (``FormatDetector``); `--format` forces one by its raw value.
public enum DataFormat: String, CaseIterable, Sendable, Codable {
    case canonicalTransfers = "canonical-transfers"
    case canonicalUTXO = "canonical-utxo"
    case ethereumETLTransactions = "ethereum-etl-transactions"
    case ethereumETLTokenTransfers = "ethereum-etl-token-transfers"
    case ethereumETLTraces = "ethereum-etl-traces"
    case ethereumETLBlocks = "ethereum-etl-blocks"
    case ethereumETLReceipts = "ethereum-etl-receipts"
    case ethereumETLTokens = "ethereum-etl-tokens"
    /// ethereum-etl JSON lines: `stream` output or `export_*` JSON, mixed record types.
    case ethereumETLJSON = "ethereum-etl-json"
    case bitcoinETLJSON = "bitcoin-etl-json"
    case etherscanTransactions = "etherscan-transactions"
    case etherscanInternal = "etherscan-internal"
    case etherscanTokens = "etherscan-tokens"
    /// Mixer pool events (`chain,tx_hash,pool,action,account,amount,gas_price,timestamp`): evidence for the mixer heuristics.
    case poolEvents = "pool-events"
    /// cryo's datasets (paradigmxyz/cryo) as CSV, and as JSON (an array of one dataset's rows).
    case cryoTransactions = "cryo-transactions"
    case cryoERC20Transfers = "cryo-erc20-transfers"
    case cryoTraces = "cryo-traces"
    case cryoNativeTransfers = "cryo-native-transfers"
    case cryoJSON = "cryo-json"
    case cryoLogs = "cryo-logs"

    /// Whether rows name their own chain (so `--chain` does not apply).
    public var namesChain: Bool { self == .canonicalTransfers || self == .canonicalUTXO || self == .poolEvents }

    public var isJSON: Bool { self == .ethereumETLJSON || self == .bitcoinETLJSON }

    public var isCryo: Bool { self == .cryoJSON || cryoDataset != nil }

    /// The cryo dataset a CSV format holds.
    var cryoDataset: CryoImporter.Dataset? {
        switch self {
        case .cryoTransactions: .transactions
        case .cryoERC20Transfers: .erc20Transfers
        case .cryoTraces: .traces
        case .cryoNativeTransfers: .nativeTransfers
        case .cryoLogs: .logs
        default: nil
        }
    }

    static func cryo(_ d: CryoImporter.Dataset) -> DataFormat {
        switch d {
        case .transactions: .cryoTransactions
        case .erc20Transfers: .cryoERC20Transfers
        case .traces: .cryoTraces
        case .nativeTransfers: .cryoNativeTransfers
        case .logs: .cryoLogs
        }
    }
}
