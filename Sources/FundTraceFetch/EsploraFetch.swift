import Foundation
import FundTraceIngest
import FundTraceStore

/// Fetches Bitcoin transactions from an Esplora server into the store, as bitcoin-etl records through a cached file
/// per query: an address's confirmed history, or a transaction with the transactions that spend its outputs.
/// Each transaction's position in its block is read from its Merkle proof, so that spends within one block keep
/// their order.
public struct EsploraFetch {
    public let client: EsploraClient
    public let cache: FetchCache
    public let store: TransferStore
    public let chain: String
    public var refresh = false
    public var progress: ((String) -> Void)?

    public init(client: EsploraClient, cache: FetchCache, store: TransferStore, chain: String = "bitcoin") {
        self.client = client; self.cache = cache; self.store = store; self.chain = chain
    }

    public func run(address: String) throws -> FetchSummary {
        try fetch("\(chain)/esplora-\(FetchNaming.tag(client.transport.endpoint.display))/address-\(address).jsonl",
                  query: "transactions of \(address)") { try client.addressTransactions(address) }
    }

    /// The transaction and, with `spenders`, every confirmed transaction spending one of its outputs.
    public func run(transaction txid: String, spenders: Bool) throws -> FetchSummary {
        try fetch("\(chain)/esplora-\(FetchNaming.tag(client.transport.endpoint.display))/tx-\(txid)\(spenders ? "-spenders" : "").jsonl",
                  query: "transaction \(txid)\(spenders ? " and its spenders" : "")") {
            var txs = [try client.transaction(txid)]
            if spenders {
                for id in Set(try client.spenders(txid).compactMap { $0 }).sorted() { txs.append(try client.transaction(id)) }
            }
            return txs
        }
    }

    private func fetch(_ name: String, query: String, _ transactions: () throws -> [JSONValue]) throws -> FetchSummary {
        let endpoint = client.transport.endpoint.display
        var summary = FetchSummary(endpoint: endpoint)
        let transport = client.transport
        let answer = try cache.answer(name, query: query, endpoint: endpoint, into: store, chain: chain, format: .bitcoinETLJSON,
                                      refresh: refresh, requestsSent: { transport.requestsSent }) {
            var records: [(block: UInt64, index: UInt64, record: JSONValue)] = []
            for tx in try transactions() {
                guard tx["status"]?["confirmed"] == .bool(true), let txid = tx["txid"]?.text else { continue }  // unconfirmed: not yet a fact
                do {
                    guard let r = try EsploraRecords.record(tx, position: try client.position(txid)) else { continue }
                    records.append((UInt64(r["block_number"]?.text ?? "") ?? 0, UInt64(r["index"]?.text ?? "") ?? 0, r))
                } catch let e as RPCFields.Invalid {
                    throw FetchError(endpoint: endpoint, query: query, .malformed(e.description))
                }
            }
            progress?("\(query): \(records.count) confirmed transactions")
            return records.sorted { ($0.block, $0.index) < ($1.block, $1.index) }.map(\.record)
        }
        summary.queries.append(answer)
        return summary
    }
}
