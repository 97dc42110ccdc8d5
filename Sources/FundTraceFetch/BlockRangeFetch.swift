import Foundation
import FundTraceIngest
import FundTraceStore

/// Fetches a block range window by window into the store: each window's records become one cached JSON-lines
/// file, loaded as one transaction with its provenance. A window already cached is not asked again, so an
/// interrupted fetch resumes where it stopped and a repeated one sends no request.
public struct BlockRangeFetch {
    public var fetcher: BlockRangeFetcher
    public let cache: FetchCache
    public let store: TransferStore
    public let chain: String
    public var window: UInt64 = 50
    public var progress: ((String) -> Void)?

    public init(fetcher: BlockRangeFetcher, cache: FetchCache, store: TransferStore, chain: String) {
        self.fetcher = fetcher; self.cache = cache; self.store = store; self.chain = chain
    }

    public mutating func run(_ blocks: ClosedRange<UInt64>) throws -> FetchSummary {
        let endpoint = fetcher.client.transport.endpoint.display
        var summary = FetchSummary(endpoint: endpoint)
        let folder = "\(chain)/rpc-\(FetchNaming.tag(endpoint))/\(fetcher.parts.name)"
        var start = blocks.lowerBound
        while start <= blocks.upperBound {
            let end = min(start + window - 1, blocks.upperBound)
            let name = "\(folder)/blocks-\(start)-\(end).jsonl"
            let query = "blocks \(start)–\(end) (\(fetcher.parts.name))"
            let transport = fetcher.client.transport
            let answer = try cache.answer(name, query: query, endpoint: endpoint, into: store, chain: chain,
                                          requestsSent: { transport.requestsSent }, fetch: { try fetcher.records(start...end) })
            summary.queries.append(answer)
            progress?("\(query): \(answer.cached ? "cached" : "\(answer.requests) requests"), \(answer.rowsStored) transfers stored")
            if end == UInt64.max { break }
            start = end + 1
        }
        if fetcher.tracesUnavailable {
            summary.notes.append("the node has no trace_block: internal transfers (value moved by contracts) are not in this fetch")
        }
        return summary
    }
}

/// File-system names for services: the host and a short digest of the (redacted) endpoint.
enum FetchNaming {
    static func tag(_ endpoint: String) -> String {
        let host = URLComponents(string: endpoint)?.host ?? "service"
        var h: UInt64 = 0xcbf29ce484222325  // FNV-1a: stable across runs and machines
        for b in endpoint.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let safeHost = String(host.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" })
        return "\(safeHost.prefix(60))-\(String(h, radix: 16).prefix(8))"
    }
}
