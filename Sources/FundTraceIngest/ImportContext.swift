import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// What a format importer writes into: the store writer and this load's
/// identity, with the chain the file belongs to when it does not say.
final class ImportContext {
    let writer: StoreWriter
    let loadID: Int64
    let defaultChain: String
    /// Token decimals given on the command line (`--decimals CONTRACT_OR_SYMBOL=N`).
    let tokenDecimals: [String: Int]
    /// Per-file counters some formats use to number rows that carry no index
    /// of their own (Etherscan exports have no log index).
    var occurrences: [String: UInt64] = [:]

    init(writer: StoreWriter, loadID: Int64, defaultChain: String, tokenDecimals: [String: Int]) {
        self.writer = writer; self.loadID = loadID; self.defaultChain = defaultChain; self.tokenDecimals = tokenDecimals
    }

    func chainID(_ name: String) throws -> Int64 { try writer.chainID(name) }

    func nativeAsset(chain: Int64, name: String) throws -> Int64 {
        try writer.assetID(chain: chain, chainName: name, code: ChainInfo.named(name).nativeSymbol, isNative: true)
    }

    func tokenAsset(chain: Int64, name: String, contract: String) throws -> Int64 {
        try writer.assetID(chain: chain, chainName: name, code: contract, isNative: false)
    }

    /// The next occurrence number of `key` in this file (0, 1, 2 …).
    func nextOccurrence(_ key: String) -> UInt64 {
        let n = occurrences[key, default: 0]
        occurrences[key] = n + 1
        return n
    }
}

/// What became of one input record.
enum RowOutcome: Equatable {
    /// New facts were written.
    case stored
    /// Everything in it was already in the store.
    case duplicate
    /// Valid but carries no transfer of value (a failed trace, a log line …).
    case skipped(String)
}

extension StoreWriter.UTXOWrite {
    /// The row's outcome; a contradiction of the store throws `conflict`.
    func rowOutcome(_ conflict: @autoclosure () -> RowProblem) throws -> RowOutcome {
        switch self {
        case .stored: return .stored
        case .duplicate: return .duplicate
        case .conflicting: throw conflict()
        }
    }
}

/// A format's rules for turning one record into store rows. Implementations
/// validate the whole record before writing anything, so a rejected row
/// leaves nothing behind.
protocol RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome
}
