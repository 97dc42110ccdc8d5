import FundTraceCSV
/// ethereum-etl JSON lines: the `stream` command's mixed output (records
/// tagged with `type`) and the `export_*` commands' JSON (untagged records,
/// recognised by their keys). Logs and contracts carry no value and are skipped.
struct EthereumETLJSONImporter {
    func importRecord(_ v: JSONValue, _ ctx: ImportContext) throws -> RowOutcome {
        guard case .object(let o) = v else { throw RowProblem(.syntax("not a JSON object")) }
        let r = JSONRecord(object: o)
        let type = o["type"]?.text ?? Self.classify(o)
        switch type {
        case "transaction": return try EthereumETLTransactionImporter().importRecord(r, ctx)
        case "token_transfer": return try EthereumETLTokenTransferImporter().importRecord(r, ctx)
        case "trace": return try EthereumETLTraceImporter().importRecord(r, ctx)
        case "block": return try EthereumETLBlockImporter().importRecord(r, ctx)
        case "receipt": return try EthereumETLReceiptImporter().importRecord(r, ctx)
        case "token": return try EthereumETLTokenImporter().importRecord(r, ctx)
        case "log", "contract": return .skipped("\(type) record: no value transfer")
        default: throw RowProblem(.format("unrecognised ethereum-etl record (type '\(type.prefix(40))')"))
        }
    }

    static func classify(_ o: [String: JSONValue]) -> String {
        func has(_ k: [String]) -> Bool { k.allSatisfy { o[$0] != nil } }
        if has(["token_address", "log_index", "transaction_hash"]) { return "token_transfer" }
        if has(["trace_address", "trace_type"]) { return "trace" }
        if has(["hash", "from_address", "transaction_index"]) { return "transaction" }
        if has(["transaction_hash", "gas_used", "cumulative_gas_used"]) { return "receipt" }
        if has(["number", "timestamp", "miner"]) { return "block" }
        if has(["address", "symbol", "decimals"]) { return "token" }
        if has(["log_index", "topics"]) { return "log" }
        if has(["address", "bytecode"]) { return "contract" }
        return "unknown"
    }
}
