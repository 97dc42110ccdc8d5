import FundTraceIngest
import FundTraceStore

/// Fetches an address's activity in a block range from a JSON-RPC node into the store, as one cached file with its
/// provenance (see ``AddressActivityFetcher``).
public struct AddressActivityFetch {
    public var fetcher: AddressActivityFetcher
    public let cache: FetchCache
    public let store: TransferStore
    public let chain: String
    public var refresh = false

    public init(fetcher: AddressActivityFetcher, cache: FetchCache, store: TransferStore, chain: String) {
        self.fetcher = fetcher; self.cache = cache; self.store = store; self.chain = chain
    }

    public mutating func run(address: String, blocks: ClosedRange<UInt64>) throws -> FetchSummary {
        let endpoint = fetcher.client.transport.endpoint.display
        var summary = FetchSummary(endpoint: endpoint)
        let name = "\(chain)/rpc-\(FetchNaming.tag(endpoint))/address-\(address)/blocks-\(blocks.lowerBound)-\(blocks.upperBound)\(fetcher.withTraces ? "-traces" : "").jsonl"
        let transport = fetcher.client.transport
        summary.queries.append(try cache.answer(name, query: "activity of \(address) in blocks \(blocks.lowerBound)–\(blocks.upperBound)", endpoint: endpoint,
                                                into: store, chain: chain, refresh: refresh, requestsSent: { transport.requestsSent }) {
            try fetcher.records(address: address, blocks: blocks)
        })
        if fetcher.tracesUnavailable {
            summary.notes.append("the node has no trace_filter: value moved to or from the address by contracts (internal transfers) is not in this fetch")
        }
        return summary
    }
}
