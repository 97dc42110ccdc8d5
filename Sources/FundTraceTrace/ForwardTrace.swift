import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint

extension Investigation {
    // MARK: Forward

    /// The exchange deposit addresses the case's funds fill: at least half of what each received (in the asset
    /// it was reached in) is tainted. Deposit addresses that took only a little taint (an innocent customer's,
    /// reached through haircut dust) do not vouch for anyone.
    func attributedDeposits(_ result: TraceResult, _ graph: TraceGraph, _ c: Context) throws -> Set<Int64> {
        var received: [String: Double] = [:]
        for n in result.nodes { received[n.chain + "|" + n.address + "|" + n.asset] = Double(n.taintedReceived) ?? 0 }
        var out = Set<Int64>()
        for (key, node) in graph.nodes where node.status == .stopped(.exchangeDeposit) {
            let code = c.assets[key.asset]?.code ?? ""
            guard let tainted = received[c.chain(of: key.asset) + "|" + (try c.text(key.address)) + "|" + code], tainted > 0 else { continue }
            var total = 0.0
            for r in try c.rows(of: key.address) where r.row.toID == key.address && r.row.assetID == key.asset { total += r.row.amount.doubleValue }
            if total > 0, tainted >= 0.5 * total { out.insert(key.address) }
        }
        return out
    }

    func forward(_ c: Context) throws -> TraceResult {
        let started = Date()
        var graph = TraceGraph()
        var marked: [OrderedTransferRow] = []
        let earlier: (UInt64, UInt64) -> Bool = { $0 < $1 }
        // Sources: address and whole_balance keys from their first block; marked transfers' recipients.
        try c.prefetch(Set(c.sources.address.keys).union(c.sources.wholeBalance.keys).sorted().map {
            (key: StoreKey(address: $0, asset: -1), hop: 0)
        })
        for (rules, isWhole) in [(c.sources.address, false), (c.sources.wholeBalance, true)] {
            for (address, rs) in rules.sorted(by: { $0.key < $1.key }) {
                for row in try c.rows(of: address) {
                    for r in rs where r.chainID == row.row.chainID && (r.assetID == nil || r.assetID == row.row.assetID) {
                        let key = StoreKey(address: address, asset: row.row.assetID)
                        let start = isWhole ? 0 : r.startBlock
                        if var n = graph.nodes[key] {
                            n.frontier = min(n.frontier, start); n.hop = 0; n.isSource = true; n.status = .pending
                            graph.nodes[key] = n
                        } else {
                            graph.nodes[key] = TraceGraph.Node(frontier: start, hop: 0, status: .pending, isSource: true)
                            graph.queue.append(key)
                        }
                    }
                }
            }
        }
        for (tx, _) in c.sources.transfers.sorted(by: { $0.key < $1.key }) {
            for row in try c.queries.transfers(inTransaction: tx) where c.sources.isMarked(row.row) && c.inWindow(row.row) {
                marked.append(row)
                graph.reach(StoreKey(address: row.row.toID, asset: row.row.assetID), frontier: row.row.block, hop: 1, improves: earlier)
            }
        }
        // Discovery, then deposit-address reuse for mixer deposits no heuristic linked, until it links nothing new.
        var processed = 0
        var unlinkedMixerDeposits: [Int64: OrderedTransferRow] = [:]
        func discover() throws {
        while let key = graph.next() {
            guard var node = graph.nodes[key] else { continue }
            if !c.hasRows(key.address) {
                let ahead = graph.pending.prefix(8192).compactMap { k in graph.nodes[k].flatMap { $0.status == .pending ? (key: k, hop: $0.hop) : nil } }
                try c.prefetch([(key: key, hop: node.hop)] + ahead)
            }
            if !node.isSource, node.status != .followed {
                if let (reason, label, evidence) = try c.stop(key, hop: node.hop) {
                    node.status = .stopped(reason); node.label = label; node.evidence = evidence
                    graph.nodes[key] = node
                    continue
                }
            }
            node.status = .followed
            if node.label == nil { node.label = c.labels.displayed(chain: c.chain(of: key.asset), address: try c.text(key.address)).first }
            graph.nodes[key] = node
            for r in try c.rows(of: key.address) {
                let t = r.row
                guard t.fromID == key.address, t.assetID == key.asset, t.block >= node.frontier, !t.amount.isZero, t.toID != key.address else { continue }
                graph.reach(StoreKey(address: t.toID, asset: t.assetID), frontier: t.block, hop: node.hop + 1,
                            small: t.amount < c.parameters.minValue, improves: earlier)
                if graph.nodes.count > c.parameters.maxAddresses {
                    throw TraceTooLarge(what: "(address, asset) keys", reached: graph.nodes.count, limit: c.parameters.maxAddresses, option: "--max-addresses")
                }
                if let x = try c.crossings.crossing(entering: r, c) {
                    graph.crossings[t.id] = x
                    graph.reach(StoreKey(address: x.exit.row.toID, asset: x.exit.row.assetID), frontier: x.exit.row.block,
                                hop: node.hop + 1, improves: earlier)
                } else if c.parameters.mixerMode == .link, c.crossings.mixers.isPool(t.toID, chainID: t.chainID) {
                    unlinkedMixerDeposits[t.id] = r
                }
            }
            processed += 1
            if processed % 250 == 0 { progress?("trace: \(processed) keys followed, \(graph.nodes.count) reached, \(c.transfersRead) transfers read") }
        }
        }
        // The sweep set: the complete history of every followed key, and the marked transfers.
        func sweep() throws -> TraceResult {
            var seen = Set<Int64>()
            var rows: [OrderedTransferRow] = []
            for r in marked where seen.insert(r.row.id).inserted { rows.append(r) }
            for x in graph.crossings.values where seen.insert(x.exit.row.id).inserted { rows.append(x.exit) }
            for (key, node) in graph.nodes where node.status == .followed {
                for r in try c.rows(of: key.address) where r.row.assetID == key.asset && seen.insert(r.row.id).inserted { rows.append(r) }
            }
            guard rows.count <= c.parameters.maxTransfers else {
                throw TraceTooLarge(what: "transfers to sweep", reached: rows.count, limit: c.parameters.maxTransfers, option: "--max-transfers")
            }
            rows = OrderedTransferRow.sortedInStoreOrder(rows)
            if graph.crossings.values.contains(where: { $0.entry.row.chainID != $0.exit.row.chainID }) { rows = try c.timeMerged(rows) }
            progress?("trace: sweeping \(rows.count) transfers")
            return try c.parameters.policy.run(SweepWork(c: c, graph: graph, rows: rows))
        }
        try discover()
        var discovered = Date()
        var result = try sweep()
        // Deposit-address reuse needs to know which deposit addresses the case's funds fill: sweep, link, and go on.
        for _ in 0..<4 where c.parameters.mixerMode == .link && !unlinkedMixerDeposits.isEmpty {
            let deposits = try attributedDeposits(result, graph, c)
            let pending = unlinkedMixerDeposits.values.filter { graph.crossings[$0.row.id] == nil }.sorted { $0.row.id < $1.row.id }
            let taken = Set(graph.crossings.values.map(\.exit.row.id))
            let found = try DepositReuseLinker().links(unlinked: pending, depositAddresses: deposits, taken: taken, c)
            if found.isEmpty { break }
            for x in found {
                graph.crossings[x.entry.row.id] = x
                let hop = graph.nodes[StoreKey(address: x.entry.row.fromID, asset: x.entry.row.assetID)]?.hop ?? 0
                graph.reach(StoreKey(address: x.exit.row.toID, asset: x.exit.row.assetID), frontier: x.exit.row.block,
                            hop: hop + 1, improves: earlier)
            }
            try discover()
            discovered = Date()
            result = try sweep()
        }
        result.statistics.discoverySeconds = discovered.timeIntervalSince(started)
        result.statistics.sweepSeconds = Date().timeIntervalSince(discovered)
        return result
    }
}

/// The sweep and the result built from it, under the trace's policy.
private struct SweepWork: AccountPolicyWork {
    let c: Investigation.Context
    let graph: TraceGraph
    let rows: [OrderedTransferRow]

    func run<P: AccountTaintPolicy>(_: P.Type) throws -> TraceResult {
        let sweep = TaintSweep<P>(sources: c.sources, graph: graph)
        sweep.run(rows, crossings: graph.crossings)
        return try TraceAssembly(sweep: sweep, c: c, graph: graph, swept: rows.count).result()
    }
}
