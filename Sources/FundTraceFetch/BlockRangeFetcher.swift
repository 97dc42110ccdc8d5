import Foundation
import FundTraceIngest

/// A block range from any Ethereum JSON-RPC node, as ethereum-etl's `stream` exports it: blocks with their
/// transactions, each transaction's receipt (status, gas used, effective gas price: what the fee and failure
/// rules need), the Transfer logs as token transfers, internal transfers from `trace_block` where the node has
/// it, and each new token's symbol, name and decimals by `eth_call`.
public struct BlockRangeFetcher {
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let transactions = Parts(rawValue: 1)
        public static let receipts = Parts(rawValue: 2)
        public static let traces = Parts(rawValue: 4)
        public static let tokens = Parts(rawValue: 8)
        public static let all: Parts = [.transactions, .receipts, .traces, .tokens]

        /// `tx-receipts-traces-tokens`, for file names and provenance.
        public var name: String {
            [(Parts.transactions, "tx"), (.receipts, "receipts"), (.traces, "traces"), (.tokens, "tokens")]
                .filter { contains($0.0) }.map(\.1).joined(separator: "-")
        }
    }

    public let client: JSONRPCClient
    public var parts: Parts
    /// With `.traces`: when the node has no `trace_block`, go on without internal transfers (and say so) rather than fail.
    public var tracesOptional = true
    /// Set when the node answered that it has no `trace_block`.
    public private(set) var tracesUnavailable = false
    /// Tokens whose metadata was already asked for (each is asked once per run).
    private var tokensSeen = Set<String>()

    public init(client: JSONRPCClient, parts: Parts = .all) {
        self.client = client; self.parts = parts
    }

    /// The ethereum-etl records of `blocks`, in block order: transactions and their token transfers, traces, tokens.
    public mutating func records(_ blocks: ClosedRange<UInt64>) throws -> [JSONValue] {
        var out: [JSONValue] = []
        var timestamps: [UInt64: JSONValue] = [:]
        if parts.contains(.transactions) {
            let calls = blocks.map { JSONRPCClient.Call("eth_getBlockByNumber", [.quantity($0), .bool(true)]) }
            let answers = try client.results(for: calls)
            var blockValues: [JSONValue] = []
            for (i, a) in answers.enumerated() {
                let block = try a.get()
                guard block != .null else { throw malformed(calls[i], "no such block (the node has not reached it, or prunes it)") }
                blockValues.append(block)
            }
            let receipts = parts.contains(.receipts) ? try self.receipts(of: blockValues) : [:]
            for (i, block) in blockValues.enumerated() {
                do {
                    let records = try EthereumRPCRecords.records(block: block, receipts: receipts)
                    timestamps[blocks.lowerBound + UInt64(i)] = try RPCFields(block, "block").quantity("timestamp")
                    out += records
                } catch let e as RPCFields.Invalid { throw malformed(calls[i], e.description) }
            }
        }
        if parts.contains(.traces), !tracesUnavailable { out += try traces(blocks, timestamps: timestamps) }
        if parts.contains(.tokens) { out = try tokenRecords(for: out) + out }
        return out
    }

    private func receipts(of blocks: [JSONValue]) throws -> [String: JSONValue] {
        let hashes = blocks.flatMap { ($0["transactions"]?.arrayValue ?? []).compactMap { $0["hash"]?.text?.lowercased() } }
        let calls = hashes.map { JSONRPCClient.Call("eth_getTransactionReceipt", [.string($0)]) }
        var out: [String: JSONValue] = [:]
        for (i, answer) in try client.results(for: calls).enumerated() {
            let receipt = try answer.get()
            guard receipt != .null else { throw malformed(calls[i], "no receipt for a transaction of the block") }
            out[hashes[i]] = receipt
        }
        return out
    }

    private mutating func traces(_ blocks: ClosedRange<UInt64>, timestamps: [UInt64: JSONValue]) throws -> [JSONValue] {
        let calls = blocks.map { JSONRPCClient.Call("trace_block", [.quantity($0)]) }
        var out: [JSONValue] = []
        for (i, answer) in try client.results(for: calls).enumerated() {
            switch answer {
            case .success(let traces):
                do { out += try EthereumTraceRecords.records(traces: traces, timestamp: timestamps[blocks.lowerBound + UInt64(i)] ?? .null) }
                catch let e as RPCFields.Invalid { throw malformed(calls[i], e.description) }
            case .failure(let error) where tracesOptional && JSONRPCClient.code(of: error) == JSONRPCClient.methodNotFound:
                tracesUnavailable = true
                return []
            case .failure(let error): throw error
            }
        }
        return out
    }

    /// A `token` record (symbol, name, decimals, total supply; null where the contract does not answer) for each
    /// token contract in `records` not seen before.
    private mutating func tokenRecords(for records: [JSONValue]) throws -> [JSONValue] {
        var contracts: [String] = []
        for r in records where r["type"]?.text == "token_transfer" {
            if let c = r["token_address"]?.text, tokensSeen.insert(c).inserted { contracts.append(c) }
        }
        guard !contracts.isEmpty else { return [] }
        let calls = contracts.flatMap { c in TokenMetadata.selectors.map { JSONRPCClient.Call("eth_call", [.object(["to": .string(c), "data": .string($0.selector)]), .string("latest")]) } }
        let answers = try client.results(for: calls)
        return contracts.enumerated().map { i, contract in
            let slice = answers[(i * TokenMetadata.selectors.count)..<((i + 1) * TokenMetadata.selectors.count)]
            return TokenMetadata.record(contract: contract, answers: slice.map { try? $0.get().text })
        }
    }

    private func malformed(_ call: JSONRPCClient.Call, _ why: String) -> FetchError {
        FetchError(endpoint: client.transport.endpoint.display, query: call.display, .malformed(why))
    }
}
