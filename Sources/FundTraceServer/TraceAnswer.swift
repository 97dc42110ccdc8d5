import FundTraceModel
import FundTraceRender
import FundTraceTrace

/// A trace job as the bench shows it: its progress while it runs; then the freeze list per exchange, the
/// endpoints, the crossings with their evidence and confidence, the totals, and the biggest tainted flows as
/// a graph to put on the canvas.
public struct TraceAnswer: Codable, Sendable {
    public struct Total: Codable, Sendable { public var chain, asset, stolen, atEndpoints, display: String; public var reconciled: Bool }
    public struct Endpoint: Codable, Sendable {
        public var chain, address, category, label, asset, tainted, display, reason, evidence: String
    }
    public struct Crossing: Codable, Sendable {
        public var kind, chain, via, viaLabel, entry, exitChain, exit, evidence: String
        public var confidence: Double
    }
    public struct FreezeGroup: Codable, Sendable { public var exchange: String; public var entries: [FreezeList.Entry] }

    public var id: String
    public var state: TraceJobs.State
    public var progress: [String]
    public var error: String?
    public var seconds: Double?
    public var request: TraceRequest
    public var totals: [Total]?
    public var freeze: [FreezeGroup]?
    public var endpoints: [Endpoint]?
    public var endpointCount: Int?
    public var crossings: [Crossing]?
    public var graph: ViewGraph?
    /// Flow edges not in `graph` (the smallest tainted ones).
    public var moreEdges: Int?

    init(id: String, job: TraceJobs.Job, store: WorkbenchStore, maxEdges: Int = 60, maxEndpoints: Int = 500) {
        self.id = id; state = job.state; progress = job.progress; error = job.error; seconds = job.seconds; request = job.request
        guard let r = job.result else { return }
        let units = AssetUnits(r)
        totals = r.totals.map { Total(chain: $0.chain, asset: $0.asset, stolen: $0.created, atEndpoints: $0.atEndpoints,
                                      display: units.display($0.created, chain: $0.chain, asset: $0.asset), reconciled: $0.reconciled) }
        freeze = FreezeList(r, units: units, prices: store.prices).byExchange.map { FreezeGroup(exchange: $0.exchange, entries: $0.entries) }
        endpointCount = r.endpoints.count
        endpoints = r.endpoints.prefix(maxEndpoints).map {
            Endpoint(chain: $0.chain, address: $0.address, category: $0.category, label: $0.label, asset: $0.asset, tainted: $0.taintedAmount,
                     display: units.display($0.taintedAmount, chain: $0.chain, asset: $0.asset), reason: $0.reason.rawValue, evidence: $0.evidence)
        }
        crossings = (r.crossings ?? []).map {
            Crossing(kind: $0.kind, chain: $0.chain, via: $0.via, viaLabel: $0.viaLabel,
                     entry: units.display($0.entryTainted, chain: $0.chain, asset: $0.entryAsset), exitChain: $0.exitChain,
                     exit: units.display($0.exitTainted, chain: $0.exitChain, asset: $0.exitAsset), evidence: $0.evidence, confidence: $0.confidence)
        }
        (graph, moreEdges) = Self.graph(r, units: units, store: store, maxEdges: maxEdges)
    }

    /// The flows added up per (chain, from, to, asset), the `maxEdges` with the largest share of their asset's
    /// stolen total, with their addresses: sources and endpoints marked.
    static func graph(_ r: TraceResult, units: AssetUnits, store: WorkbenchStore, maxEdges: Int) -> (ViewGraph, Int) {
        var edges: [String: ViewGraph.Edge] = [:]
        for f in r.flows {
            let key = [f.chain, f.from, f.to, f.asset].joined(separator: "\u{0}")
            var e = edges[key] ?? ViewGraph.Edge(chain: f.chain, from: f.from, to: f.to, asset: f.asset, symbol: units.symbol(chain: f.chain, asset: f.asset),
                                                 decimals: units.decimals(chain: f.chain, asset: f.asset), amount: "0", transfers: 0, tainted: "0")
            e.amount = ((Amount(e.amount) ?? .zero) + (Amount(f.amount) ?? .zero)).description
            e.tainted = ((Amount(e.tainted ?? "0") ?? .zero) + (Amount(Amount.wholePart(of: f.tainted)) ?? .zero)).description
            e.transfers += 1
            edges[key] = e
        }
        var created: [String: Double] = [:]
        for t in r.totals { created[t.chain + "\u{0}" + t.asset] = Amount(Amount.wholePart(of: t.created))?.doubleValue ?? 0 }
        func share(_ e: ViewGraph.Edge) -> Double {
            let c = created[e.chain + "\u{0}" + e.asset] ?? 0
            return c > 0 ? (Amount(e.tainted ?? "0")?.doubleValue ?? 0) / c : 0
        }
        let ranked = edges.values.sorted { (share($0), $0.from, $0.to) > (share($1), $1.from, $1.to) }
        let shown = Array(ranked.prefix(maxEdges))
        let sources = Set(r.sources.map { $0.chain + "\u{0}" + $0.id })
        let endpoints = Set(r.endpoints.map { $0.chain + "\u{0}" + $0.address })
        var nodes: [ViewGraph.Node] = []
        var seen = Set<String>()
        for e in shown {
            for address in [e.from, e.to] where seen.insert(e.chain + "\u{0}" + address).inserted {
                let c = store.card(e.chain, address)
                let key = e.chain + "\u{0}" + address
                nodes.append(ViewGraph.Node(chain: e.chain, address: address, label: c.label, category: c.category,
                                            role: sources.contains(key) ? "source" : endpoints.contains(key) ? "endpoint" : nil))
            }
        }
        return (ViewGraph(nodes: nodes, edges: shown), ranked.count - shown.count)
    }
}
