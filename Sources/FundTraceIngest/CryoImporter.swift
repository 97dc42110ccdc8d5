import FundTraceModel
import FundTraceCSV

/// cryo's datasets (paradigmxyz/cryo; CSV, or JSON as an array of rows), stored by the ethereum-etl importers
/// through a renaming of their columns, so that fees, failures and creations follow one set of rules:
///
/// - `transactions`: `gas_used` × `gas_price` is the fee, `success` the status, `timestamp` the time when exported.
/// - `erc20_transfers`: `erc20` is the token; values from `value_string`, `value`, or `value_binary` (hex).
/// - `traces`: `action_*` and `result_address`; cryo keeps failed traces unless exported with `--exclude-failed`,
///   so a call nested in one that failed (whose effect was undone, though it has no error of its own) is skipped
///   as ethereum-etl and cryo's own filter do.
/// - `logs`: the Transfer logs among them, by ethereum-etl's rule (first topic Transfer, topics and data words four in
///   all: ERC-20 and ERC-721), as token transfers; other logs move no value.
/// - `native_transfers`: one row per trace, with no error column and no call path. Only loaded when the export
///   excluded failed traces (`cryo --exclude-failed`, said with `--cryo-excluded-failed`): otherwise the value of
///   failed calls would be stored as moved. The first row of a transaction is its own value; the others are
///   internal transfers numbered by `transfer_index`.
final class CryoImporter: RecordImporter {
    enum Dataset: String, Sendable { case transactions, erc20Transfers = "erc20_transfers", traces, nativeTransfers = "native_transfers", logs }

    let dataset: Dataset
    /// Failed calls of the current transaction, by call path, for `traces`.
    private var failedTransaction = ""
    private var failedPaths: [[String]] = []
    private var seenTransactions = Set<String>()

    init(dataset: Dataset) { self.dataset = dataset }

    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        switch dataset {
        case .transactions: return try EthereumETLTransactionImporter().importRecord(CryoFields(r, Self.transactionNames), ctx)
        case .erc20Transfers: return try EthereumETLTokenTransferImporter().importRecord(CryoFields(r, Self.tokenTransferNames), ctx)
        case .traces:
            let hash = try r.string("transaction_hash") ?? ""
            let path = (try r.string("trace_address") ?? "").split(separator: "_").map(String.init)
            if hash != failedTransaction { failedTransaction = hash; failedPaths = [] }
            if failedPaths.contains(where: { path.starts(with: $0) }) { return .skipped("call inside a failed call") }
            if let e = try r.string("error"), !e.isEmpty { failedPaths.append(path); return .skipped("failed trace") }
            return try EthereumETLTraceImporter().importRecord(CryoFields(r, Self.traceNames), ctx)
        case .logs:
            guard let event = try Self.transferEvent(r) else { return .skipped("log: no value transfer") }
            var names = Self.tokenTransferNames
            names["token_address"] = .column("address")
            names["from_address"] = .constant(event.from); names["to_address"] = .constant(event.to)
            names["value"] = .constant(event.value.description)
            return try EthereumETLTokenTransferImporter().importRecord(CryoFields(r, names), ctx)
        case .nativeTransfers:
            guard let hash = try r.string("transaction_hash"), !hash.isEmpty else { return .skipped("block reward: no sending address") }
            let first = seenTransactions.insert(hash).inserted
            let index = try r.uint("transfer_index")
            var names = Self.nativeTransferNames
            names["trace_address"] = .constant(first ? "" : String(index))
            return try EthereumETLTraceImporter().importRecord(CryoFields(r, names), ctx)
        }
    }

    static let value: CryoFields.Source = .firstOf(["value_string", "value", "value_binary"])
    /// The Transfer event a cryo `logs` row records, or nil for any other log (``TransferEvent``).
    static func transferEvent(_ r: RecordFields) throws -> TransferEvent? {
        func hex(_ name: String) throws -> String {
            let s = try r.string(name) ?? ""
            guard s.isEmpty || HexText.isPrefixed(s) || HexText.isDigits(s.utf8) else { throw r.problem(name, "not hex: '\(s.prefix(80))'") }
            return s
        }
        return TransferEvent(topics: try ["topic0", "topic1", "topic2", "topic3"].map(hex).filter { !$0.isEmpty }, data: try hex("data"))
    }

    static let transactionNames: [String: CryoFields.Source] = [
        "hash": .column("transaction_hash"), "block_number": .column("block_number"), "transaction_index": .column("transaction_index"),
        "from_address": .column("from_address"), "to_address": .column("to_address"), "value": value, "gas_price": .column("gas_price"),
        "block_timestamp": .column("timestamp"), "nonce": .column("nonce"), "receipt_gas_used": .column("gas_used"),
        "receipt_effective_gas_price": .column("gas_price"), "receipt_status": .boolean("success"),
    ]
    static let tokenTransferNames: [String: CryoFields.Source] = [
        "token_address": .column("erc20"), "from_address": .column("from_address"), "to_address": .column("to_address"), "value": value,
        "transaction_hash": .column("transaction_hash"), "log_index": .column("log_index"), "block_number": .column("block_number"),
        "transaction_index": .column("transaction_index"),
    ]
    static let traceNames: [String: CryoFields.Source] = [
        "trace_type": .traceType("action_type"), "from_address": .column("action_from"), "to_address": .firstOf(["action_to", "result_address"]),
        "value": .firstOf(["action_value", "action_value_string", "action_value_binary"]), "call_type": .column("action_call_type"),
        "trace_address": .path("trace_address"), "transaction_hash": .column("transaction_hash"), "block_number": .column("block_number"),
        "transaction_index": .column("transaction_index"), "error": .column("error"),
    ]
    static let nativeTransferNames: [String: CryoFields.Source] = [
        "trace_type": .constant("call"), "from_address": .column("from_address"), "to_address": .column("to_address"), "value": value,
        "transaction_hash": .column("transaction_hash"), "block_number": .column("block_number"), "transaction_index": .column("transaction_index"),
    ]

    /// The dataset a cryo header (or first JSON row's keys) belongs to.
    static func dataset(of columns: Set<String>) -> Dataset? {
        let hasValue = !columns.isDisjoint(with: ["value", "value_string", "value_binary"])
        if columns.isSuperset(of: ["erc20", "log_index", "transaction_hash", "from_address", "to_address"]) && hasValue { return .erc20Transfers }
        if columns.isSuperset(of: ["action_type", "action_from", "trace_address", "transaction_hash"]) { return .traces }
        if columns.isSuperset(of: ["transfer_index", "from_address", "to_address", "transaction_hash"]) && hasValue { return .nativeTransfers }
        if columns.isSuperset(of: ["transaction_hash", "from_address", "gas_limit", "success"]) && hasValue { return .transactions }
        if columns.isSuperset(of: ["address", "topic0", "topic1", "topic2", "topic3", "data", "log_index", "transaction_hash"]) { return .logs }
        return nil
    }
}

/// A cryo row seen under ethereum-etl's column names.
struct CryoFields: RecordFields {
    enum Source: Sendable {
        case column(String)
        case firstOf([String])
        /// `true`/`false` as 1/0.
        case boolean(String)
        /// `0_1` as `0,1`.
        case path(String)
        /// cryo's `selfdestruct` as ethereum-etl's `suicide`.
        case traceType(String)
        case constant(String)
    }

    let row: RecordFields
    let names: [String: Source]
    init(_ row: RecordFields, _ names: [String: Source]) { self.row = row; self.names = names }

    func raw(_ name: String) -> ArraySlice<UInt8>? {
        switch names[name] {
        case nil: return nil
        case .column(let c)?: return row.raw(c)
        case .firstOf(let cs)?: return cs.lazy.compactMap { row.raw($0).flatMap { $0.isEmpty ? nil : $0 } }.first
        case .boolean(let c)?:
            guard let v = row.raw(c) else { return nil }
            switch String(decoding: v, as: UTF8.self).lowercased() {
            case "true", "1": return ArraySlice("1".utf8)
            case "false", "0": return ArraySlice("0".utf8)
            default: return v  // left to fail as a number, naming the column
            }
        case .path(let c)?: return row.raw(c).map { ArraySlice(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "_", with: ",").utf8) }
        case .traceType(let c)?: return row.raw(c).map { String(decoding: $0, as: UTF8.self) == "selfdestruct" ? ArraySlice("suicide".utf8) : $0 }
        case .constant(let s)?: return ArraySlice(s.utf8)
        }
    }

    func column(_ name: String) -> Int? {
        switch names[name] {
        case .column(let c)?, .boolean(let c)?, .path(let c)?, .traceType(let c)?: return row.column(c)
        case .firstOf(let cs)?: return cs.lazy.compactMap { row.column($0) }.first
        default: return nil
        }
    }
}
