import FundTraceModel
import FundTraceStore

/// The backward direction of an investigation: where the funds of the given
/// addresses came from (gas funders, exchange withdrawals, earlier thefts).
///
/// Breadth-first over incoming transfers that arrived before the funds left:
/// an address reached at block `b` is expanded through the transfers it
/// received at or before `b`. It stops at labelled services in the stop
/// categories, the hop limit and hot wallets. Amounts are transferred value,
/// not taint: attribution has no policy. Endpoint amounts are what each
/// endpoint sent into the traced graph; `incomplete` marks origins whose
/// earlier funding lies outside the window.
enum FundingTrace {
    static func run(_ c: Investigation.Context) throws -> TraceResult {
        var graph = TraceGraph()
        let later: (UInt64, UInt64) -> Bool = { $0 > $1 }
        let end = UInt64(Int64.max)
        // Addresses are followed across all their assets: key asset -1; the chain comes from the transfers.
        func key(_ a: Int64) -> StoreKey { StoreKey(address: a, asset: -1) }
        for a in Set(c.sources.address.keys).union(c.sources.wholeBalance.keys).sorted() {
            graph.nodes[key(a)] = TraceGraph.Node(frontier: end, hop: 0, status: .pending, isSource: true)
            graph.queue.append(key(a))
        }
        for tx in c.sources.transfers.keys.sorted() {
            for r in try c.queries.transfers(inTransaction: tx) where c.sources.isMarked(r.row) {
                graph.reach(key(r.row.fromID), frontier: r.row.block, hop: 0, improves: later)
                graph.nodes[key(r.row.fromID)]?.isSource = true
            }
        }
        var followed: [Int64: (row: OrderedTransferRow, hop: Int)] = [:]
        var reachedBy: [Int64: TransferRow] = [:]
        while let k = graph.next() {
            guard var node = graph.nodes[k] else { continue }
            if !node.isSource, node.status != .followed, let via = reachedBy[k.address] {
                if let (reason, label, evidence) = try c.stop(StoreKey(address: k.address, asset: via.assetID), hop: node.hop) {
                    node.status = .stopped(reason); node.label = label; node.evidence = evidence
                    graph.nodes[k] = node
                    continue
                }
            }
            node.status = .followed
            graph.nodes[k] = node
            for r in try c.rows(of: k.address) {
                let t = r.row
                guard t.toID == k.address, t.fromID != k.address, t.block <= node.frontier, !t.amount.isZero else { continue }
                let small = t.amount < c.parameters.minValue
                if !small { followed[t.id] = (r, node.hop + 1) }
                if reachedBy[t.fromID] == nil { reachedBy[t.fromID] = t }
                graph.reach(key(t.fromID), frontier: t.block, hop: node.hop + 1, small: small, improves: later)
            }
        }
        let flows = OrderedTransferRow.sortedInStoreOrder(followed.values.map(\.row)).map { (row: $0, hop: followed[$0.row.id]!.hop) }
        var ids = Set(graph.nodes.keys.map(\.address)), txIDs = Set<Int64>()
        for f in flows { ids.insert(f.row.row.fromID); txIDs.insert(f.row.row.txID) }
        let texts = try c.reader.addressTexts(lookingUp: Array(ids))
        let txs = try c.reader.transactionInfo(Array(txIDs))
        // Per (address, asset): value received and sent along followed transfers, first and last transfer out.
        struct Sums { var received = Amount.zero; var sent = Amount.zero; var firstOut: Int64?; var lastOut: Int64? }
        var sums: [StoreKey: Sums] = [:]
        for f in flows {
            let t = f.row.row
            var s = sums[StoreKey(address: t.fromID, asset: t.assetID)] ?? Sums()
            s.sent = s.sent.saturatingAdd(t.amount)
            if s.firstOut == nil { s.firstOut = t.txID }
            s.lastOut = t.txID
            sums[StoreKey(address: t.fromID, asset: t.assetID)] = s
            var r = sums[StoreKey(address: t.toID, asset: t.assetID)] ?? Sums()
            r.received = r.received.saturatingAdd(t.amount)
            sums[StoreKey(address: t.toID, asset: t.assetID)] = r
        }
        var nodes: [TraceNode] = [], endpoints: [TraceEndpoint] = []
        for (k, s) in sums {
            let n = graph.nodes[key(k.address)]
            let chain = c.chain(of: k.asset), address = texts[k.address] ?? ""
            let label = n?.label ?? c.labels.primary(chain: chain, address: address)
            var reason: EndpointReason?
            if case .stopped(let r)? = n?.status { reason = r }
            // A followed address none of whose funding was followed further is an origin of the window.
            let isOrigin = reason == nil && !(n?.isSource ?? false) && s.received.isZero
            if isOrigin { reason = .incomplete }
            nodes.append(TraceNode(chain: chain, address: address, asset: c.assets[k.asset]?.code ?? "", symbol: c.assets[k.asset]?.symbol,
                                   decimals: c.assets[k.asset]?.decimals, role: n?.isSource == true ? .source : (reason == nil ? .followed : .endpoint),
                                   reason: reason, hop: n?.hop, category: label?.category, label: label?.label,
                                   taintedReceived: s.received.description, taintedSent: s.sent.description, taintedHeld: "", balance: ""))
            guard let reason, !s.sent.isZero else { continue }
            let first = s.firstOut.flatMap { txs[$0] }, last = s.lastOut.flatMap { txs[$0] }
            endpoints.append(TraceEndpoint(chain: chain, address: address, category: label?.category.rawValue ?? "", label: label?.label ?? "",
                                           asset: c.assets[k.asset]?.code ?? "", taintedAmount: s.sent.description,
                                           firstTx: first?.hash ?? "", lastTx: last?.hash ?? "", firstTime: first?.timestamp, lastTime: last?.timestamp,
                                           reason: reason,
                                           evidence: isOrigin ? "no earlier funding in the window" : (n?.evidence ?? "")))
        }
        nodes.sort { ($0.chain, $0.asset, $0.hop ?? .max, $0.address) < ($1.chain, $1.asset, $1.hop ?? .max, $1.address) }
        endpoints.sort { ($0.chain, $0.asset, $0.address) < ($1.chain, $1.asset, $1.address) }
        let flowList = flows.map { f -> TraceFlow in
            let t = f.row.row
            return TraceFlow(chain: c.chains[t.chainID] ?? "", txHash: txs[t.txID]?.hash ?? "", block: t.block, time: txs[t.txID]?.timestamp,
                             logIndex: t.logIndex, kind: t.kind.description, from: texts[t.fromID] ?? "", to: texts[t.toID] ?? "",
                             asset: c.assets[t.assetID]?.code ?? "", amount: t.amount.description, tainted: t.amount.description, hop: f.hop)
        }
        var stats = TraceStatistics()
        stats.keysReached = graph.nodes.count
        stats.addressesFollowed = graph.nodes.values.filter { $0.status == .followed }.count
        stats.transfersRead = c.transfersRead
        stats.transfersSwept = flows.count
        return TraceResult(direction: .backward, parameters: c.parameters, sources: c.sourceList(), windows: c.windowList(),
                           nodes: nodes, flows: flowList, endpoints: endpoints, totals: [], statistics: stats)
    }
}
