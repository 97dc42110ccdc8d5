import Foundation
import FundTraceIngest

/// The readers the fetchers apply to a service's answer, one entry per kind of answer, so that the fuzzer reaches
/// exactly the code a hostile service would: an answer may be refused with an error, never trap or hang.
public enum ServiceAnswerReader {
    public enum Kind: CaseIterable, Sendable { case etherscan, rpcBlock, rpcTraces, rpcBatch, esplora }

    /// The records the answer gives, or the error that refuses it. A JSON-RPC envelope's `result` is read for the
    /// node's kinds (so that recorded answers serve as the fuzzer's seeds).
    @discardableResult
    public static func read(_ kind: Kind, _ bytes: [UInt8]) throws -> [JSONValue] {
        func node() throws -> JSONValue { let v = try JSONParser.parse(bytes); return v["result"] ?? v }
        switch kind {
        case .etherscan:
            guard case .rows(let rows) = try EtherscanClient.parse(Data(bytes)) else { return [] }
            var out: [JSONValue] = []
            for action in EtherscanClient.Action.allCases { out += try EtherscanRecords.records(action, rows: rows) }
            return out
        case .rpcBlock:
            let block = try node()
            let receipts = Dictionary((block["transactions"]?.arrayValue ?? []).compactMap { t in t["hash"]?.text.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
            return try EthereumRPCRecords.records(block: block, receipts: receipts)
        case .rpcTraces:
            return try EthereumTraceRecords.records(traces: try node(), timestamp: .null)
        case .rpcBatch:
            let calls = (0..<3).map { JSONRPCClient.Call("eth_getBlockByNumber", [.quantity(UInt64($0)), .bool(true)]) }
            return try JSONRPCClient.decode(Data(bytes), calls: calls, endpoint: "fuzz", query: "batch").compactMap { try? $0.get() }
        case .esplora:
            return try EsploraRecords.record(try JSONParser.parse(bytes), position: 0).map { [$0] } ?? []
        }
    }
}
