import FundTraceModel
import FundTraceStore
import FundTraceTaint

/// A finished ``TaintSweep`` as a trace result: names looked up once for everything it mentions, then nodes
/// (sources and every key that received taint), endpoints (what is held, and why the trace stopped there),
/// flows, per-asset totals that reconcile, source accounts, and the crossings made and not made.
struct TraceAssembly<P: AccountTaintPolicy> {
    typealias Q = P.Quantity
    let sweep: TaintSweep<P>
    let c: Investigation.Context
    let graph: TraceGraph
    let swept: Int

    /// Address texts and transaction hashes and times of everything the result names.
    struct Names {
        var texts: [Int64: String]
        var txs: [Int64: (hash: String, timestamp: Int64?)]
    }

    func names() throws -> Names {
        var addressIDs = Set<Int64>(), txIDs = Set<Int64>()
        func add(_ t: TransferRow) { addressIDs.insert(t.fromID); addressIDs.insert(t.toID); txIDs.insert(t.txID) }
        for f in sweep.flows { add(f.row.row) }
        for (k, _) in graph.nodes { addressIDs.insert(k.address) }
        for x in sweep.crossed { add(x.crossing.entry.row); add(x.crossing.exit.row) }
        for n in c.notMade { add(n.entry.row) }
        txIDs.formUnion(sweep.firstTainted.values)
        txIDs.formUnion(sweep.lastTainted.values)
        return Names(texts: try c.reader.addressTexts(lookingUp: Array(addressIDs)), txs: try c.reader.transactionInfo(Array(txIDs)))
    }

    func assetCode(_ id: Int64) -> String { c.assets[id]?.code ?? "" }

    func result() throws -> TraceResult {
        let n = try names()
        let (nodes, endpoints, accounts, atEndpoints) = nodesAndEndpoints(n)
        var stats = TraceStatistics()
        stats.keysReached = graph.nodes.count
        stats.addressesFollowed = Set(graph.nodes.filter { $0.value.status == .followed }.map(\.key.address)).count
        stats.transfersRead = c.transfersRead
        stats.transfersSwept = swept
        stats.reentries = sweep.keys.reentries
        var result = TraceResult(direction: .forward, parameters: c.parameters, sources: c.sourceList(), windows: c.windowList(),
                                 nodes: nodes, flows: flows(n), endpoints: endpoints, totals: totals(atEndpoints), statistics: stats)
        result.sourceAccounts = accounts
        let warnings = accounts.compactMap(\.unknownBalanceWarning)
        if !warnings.isEmpty { result.warnings = warnings }
        if !c.notMade.isEmpty { result.crossingsNotMade = crossingNotes(n) }
        if !sweep.crossed.isEmpty { result.crossings = crossings(n) }
        return result
    }

    /// Nodes, endpoints and source accounts, sorted; and the taint held at endpoints per asset.
    func nodesAndEndpoints(_ n: Names) -> ([TraceNode], [TraceEndpoint], [TraceSourceAccount], [Int64: Q]) {
        let engine = sweep.engine
        var nodes: [TraceNode] = [], endpoints: [TraceEndpoint] = [], accounts: [TraceSourceAccount] = []
        var atEndpoints: [Int64: Q] = [:]
        for (i, k) in sweep.keys.keys.enumerated() where k.address >= 0 {
            let rec = engine.record(i)
            let node = graph.nodes[k]
            let received = engine.taintedReceived(i)
            let isSource = node?.isSource ?? false || rec.wholeBalanceSource || rec.hops == 0
            guard isSource || !received.isZero else { continue }
            let held = engine.held(i)
            let chain = c.chain(of: k.asset), address = n.texts[k.address] ?? ""
            let label = node?.label ?? c.labels.displayed(chain: chain, address: address).first
            var reason: EndpointReason?
            if case .stopped(let r)? = node?.status { reason = r }
            let role: NodeRole = isSource ? .source : (reason == nil ? .followed : .endpoint)
            nodes.append(TraceNode(chain: chain, address: address, asset: assetCode(k.asset), symbol: c.assets[k.asset]?.symbol,
                                   decimals: c.assets[k.asset]?.decimals, role: role, reason: reason,
                                   hop: rec.hops == .max ? node?.hop : Int(rec.hops), category: label?.category, label: label?.label,
                                   taintedReceived: received.decimalText, taintedSent: engine.taintedSent(i).decimalText,
                                   taintedHeld: held.decimalText, balance: engine.balance(i).description))
            if isSource { accounts.append(sourceAccount(i, chain: chain, address: address, asset: assetCode(k.asset))) }
            guard !rec.wholeBalanceSource, !held.isZero else { continue }
            atEndpoints[k.asset] = (atEndpoints[k.asset] ?? .zero) + held
            let first = sweep.firstTainted[i].flatMap { n.txs[$0] }, last = sweep.lastTainted[i].flatMap { n.txs[$0] }
            endpoints.append(TraceEndpoint(chain: chain, address: address, category: label?.category.rawValue ?? "",
                                           label: label?.label ?? "", asset: assetCode(k.asset), taintedAmount: held.decimalText,
                                           firstTx: first?.hash ?? "", lastTx: last?.hash ?? "", firstTime: first?.timestamp,
                                           lastTime: last?.timestamp, reason: reason ?? .held,
                                           evidence: node?.evidence.isEmpty == false ? node!.evidence
                                               : (reason == nil ? "still held at the end of the window" : ""),
                                           labels: c.labels.displayed(chain: chain, address: address).map(\.summary)))
        }
        nodes.sort { ($0.chain, $0.asset, $0.hop ?? .max, $0.address) < ($1.chain, $1.asset, $1.hop ?? .max, $1.address) }
        endpoints.sort(by: TraceEndpoint.biggestFirst)
        accounts.sort { ($0.chain, $0.address, $0.asset) < ($1.chain, $1.address, $1.asset) }
        return (nodes, endpoints, accounts, atEndpoints)
    }

    func flows(_ n: Names) -> [TraceFlow] {
        sweep.flows.map { f in
            let t = f.row.row
            return TraceFlow(chain: c.chains[t.chainID] ?? "", txHash: n.txs[t.txID]?.hash ?? "", block: t.block, time: n.txs[t.txID]?.timestamp ?? nil,
                             logIndex: t.logIndex, kind: t.kind.description, from: n.texts[t.fromID] ?? "", to: n.texts[t.toID] ?? "",
                             asset: assetCode(t.assetID), amount: t.amount.description, tainted: f.tainted.decimalText,
                             hop: f.hop == .max ? nil : Int(f.hop))
        }
    }

    /// Per asset: created (and crossed in) against held, fees, returned and crossed out.
    func totals(_ atEndpoints: [Int64: Q]) -> [AssetTotals] {
        var totals: [AssetTotals] = []
        for (asset, a) in sweep.tally.assets where !a.created.isZero || !a.crossedIn.isZero || atEndpoints[asset] != nil {
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
        return totals.sorted { ($0.chain, $0.asset) < ($1.chain, $1.asset) }
    }

    func crossings(_ n: Names) -> [TraceCrossing] {
        sweep.crossed.map { x in
            let g = x.crossing.entry.row, b = x.crossing.exit.row
            return TraceCrossing(kind: x.crossing.kind.rawValue, chain: c.chains[g.chainID] ?? "", txHash: n.txs[g.txID]?.hash ?? "",
                                 time: n.txs[g.txID]?.timestamp ?? nil, from: n.texts[g.fromID] ?? "", via: n.texts[g.toID] ?? "",
                                 viaLabel: x.crossing.via, entryAsset: assetCode(g.assetID), entryAmount: g.amount.description,
                                 entryTainted: x.entryTainted.decimalText, exitChain: c.chains[b.chainID] ?? "",
                                 exitTxHash: n.txs[b.txID]?.hash ?? "", exitTime: n.txs[b.txID]?.timestamp ?? nil, to: n.texts[b.toID] ?? "",
                                 exitAsset: assetCode(b.assetID), exitAmount: b.amount.description, exitTainted: x.exitTainted.description,
                                 evidence: x.crossing.evidence, confidence: Double(x.crossing.confidence) / 1000)
        }
    }

    /// The crossings discovery considered and did not make, named.
    func crossingNotes(_ n: Names) -> [TraceCrossingNote] {
        c.notMade.map { m in
            let t = m.entry.row
            return TraceCrossingNote(kind: m.kind.rawValue, chain: c.chains[t.chainID] ?? "", txHash: n.txs[t.txID]?.hash ?? "",
                                     from: n.texts[t.fromID] ?? "", via: n.texts[t.toID] ?? "", asset: assetCode(t.assetID),
                                     amount: t.amount.description, reason: m.reason)
        }
    }

    /// What source key `i` sent and how much of it the sweep attributed.
    func sourceAccount(_ i: Int, chain: String, address: String, asset: String) -> TraceSourceAccount {
        let engine = sweep.engine
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

extension TraceEndpoint {
    /// Per chain and asset, the biggest amounts first (exact, else haircut's decimals), then by address.
    static func biggestFirst(_ a: TraceEndpoint, _ b: TraceEndpoint) -> Bool {
        if (a.chain, a.asset) != (b.chain, b.asset) { return (a.chain, a.asset) < (b.chain, b.asset) }
        let x = Amount(a.taintedAmount), y = Amount(b.taintedAmount)
        if let x, let y, x != y { return x > y }
        if x == nil || y == nil, let dx = Double(a.taintedAmount), let dy = Double(b.taintedAmount), dx != dy { return dx > dy }
        return a.address < b.address
    }
}
