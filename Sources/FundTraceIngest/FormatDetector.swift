import Foundation
import FundTraceCSV

/// Recognises a file's format from its header (CSV) or first line (JSON lines).
public enum FormatDetector {
    /// The canonical account CSV header of the taint contract (§3.1).
    public static let canonicalTransfersHeader = ["chain", "tx_hash", "block", "tx_index", "log_index", "timestamp", "from", "to", "asset", "amount", "fee"]
    /// Whether `header` is the canonical account header, with or without its
    /// last column: `fee` is optional (§3.1), and a file that never pays one
    /// may leave the column out. FundTrace also reads an optional `gas_price`
    /// column after `fee` (wei per gas of the row's transaction), the evidence
    /// the mixer heuristics use; the contract's own commands do not.
    public static func isCanonicalTransfersHeader(_ header: [String]) -> Bool {
        header == canonicalTransfersHeader || header == canonicalTransfersHeader.dropLast() || header == canonicalTransfersHeader + ["gas_price"]
    }
    /// The canonical UTXO CSV header of the taint contract (§4.1).
    public static let canonicalUTXOHeader = ["chain", "tx_hash", "block", "tx_index", "timestamp", "io", "n", "address", "amount", "prev_tx_hash", "prev_n"]

    /// Detects the format of the file at `path`.
    public static func detect(path: String) throws -> DataFormat {
        let file = try ChunkedFile(path: path, capacity: 1 << 16)
        guard try file.ensure() else { throw IngestError(file: path, line: 1, .empty("empty file")) }
        var first = Array(UnsafeBufferPointer(start: file.buffer + file.start, count: file.end - file.start))
        let wholeLine = first.contains(UInt8(ascii: "\n")) || file.eof
        if let nl = first.firstIndex(of: UInt8(ascii: "\n")) { first = Array(first[..<nl]) }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first.removeFirst(3) }
        while let f = first.first, f == 0x20 || f == 0x09 { first.removeFirst() }
        if first.first == UInt8(ascii: "[") { return .cryoJSON }
        if first.first == UInt8(ascii: "{") {
            // A first document longer than the buffer: read its whole line (bounded by the reader's limit).
            if !wholeLine, let whole = try JSONLinesReader(path: path).nextLine() {
                first = whole
            }
            let value: JSONValue
            do { value = try JSONParser.parse(first) } catch let e as JSONParser.Failure {
                throw IngestError(file: path, line: 1, column: e.offset + 1, .syntax("first line starts like JSON but is not a JSON object: \(e.reason)"))
            }
            if value["inputs"] != nil || value["outputs"] != nil || value["is_coinbase"] != nil { return .bitcoinETLJSON }
            // Other JSON lines (bitcoin-etl blocks, API responses) are not ethereum-etl: say so rather than fail on line 1.
            guard case .object(let object) = value, value["type"] != nil || EthereumETLJSONImporter.classify(object) != "unknown" else {
                throw IngestError(file: path, line: 1, .format("a JSON record of a kind FundTrace does not load "
                                  + "(neither an ethereum-etl record nor a bitcoin-etl transaction)"))
            }
            return .ethereumETLJSON
        }
        let header = String(decoding: first, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
            .split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpaces.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        if let f = detect(header: header) { return f }
        throw IngestError(file: path, line: 1, .format("unrecognised format; header is '\(header.joined(separator: ",").prefix(200))'. Use --format with one of: \(DataFormat.allCases.map(\.rawValue).joined(separator: ", "))"))
    }

    /// Detects a CSV format from its header fields.
    public static func detect(header: [String]) -> DataFormat? {
        if isCanonicalTransfersHeader(header) { return .canonicalTransfers }
        if header == PoolEventsImporter.header { return .poolEvents }
        if header == canonicalUTXOHeader { return .canonicalUTXO }
        let set = Set(header)
        func has(_ names: [String]) -> Bool { names.allSatisfy(set.contains) }
        if has(["token_address", "from_address", "to_address", "value", "transaction_hash", "log_index", "block_number"]) { return .ethereumETLTokenTransfers }
        if has(["trace_type", "trace_address", "transaction_hash", "from_address", "to_address", "value"]) { return .ethereumETLTraces }
        if has(["hash", "block_number", "transaction_index", "from_address", "to_address", "value"]) { return .ethereumETLTransactions }
        if has(["transaction_hash", "gas_used", "status"]) && set.contains("cumulative_gas_used") { return .ethereumETLReceipts }
        if has(["number", "hash", "timestamp"]) && set.contains("miner") { return .ethereumETLBlocks }
        if has(["address", "symbol", "name", "decimals", "total_supply"]) { return .ethereumETLTokens }
        if let d = CryoImporter.dataset(of: set) { return .cryo(d) }
        let norm = Set(header.map(EtherscanColumns.normalize))
        let hasHash = norm.contains("txhash") || norm.contains("transactionhash")
        if hasHash && (norm.contains("tokenvalue") || norm.contains("quantity") || norm.contains("value") && norm.contains("tokensymbol")) { return .etherscanTokens }
        if hasHash && (norm.contains("parenttxfrom") || norm.contains("txto")) { return .etherscanInternal }
        if hasHash && norm.contains(where: { $0.hasPrefix("valuein") }) { return .etherscanTransactions }
        return nil
    }
}
