import Foundation
import FundTraceFetch
import FundTraceTrace

/// A trace that fetches what it needs (`trace --fetch`): the sources' histories first, then, round by round, the
/// history of every address the trace reached and would follow but whose outgoing transfers the store does not
/// have yet — an endpoint "still held" before its hop limit. Labelled services, exchange deposit addresses, mixers,
/// bridges and the other stops are never fetched: the trace's own stop rules decide. Each round re-runs the trace
/// on the grown store; it ends when a round finds nothing new to fetch (at most one round per hop).
struct TraceCrawl {
    /// Fetches one address's history into the store (from an explorer, a node or an Esplora server).
    let fetch: (String) throws -> Void
    let chain: String
    let maxHops: Int
    var progress: ((String) -> Void)?

    /// The final trace, and the addresses fetched in order.
    func run(sources: [String], trace: () throws -> TraceResult) throws -> (TraceResult, fetched: [String]) {
        var fetched: [String] = []
        var done = Set<String>()
        var next = sources
        var round = 0
        while true {
            for address in next where done.insert(address).inserted {
                progress?("fetch round \(round): \(address) (\(fetched.count + 1) addresses)")
                try fetch(address)
                fetched.append(address)
            }
            let result = try trace()
            next = Self.unfetchedHolders(result, chain: chain, maxHops: maxHops).filter { !done.contains($0) }
            round += 1
            if next.isEmpty || round > maxHops + 1 { return (result, fetched) }
        }
    }

    /// Addresses on `chain` where the trace stopped because they still hold the funds, reached before the hop limit.
    static func unfetchedHolders(_ result: TraceResult, chain: String, maxHops: Int) -> [String] {
        // Hops from the nodes (account traces) or from the flows into the address (UTXO traces); unknown counts as near.
        var hop: [String: Int] = [:]
        for n in result.nodes where n.chain == chain { if let h = n.hop { hop[n.address] = min(hop[n.address] ?? .max, h) } }
        for f in result.flows where f.chain == chain { if let h = f.hop { hop[f.to] = min(hop[f.to] ?? .max, h) } }
        let held = result.endpoints.filter { $0.chain == chain && $0.reason == .held && (hop[$0.address] ?? 0) < maxHops }
        return Array(Set(held.map(\.address))).sorted()
    }
}
