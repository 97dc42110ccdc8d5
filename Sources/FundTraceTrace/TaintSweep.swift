import FundTraceModel
import FundTraceStore
import FundTraceTaint

/// The taint engine's sweep over an investigation's transfers, and the trace
/// result built from it: tainted flows, per-key figures, endpoints and
/// per-asset totals that reconcile.
struct TaintSweep<P: AccountTaintPolicy> {
    typealias Q = P.Quantity
    let c: Investigation.Context
    let graph: TraceGraph
    let rows: [OrderedTransferRow]

    init(_ c: Investigation.Context, _ graph: TraceGraph, _ rows: [OrderedTransferRow]) {
        self.c = c; self.graph = graph; self.rows = rows
    }

    struct Tally {
        var created = Amount.zero
        var feeSink = Q.zero
        var returned = Q.zero
        var swappedOut = Q.zero
        var swappedIn = Amount.zero
    }

    func result() throws -> TraceResult {
        let engine = AccountTaintEngine<P>()
        var index: [StoreKey: Int] = [:]
        var keys: [StoreKey] = []
        func key(_ address: Int64, _ t: TransferRow) -> Int {
            let k = StoreKey(address: address, asset: t.assetID)
            if let i = index[k] { return i }
            let i = keys.count
            keys.append(k); index[k] = i
            engine.addKey(i, isWholeBalanceSource: c.sources.matches(c.sources.wholeBalance, address: address, chainID: t.chainID, assetID: t.assetID),
                          isSource: c.sources.matches(c.sources.address, address: address, chainID: t.chainID, assetID: t.assetID))
            return i
        }
        var flows: [(row: OrderedTransferRow, tainted: Q, hop: Int32)] = []
        var tally: [Int64: Tally] = [:]
        var firstTainted: [Int: Int64] = [:], lastTainted: [Int: Int64] = [:]
        var reentries = 0
        // What an endpoint pays back into a followed address (an exchange
        // withdrawal, a mixer payout) comes from outside the trace: it is
        // swept as clean funds from a stand-in key, and the endpoint keeps the
        // taint it received. (Mixer links are a separate, explicit step.)
        var outside: [StoreKey: Int] = [:]
        func sender(_ t: TransferRow) -> Int {
            let k = StoreKey(address: t.fromID, asset: t.assetID)
            guard let n = graph.nodes[k], !n.isSource, case .stopped = n.status, t.block >= n.frontier, !t.amount.isZero else {
                return key(t.fromID, t)
            }
            reentries += 1
            if let i = outside[k] { return i }
            let i = keys.count
            keys.append(StoreKey(address: -1, asset: t.assetID)); outside[k] = i
            engine.addKey(i)
            return i
        }
        // Swaps: both legs are processed together, at whichever comes first.
        var giveOfTake: [Int64: Int64] = [:]
        for (give, s) in graph.swaps { giveOfTake[s.take.row.id] = give }
        var swapsDone = Set<Int64>()
        var swaps: [(swap: TraceGraph.Swap, gave: Q, got: Amount)] = []
        for r in rows {
            let t = r.row
            if let giveID = graph.swaps[t.id] != nil ? t.id : giveOfTake[t.id], let s = graph.swaps[giveID],
               !c.sources.isMarked(s.give.row) {
                guard swapsDone.insert(giveID).inserted else { continue }
                let g = s.give.row, b = s.take.row
                let kf = sender(g), kp = key(g.toID, g), kq = key(b.fromID, b), kt = key(b.toID, b)
                let out = engine.processSwap(give: .init(from: kf, to: kp, amount: g.amount, fee: g.fee),
                                             take: .init(from: kq, to: kt, amount: b.amount, fee: b.fee))
                var a = tally[g.assetID] ?? Tally()
                if !out.give.feeTainted.isZero { a.feeSink = a.feeSink + out.give.feeTainted }
                if !out.give.carried.isZero { a.swappedOut = a.swappedOut + out.give.carried }
                tally[g.assetID] = a
                var y = tally[b.assetID] ?? Tally()
                if !out.take.feeTainted.isZero { y.feeSink = y.feeSink + out.take.feeTainted }
                y.swappedIn = y.swappedIn.saturatingAdd(out.converted)
                tally[b.assetID] = y
                if !out.give.carried.isZero { flows.append((s.give, out.give.carried, engine.record(kf).hops)) }
                if !out.take.tainted.isZero {
                    flows.append((s.take, out.take.tainted, engine.record(kt).hops))
                    if firstTainted[kt] == nil { firstTainted[kt] = b.txID }
                    lastTainted[kt] = b.txID
                }
                if !out.give.carried.isZero || !out.take.tainted.isZero { swaps.append((s, out.give.carried, out.converted)) }
                continue
            }
            let kf = sender(t), kr = key(t.toID, t)
            let wholeSender = engine.record(kf).wholeBalanceSource
            let out = engine.process(from: kf, to: kr, amount: t.amount, fee: t.fee, marked: c.sources.isMarked(t))
            var a = tally[t.assetID] ?? Tally()
            if out.marked { a.created = a.created.saturatingAdd(t.amount) }
            if wholeSender { a.created = a.created.saturatingAdd(t.amount.saturatingAdd(t.fee)) }
            if !out.feeTainted.isZero { a.feeSink = a.feeSink + out.feeTainted }
            if out.marked && !out.carried.isZero { a.returned = a.returned + out.carried }
            if out.absorbed && !out.carried.isZero { a.returned = a.returned + out.carried }
            tally[t.assetID] = a
            if !out.tainted.isZero {
                flows.append((r, out.tainted, engine.record(kr).hops))
                if firstTainted[kr] == nil { firstTainted[kr] = t.txID }
                lastTainted[kr] = t.txID
            }
        }
        // Names of everything the result mentions.
        var addressIDs = Set<Int64>(), txIDs = Set<Int64>()
        for f in flows { addressIDs.insert(f.row.row.fromID); addressIDs.insert(f.row.row.toID); txIDs.insert(f.row.row.txID) }
        for (k, _) in graph.nodes { addressIDs.insert(k.address) }
        for v in firstTainted.values { txIDs.insert(v) }
        for v in lastTainted.values { txIDs.insert(v) }
        let texts = try c.reader.addressTexts(lookingUp: Array(addressIDs))
        let txs = try c.reader.transactionInfo(Array(txIDs))
        func assetCode(_ id: Int64) -> String { c.assets[id]?.code ?? "" }

        // Nodes: sources and every key that received taint.
        var nodes: [TraceNode] = []
        var endpoints: [TraceEndpoint] = []
        var atEndpoints: [Int64: Q] = [:]
        for (i, k) in keys.enumerated() where k.address >= 0 {
            let rec = engine.record(i)
            let node = graph.nodes[k]
            let received = engine.taintedReceived(i)
            let isSource = node?.isSource ?? false || rec.wholeBalanceSource || rec.hops == 0
            guard isSource || !received.isZero else { continue }
            let held = engine.held(i)
            let chain = c.chain(of: k.asset), address = texts[k.address] ?? ""
            let label = node?.label ?? c.labels.primary(chain: chain, address: address)
            var reason: EndpointReason?
            if case .stopped(let r)? = node?.status { reason = r }
            let role: NodeRole = isSource ? .source : (reason == nil ? .followed : .endpoint)
            nodes.append(TraceNode(chain: chain, address: address, asset: assetCode(k.asset), symbol: c.assets[k.asset]?.symbol,
                                   decimals: c.assets[k.asset]?.decimals, role: role, reason: reason,
                                   hop: rec.hops == .max ? node?.hop : Int(rec.hops), category: label?.category, label: label?.label,
                                   taintedReceived: received.decimalText, taintedSent: engine.taintedSent(i).decimalText,
                                   taintedHeld: held.decimalText, balance: engine.balance(i).description))
            guard !rec.wholeBalanceSource, !held.isZero else { continue }
            atEndpoints[k.asset] = (atEndpoints[k.asset] ?? .zero) + held
            let first = firstTainted[i].flatMap { txs[$0] }, last = lastTainted[i].flatMap { txs[$0] }
            endpoints.append(TraceEndpoint(chain: chain, address: address, category: label?.category.rawValue ?? "",
                                           label: label?.label ?? "", asset: assetCode(k.asset), taintedAmount: held.decimalText,
                                           firstTx: first?.hash ?? "", lastTx: last?.hash ?? "", firstTime: first?.timestamp,
                                           lastTime: last?.timestamp, reason: reason ?? .held,
                                           evidence: node?.evidence.isEmpty == false ? node!.evidence
                                               : (reason == nil ? "still held at the end of the window" : "")))
        }
        nodes.sort { ($0.chain, $0.asset, $0.hop ?? .max, $0.address) < ($1.chain, $1.asset, $1.hop ?? .max, $1.address) }
        endpoints.sort { a, b in
            if (a.chain, a.asset) != (b.chain, b.asset) { return (a.chain, a.asset) < (b.chain, b.asset) }
            let x = Amount(a.taintedAmount), y = Amount(b.taintedAmount)
            if let x, let y, x != y { return x > y }
            if x == nil || y == nil, let dx = Double(a.taintedAmount), let dy = Double(b.taintedAmount), dx != dy { return dx > dy }
            return a.address < b.address
        }
        let flowList = flows.map { f -> TraceFlow in
            let t = f.row.row
            return TraceFlow(chain: c.chains[t.chainID] ?? "", txHash: txs[t.txID]?.hash ?? "", block: t.block, time: txs[t.txID]?.timestamp,
                             logIndex: t.logIndex, kind: t.kind.description, from: texts[t.fromID] ?? "", to: texts[t.toID] ?? "",
                             asset: assetCode(t.assetID), amount: t.amount.description, tainted: f.tainted.decimalText,
                             hop: f.hop == .max ? nil : Int(f.hop))
        }
        var totals: [AssetTotals] = []
        for (asset, a) in tally where !a.created.isZero || !a.swappedIn.isZero || atEndpoints[asset] != nil {
            let held = atEndpoints[asset] ?? .zero
            let accounted = held + a.feeSink + a.returned + a.swappedOut
            var t = AssetTotals(chain: c.chain(of: asset), asset: assetCode(asset), symbol: c.assets[asset]?.symbol,
                                decimals: c.assets[asset]?.decimals, created: a.created.description,
                                atEndpoints: held.decimalText, feeSink: a.feeSink.decimalText, returnedToSources: a.returned.decimalText,
                                reconciled: P.policy.isConserving && Self.equal(accounted, Q(exact: a.created.saturatingAdd(a.swappedIn))))
            if !a.swappedOut.isZero { t.swappedOut = a.swappedOut.decimalText }
            if !a.swappedIn.isZero { t.swappedIn = a.swappedIn.description }
            totals.append(t)
        }
        totals.sort { ($0.chain, $0.asset) < ($1.chain, $1.asset) }
        var stats = TraceStatistics()
        stats.keysReached = graph.nodes.count
        stats.addressesFollowed = Set(graph.nodes.filter { $0.value.status == .followed }.map(\.key.address)).count
        stats.transfersRead = c.transfersRead
        stats.transfersSwept = rows.count
        stats.reentries = reentries
        stats.unresolvedSources = c.sources.unresolved
        var result = TraceResult(direction: .forward, parameters: c.parameters, sources: c.sourceList(), windows: c.windowList(),
                                 nodes: nodes, flows: flowList, endpoints: endpoints, totals: totals, statistics: stats)
        if !swaps.isEmpty {
            result.swaps = swaps.map { s in
                let g = s.swap.give.row, b = s.swap.take.row
                return TraceSwap(chain: c.chains[g.chainID] ?? "", txHash: txs[g.txID]?.hash ?? "", time: txs[g.txID]?.timestamp,
                                 trader: texts[g.fromID] ?? "", pool: texts[g.toID] ?? "", poolLabel: s.swap.poolLabel,
                                 gaveAsset: assetCode(g.assetID), gaveAmount: g.amount.description, gaveTainted: s.gave.decimalText,
                                 gotAsset: assetCode(b.assetID), gotAmount: b.amount.description, gotTainted: s.got.description)
            }
        }
        return result
    }

    /// Exact equality for integer policies; the contract's tolerance
    /// `1e-9·max(1, created)` for floating-point haircut values.
    static func equal(_ a: Q, _ b: Q) -> Bool {
        if a == b { return true }
        if let x = a as? HaircutAmount, let y = b as? HaircutAmount, x.exact == nil || y.exact == nil {
            return abs(x.approximate - y.approximate) <= 1e-9 * max(1, y.approximate)
        }
        return false
    }
}
