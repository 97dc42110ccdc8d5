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
        var crossedOut = Q.zero
        var crossedIn = Amount.zero
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
        // Crossings (docs/CROSSINGS.md): the entry leg reaches the service clean
        // and its taint, converted, goes on with the exit leg. A swap's legs
        // share a transaction and are swept together; a bridge's or mixer's
        // exit leg comes later and is swept in its place.
        var entriesOfExit: [Int64: [Int64]] = [:]
        for (entry, x) in graph.crossings { entriesOfExit[x.exit.row.id, default: []].append(entry) }
        var entered = Set<Int64>(), exited = Set<Int64>()
        // Per exit leg: the converted units waiting for it, its hop, and the crossings that feed it.
        var pending: [Int64: (units: Amount, hops: Int32, feeds: [(TraceGraph.Crossing, Q, Amount)])] = [:]
        var crossed: [(crossing: TraceGraph.Crossing, entryTainted: Q, exitTainted: Amount)] = []
        func enter(_ x: TraceGraph.Crossing) -> (units: Amount, hops: Int32, tainted: Q) {
            let g = x.entry.row
            let kf = sender(g), kp = key(g.toID, g)
            let hops = engine.record(kf).hops
            let out = engine.processCrossingEntry(.init(from: kf, to: kp, amount: g.amount, fee: g.fee))
            var a = tally[g.assetID] ?? Tally()
            if !out.feeTainted.isZero { a.feeSink = a.feeSink + out.feeTainted }
            if !out.carried.isZero { a.crossedOut = a.crossedOut + out.carried }
            tally[g.assetID] = a
            if !out.carried.isZero { flows.append((x.entry, out.carried, engine.record(kp).hops)) }
            var units = SwapConversion.convert(out.carried.floorAmount, from: g.amount, to: x.exit.row.amount)
            // A mixer link carries the taint scaled by its confidence; a bridge carries the payout's converted taint whole
            // (its confidence is reported beside it).
            if x.kind == .mixer && x.confidence < 1000 {
                units = units.multipliedReportingOverflow(by: UInt64(x.confidence)).partialValue.quotientAndRemainder(dividingBy: 1000).quotient
            }
            return (units, hops == .max ? hops : hops + 1, out.carried)
        }
        func exit(_ o: OrderedTransferRow, units: Amount, hops: Int32, feeds: [(TraceGraph.Crossing, Q, Amount)]) {
            let b = o.row
            let kq = key(b.fromID, b), kt = key(b.toID, b)
            let out = engine.processCrossingExit(.init(from: kq, to: kt, amount: b.amount, fee: b.fee), units: units, hops: hops)
            var y = tally[b.assetID] ?? Tally()
            if !out.feeTainted.isZero { y.feeSink = y.feeSink + out.feeTainted }
            // Converted in: what the recipient got beyond the service's own carried taint.
            let delivered = out.tainted.floorAmount, own = out.carried.floorAmount
            if own < delivered { y.crossedIn = y.crossedIn.saturatingAdd(delivered - own) }
            tally[b.assetID] = y
            if !out.tainted.isZero {
                flows.append((o, out.tainted, engine.record(kt).hops))
                if firstTainted[kt] == nil { firstTainted[kt] = b.txID }
                lastTainted[kt] = b.txID
            }
            for (x, entryTainted, u) in feeds where !entryTainted.isZero || !u.isZero { crossed.append((x, entryTainted, u)) }
        }
        for r in rows {
            let t = r.row
            if let x = graph.crossings[t.id], !c.sources.isMarked(t) {
                guard entered.insert(t.id).inserted else { continue }
                let e = enter(x)
                if x.kind == .swap {
                    exited.insert(x.exit.row.id)
                    exit(x.exit, units: e.units, hops: e.hops, feeds: [(x, e.tainted, e.units)])
                } else {
                    var p = pending[x.exit.row.id] ?? (.zero, .max, [])
                    p.units = p.units.saturatingAdd(e.units); p.hops = min(p.hops, e.hops); p.feeds.append((x, e.tainted, e.units))
                    pending[x.exit.row.id] = p
                }
                continue
            }
            if let entries = entriesOfExit[t.id] {
                if exited.contains(t.id) { continue }
                if let x = entries.compactMap({ graph.crossings[$0] }).first(where: { $0.kind == .swap }), !c.sources.isMarked(x.entry.row),
                   entered.insert(x.entry.row.id).inserted {
                    // The pool's leg came first in the transaction: sweep both now.
                    let e = enter(x)
                    exited.insert(t.id)
                    exit(r, units: e.units, hops: e.hops, feeds: [(x, e.tainted, e.units)])
                    continue
                }
                if let p = pending.removeValue(forKey: t.id) {
                    exited.insert(t.id)
                    exit(r, units: p.units, hops: p.hops, feeds: p.feeds)
                    continue
                }
                // An exit swept before its entry (no times to order chains by) is an ordinary transfer.
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
        for x in crossed {
            for t in [x.crossing.entry.row, x.crossing.exit.row] { addressIDs.insert(t.fromID); addressIDs.insert(t.toID); txIDs.insert(t.txID) }
        }
        for n in c.notMade { addressIDs.insert(n.entry.row.fromID); addressIDs.insert(n.entry.row.toID); txIDs.insert(n.entry.row.txID) }
        for v in firstTainted.values { txIDs.insert(v) }
        for v in lastTainted.values { txIDs.insert(v) }
        let texts = try c.reader.addressTexts(lookingUp: Array(addressIDs))
        let txs = try c.reader.transactionInfo(Array(txIDs))
        func assetCode(_ id: Int64) -> String { c.assets[id]?.code ?? "" }

        // Nodes: sources and every key that received taint.
        var nodes: [TraceNode] = []
        var endpoints: [TraceEndpoint] = []
        var atEndpoints: [Int64: Q] = [:]
        var accounts: [TraceSourceAccount] = []
        for (i, k) in keys.enumerated() where k.address >= 0 {
            let rec = engine.record(i)
            let node = graph.nodes[k]
            let received = engine.taintedReceived(i)
            let isSource = node?.isSource ?? false || rec.wholeBalanceSource || rec.hops == 0
            guard isSource || !received.isZero else { continue }
            let held = engine.held(i)
            let chain = c.chain(of: k.asset), address = texts[k.address] ?? ""
            let label = node?.label ?? c.labels.displayed(chain: chain, address: address).first
            var reason: EndpointReason?
            if case .stopped(let r)? = node?.status { reason = r }
            let role: NodeRole = isSource ? .source : (reason == nil ? .followed : .endpoint)
            nodes.append(TraceNode(chain: chain, address: address, asset: assetCode(k.asset), symbol: c.assets[k.asset]?.symbol,
                                   decimals: c.assets[k.asset]?.decimals, role: role, reason: reason,
                                   hop: rec.hops == .max ? node?.hop : Int(rec.hops), category: label?.category, label: label?.label,
                                   taintedReceived: received.decimalText, taintedSent: engine.taintedSent(i).decimalText,
                                   taintedHeld: held.decimalText, balance: engine.balance(i).description))
            if isSource { accounts.append(sourceAccount(engine, i, chain: chain, address: address, asset: assetCode(k.asset))) }
            guard !rec.wholeBalanceSource, !held.isZero else { continue }
            atEndpoints[k.asset] = (atEndpoints[k.asset] ?? .zero) + held
            let first = firstTainted[i].flatMap { txs[$0] }, last = lastTainted[i].flatMap { txs[$0] }
            endpoints.append(TraceEndpoint(chain: chain, address: address, category: label?.category.rawValue ?? "",
                                           label: label?.label ?? "", asset: assetCode(k.asset), taintedAmount: held.decimalText,
                                           firstTx: first?.hash ?? "", lastTx: last?.hash ?? "", firstTime: first?.timestamp,
                                           lastTime: last?.timestamp, reason: reason ?? .held,
                                           evidence: node?.evidence.isEmpty == false ? node!.evidence
                                               : (reason == nil ? "still held at the end of the window" : ""),
                                           labels: c.labels.displayed(chain: chain, address: address).map(\.summary)))
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
        for (asset, a) in tally where !a.created.isZero || !a.crossedIn.isZero || atEndpoints[asset] != nil {
            let held = atEndpoints[asset] ?? .zero
            let accounted = held + a.feeSink + a.returned + a.crossedOut
            var t = AssetTotals(chain: c.chain(of: asset), asset: assetCode(asset), symbol: c.assets[asset]?.symbol,
                                decimals: c.assets[asset]?.decimals, created: a.created.description,
                                atEndpoints: held.decimalText, feeSink: a.feeSink.decimalText, returnedToSources: a.returned.decimalText,
                                reconciled: P.policy.isConserving && Self.equal(accounted, Q(exact: a.created.saturatingAdd(a.crossedIn))))
            if !a.crossedOut.isZero { t.crossedOut = a.crossedOut.decimalText }
            if !a.crossedIn.isZero { t.crossedIn = a.crossedIn.description }
            totals.append(t)
        }
        totals.sort { ($0.chain, $0.asset) < ($1.chain, $1.asset) }
        var stats = TraceStatistics()
        stats.keysReached = graph.nodes.count
        stats.addressesFollowed = Set(graph.nodes.filter { $0.value.status == .followed }.map(\.key.address)).count
        stats.transfersRead = c.transfersRead
        stats.transfersSwept = rows.count
        stats.reentries = reentries
        var result = TraceResult(direction: .forward, parameters: c.parameters, sources: c.sourceList(), windows: c.windowList(),
                                 nodes: nodes, flows: flowList, endpoints: endpoints, totals: totals, statistics: stats)
        accounts.sort { ($0.chain, $0.address, $0.asset) < ($1.chain, $1.address, $1.asset) }
        result.sourceAccounts = accounts
        let warnings = accounts.compactMap(\.unknownBalanceWarning)
        if !warnings.isEmpty { result.warnings = warnings }
        if !c.notMade.isEmpty { result.crossingsNotMade = crossingNotes(texts: texts, hashes: txs.mapValues(\.hash)) }
        if !crossed.isEmpty {
            result.crossings = crossed.map { x in
                let g = x.crossing.entry.row, b = x.crossing.exit.row
                return TraceCrossing(kind: x.crossing.kind.rawValue, chain: c.chains[g.chainID] ?? "", txHash: txs[g.txID]?.hash ?? "",
                                     time: txs[g.txID]?.timestamp, from: texts[g.fromID] ?? "", via: texts[g.toID] ?? "",
                                     viaLabel: x.crossing.via, entryAsset: assetCode(g.assetID), entryAmount: g.amount.description,
                                     entryTainted: x.entryTainted.decimalText, exitChain: c.chains[b.chainID] ?? "",
                                     exitTxHash: txs[b.txID]?.hash ?? "", exitTime: txs[b.txID]?.timestamp, to: texts[b.toID] ?? "",
                                     exitAsset: assetCode(b.assetID), exitAmount: b.amount.description, exitTainted: x.exitTainted.description,
                                     evidence: x.crossing.evidence, confidence: Double(x.crossing.confidence) / 1000)
            }
        }
        return result
    }

    /// The crossings discovery considered and did not make, named.
    func crossingNotes(texts: [Int64: String], hashes: [Int64: String]) -> [TraceCrossingNote] {
        c.notMade.map { n in
            let t = n.entry.row
            return TraceCrossingNote(kind: n.kind.rawValue, chain: c.chains[t.chainID] ?? "", txHash: hashes[t.txID] ?? "",
                                     from: texts[t.fromID] ?? "", via: texts[t.toID] ?? "", asset: c.assets[t.assetID]?.code ?? "",
                                     amount: t.amount.description, reason: n.reason)
        }
    }

    /// What source key `i` sent and how much of it the sweep attributed.
    func sourceAccount(_ engine: AccountTaintEngine<P>, _ i: Int, chain: String, address: String, asset: String) -> TraceSourceAccount {
        let whole = engine.record(i).wholeBalanceSource
        let sent = engine.sent(i)
        let attributed = whole ? sent : min(sent, engine.taintedSent(i).floorAmount)
        return TraceSourceAccount(chain: chain, address: address, asset: asset, role: whole ? "perpetrator" : "address",
                                  sent: sent.description, attributed: attributed.description,
                                  unattributed: (sent - attributed).description, unknownPriorBalance: engine.injected(i).description)
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
