import FundTraceIngest
import FundTraceModel

/// An address's activity in a block range from plain JSON-RPC, which cannot list an address's transactions:
/// the ERC-20/721 Transfer logs naming it as sender or recipient (`eth_getLogs` on the topics), and where the node
/// has `trace_filter`, the calls from or to it; then every transaction these belong to, whole (its native value,
/// fee, status, all its token transfers and, with traces, all its internal transfers by `trace_transaction`, so that
/// a call inside a failed one is known as failed).
///
/// A provider that refuses a large range ("query returned more than 10000 results", "block range too large") has the
/// range halved until it answers; a single block it still refuses is an error naming it.
public struct AddressActivityFetcher {
    public let client: JSONRPCClient
    public var withTraces = true
    public private(set) var tracesUnavailable = false

    public init(client: JSONRPCClient) { self.client = client }

    /// The ethereum-etl records of every transaction touching `address` in `blocks`, in block order.
    public mutating func records(address: String, blocks: ClosedRange<UInt64>) throws -> [JSONValue] {
        let topic = JSONValue.string("0x" + String(repeating: "0", count: 24) + address.dropFirst(2).lowercased())
        var hashes = Set<String>()
        for topics in [[JSONValue.string(TransferEvent.topic), topic], [.string(TransferEvent.topic), .null, topic]] {
            for log in try split(blocks, { r in
                try client.call("eth_getLogs", [.object(["fromBlock": .quantity(r.lowerBound), "toBlock": .quantity(r.upperBound), "topics": .array(topics)])])
            }) {
                if let h = log["transactionHash"]?.text?.lowercased() { hashes.insert(h) }
            }
        }
        var traceHashes = Set<String>()
        if withTraces {
            for side in ["fromAddress", "toAddress"] where !tracesUnavailable {
                do {
                    for t in try split(blocks, { r in
                        try client.call("trace_filter", [.object(["fromBlock": .quantity(r.lowerBound), "toBlock": .quantity(r.upperBound),
                                                                  side: .array([.string(address.lowercased())])])])
                    }) {
                        if let h = t["transactionHash"]?.text?.lowercased() { hashes.insert(h); traceHashes.insert(h) }
                    }
                } catch let e as FetchError where JSONRPCClient.code(of: e) == JSONRPCClient.methodNotFound {
                    tracesUnavailable = true
                }
            }
        }
        return try transactions(hashes.sorted(), tracesOf: tracesUnavailable ? [] : hashes.sorted())
    }

    /// Runs `query` on `range`, halving the range while the provider refuses it as too large.
    func split(_ range: ClosedRange<UInt64>, _ query: (ClosedRange<UInt64>) throws -> JSONValue) throws -> [JSONValue] {
        do {
            guard let list = try query(range).arrayValue else {
                throw FetchError(endpoint: client.transport.endpoint.display, query: "blocks \(range)", .malformed("not a list"))
            }
            return list
        } catch let e as FetchError where Self.isTooLarge(e) && range.count > 1 {
            let mid = range.lowerBound + UInt64(range.count / 2) - 1
            return try split(range.lowerBound...mid, query) + split((mid + 1)...range.upperBound, query)
        }
    }

    static func isTooLarge(_ e: FetchError) -> Bool {
        guard case .service(let text, _) = e.cause else { return false }
        let t = text.lowercased()
        return ["more than", "too large", "too many", "range", "limit exceeded", "exceed", "query timeout"].contains { t.contains($0) }
            || JSONRPCClient.code(of: e) == -32005
    }

    /// The transactions, each with its receipt, its block's time and hash, and (for `tracesOf`) its full trace.
    private func transactions(_ hashes: [String], tracesOf: [String]) throws -> [JSONValue] {
        guard !hashes.isEmpty else { return [] }
        let txs = try client.results(for: hashes.map { JSONRPCClient.Call("eth_getTransactionByHash", [.string($0)]) }).map { try $0.get() }
        let receipts = try client.results(for: hashes.map { JSONRPCClient.Call("eth_getTransactionReceipt", [.string($0)]) }).map { try $0.get() }
        var byBlock: [UInt64: [JSONValue]] = [:]
        var receiptOf: [String: JSONValue] = [:]
        for (i, tx) in txs.enumerated() {
            guard let n = tx["blockNumber"]?.text, case .success(let block) = Amount.parseHex(Array(n.utf8)), let b = UInt64(block.description) else { continue }
            byBlock[b, default: []].append(tx)
            receiptOf[hashes[i]] = receipts[i]
        }
        let numbers = byBlock.keys.sorted()
        let headers = try client.results(for: numbers.map { JSONRPCClient.Call("eth_getBlockByNumber", [.quantity($0), .bool(false)]) }).map { try $0.get() }
        var out: [JSONValue] = []
        for (n, header) in zip(numbers, headers) {
            guard case .object(var block) = header else { continue }
            block["transactions"] = .array(byBlock[n]!.sorted { ($0["transactionIndex"]?.text ?? "") < ($1["transactionIndex"]?.text ?? "") })
            do { out += try EthereumRPCRecords.records(block: .object(block), receipts: receiptOf) }
            catch let e as RPCFields.Invalid { throw FetchError(endpoint: client.transport.endpoint.display, query: "block \(n)", .malformed(e.description)) }
        }
        for (i, answer) in try client.results(for: tracesOf.map { JSONRPCClient.Call("trace_transaction", [.string($0)]) }).enumerated() {
            do { out += try EthereumTraceRecords.records(traces: try answer.get(), timestamp: .null) }
            catch let e as RPCFields.Invalid { throw FetchError(endpoint: client.transport.endpoint.display, query: "trace_transaction(\(tracesOf[i]))", .malformed(e.description)) }
        }
        return out
    }
}
