import Foundation
import FundTraceIngest
import FundTraceStore

/// Fetches an address's history from an Etherscan-compatible API into the store: normal transactions, internal
/// transactions and token transfers, each a cached file loaded with its provenance. A query already cached is not
/// asked again (`refresh` asks anyway, for activity since).
public struct AddressHistoryFetch {
    public let client: EtherscanClient
    public let cache: FetchCache
    public let store: TransferStore
    public let chain: String
    public var actions = EtherscanClient.Action.allCases
    public var refresh = false
    public var progress: ((String) -> Void)?

    public init(client: EtherscanClient, cache: FetchCache, store: TransferStore, chain: String) {
        self.client = client; self.cache = cache; self.store = store; self.chain = chain
    }

    public func run(address: String, startBlock: UInt64 = 0, endBlock: UInt64 = 999_999_999) throws -> FetchSummary {
        let endpoint = client.transport.endpoint.display + (client.chainID.map { " chainid=\($0)" } ?? "")
        var summary = FetchSummary(endpoint: endpoint)
        for action in actions {
            let name = "\(chain)/etherscan-\(FetchNaming.tag(endpoint))/\(address)/\(action.rawValue)-\(startBlock)-\(endBlock).jsonl"
            let query = "\(action.rawValue) \(address) blocks \(startBlock)–\(endBlock)"
            let transport = client.transport
            let answer = try cache.answer(name, query: query, endpoint: endpoint, into: store, chain: chain, refresh: refresh,
                                          requestsSent: { transport.requestsSent }) {
                let rows = try client.history(action, address: address, startBlock: startBlock, endBlock: endBlock)
                do { return try EtherscanRecords.records(action, rows: rows) }
                catch let e as ExplorerFields.Invalid { throw FetchError(endpoint: endpoint, query: query, .malformed(e.description)) }
            }
            summary.queries.append(answer)
            progress?("\(query): \(answer.cached ? "cached" : "\(answer.requests) requests"), \(answer.rowsStored) transfers stored")
        }
        return summary
    }
}
