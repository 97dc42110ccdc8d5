import Foundation
import FundTraceIngest

/// A Bitcoin Esplora server (Blockstream's electrs API, mempool.space): an address's confirmed transactions, a
/// transaction, the spenders of its outputs, and a transaction's position in its block (from its Merkle proof).
public final class EsploraClient: @unchecked Sendable {
    public let transport: HTTPTransport
    /// Esplora pages an address's confirmed transactions 25 at a time, newest first.
    static let pageSize = 25
    /// The most transactions read for one address (a busy address has millions; the trace stops at services first).
    public var maxTransactions = 10_000

    public init(transport: HTTPTransport) { self.transport = transport }

    /// Every confirmed transaction of `address`, newest first, each once.
    public func addressTransactions(_ address: String) throws -> [JSONValue] {
        var out: [JSONValue] = []
        var seen = Set<String>()
        var path = "address/\(address)/txs/chain"
        while true {
            let page = try list(path, query: "transactions of \(address)")
            for tx in page { if let id = tx["txid"]?.text, seen.insert(id).inserted { out.append(tx) } }
            guard page.count >= Self.pageSize, let last = page.last?["txid"]?.text else { return out }
            guard out.count < maxTransactions else {
                throw FetchError(endpoint: transport.endpoint.display, query: "transactions of \(address)",
                                 .tooLarge(limit: maxTransactions))
            }
            path = "address/\(address)/txs/chain/\(last)"
        }
    }

    public func transaction(_ txid: String) throws -> JSONValue { try object("tx/\(txid)", query: "transaction \(txid)") }

    /// For each output of `txid`, the spending transaction's id, or nil while unspent.
    public func spenders(_ txid: String) throws -> [String?] {
        try list("tx/\(txid)/outspends", query: "spenders of \(txid)").map { o in o["spent"] == .bool(true) ? o["txid"]?.text : nil }
    }

    /// The transaction's position in its block (`pos` of its Merkle proof).
    public func position(_ txid: String) throws -> UInt64 {
        let proof = try object("tx/\(txid)/merkle-proof", query: "position of \(txid)")
        guard let pos = proof["pos"]?.text.flatMap({ UInt64($0) }) else {
            throw FetchError(endpoint: transport.endpoint.display, query: "position of \(txid)", .malformed("no 'pos' in the Merkle proof"))
        }
        return pos
    }

    private func parsed(_ path: String, query: String) throws -> JSONValue {
        let data = try transport.get(path: path, query: query)
        do { return try JSONParser.parse(data) } catch let f as JSONParser.Failure {
            throw FetchError(endpoint: transport.endpoint.display, query: query, .malformed("not JSON (\(f.reason) at byte \(f.offset))"))
        }
    }

    private func object(_ path: String, query: String) throws -> JSONValue {
        let v = try parsed(path, query: query)
        guard case .object = v else { throw FetchError(endpoint: transport.endpoint.display, query: query, .malformed("not a JSON object")) }
        return v
    }

    private func list(_ path: String, query: String) throws -> [JSONValue] {
        guard let a = try parsed(path, query: query).arrayValue else {
            throw FetchError(endpoint: transport.endpoint.display, query: query, .malformed("not a JSON array"))
        }
        return a
    }
}
