import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTaintAdapters

/// A forward trace on a UTXO chain (bitcoin and its kin), under the taint
/// contract's UTXO model (§4): from `outpoint` and `address` sources, every
/// transaction spending a followed output, in block order, through the UTXO
/// taint engine.
///
/// It stops at outputs paying a labelled address in a stop category, at the
/// hop limit, and at CoinJoins by the mixer mode: `stop` — the CoinJoin's
/// outputs are endpoints (`reason=mixer`); `pool` — followed like any
/// transaction, the taint spread over them as the policy says; `link` — only
/// the change output of a tainted participant (the one output worth that
/// participant's inputs less the common value, within 1 %) is followed, the
/// mixed outputs stop.
enum UTXOTrace {
    struct Stop { var reason: EndpointReason; var label: AddressLabel?; var evidence: String }

    static func run(_ c: Investigation.Context, chainID: Int64) throws -> TraceResult {
        let chain = c.chains[chainID] ?? ""
        let p = c.parameters
        let asset = ChainInfo.named(chain).nativeSymbol
        let window = c.window.windows[chainID] ?? 0...UInt64(Int64.max)
        let detector = CoinJoinDetector()

        // Sources.
        var markedOutpoints = Set<String>()  // "hash:n"
        var markedAddresses: [String: UInt64] = [:]  // address → start block
        // Perpetrators (whole_balance): what they spend from outputs before the data is stolen too.
        var perpetrators = Set<String>()
        var start = Set<Int64>()
        for r in c.spec.rules where r.chain == chain {
            switch r.kind {
            case .address, .wholeBalance:
                guard let id = try c.reader.addressID(r.id) else { continue }  // reported from ResolvedSources
                let from = r.kind == .wholeBalance ? 0 : r.startBlock ?? 0
                markedAddresses[r.id] = min(markedAddresses[r.id] ?? .max, from)
                start.formUnion(try c.reader.utxoTransactions(paying: id, chainID: chainID, fromBlock: from))
                if r.kind == .wholeBalance {
                    perpetrators.insert(r.id)
                    start.formUnion(try c.reader.utxoTransactions(spendingUnstoredFrom: id, chainID: chainID, fromBlock: 0))
                }
            case .outpoint:
                guard let (hash, index) = r.hashAndIndex, let tx = try c.reader.transactionID(chainID: chainID, hash: String(hash)) else {
                    continue  // reported from ResolvedSources
                }
                markedOutpoints.insert(r.id)
                start.insert(tx)
                // An output the store does not hold is traced from the transaction spending it.
                if let n = Int(index) {
                    start.formUnion(try c.reader.utxoSpenders(of: tx).filter { $0.n == n }.map(\.tx))
                }
            default: continue
            }
        }

        // Discovery: the transactions spending followed outputs.
        var txs: [Int64: (tx: UTXOTransaction, hop: Int)] = [:]
        var stops: [String: Stop] = [:]  // "hash:n" of outputs not followed
        var queue = start.sorted().map { ($0, 0) }
        var head = 0
        var read = 0
        while head < queue.count {
            let (id, hop) = queue[head]
            head += 1
            guard txs[id] == nil, let tx = try c.reader.utxoTransaction(id: id, chain: chain), window.contains(tx.block) else { continue }
            read += tx.inputs.count + tx.outputs.count
            txs[id] = (tx, hop)
            var follow = Set(tx.outputs.map(\.index))
            if let cj = detector.examine(tx), p.mixerMode != .pool {
                let label = AddressLabel(chain: chain, address: tx.txHash, label: "CoinJoin (\(cj.participants) participants, \(cj.equalOutputs) × \(cj.denomination))",
                                         category: .mixer, source: "fundtrace CoinJoin detection")
                follow = p.mixerMode == .link ? changeOutputs(of: tx, denomination: cj.denomination, reached: txs) : []
                for o in tx.outputs where !follow.contains(o.index) {
                    stops["\(tx.txHash):\(o.index)"] = Stop(reason: .mixer, label: label,
                                                            evidence: "CoinJoin: \(cj.inputs) inputs, \(cj.outputs) outputs, \(cj.equalOutputs) of \(cj.denomination) base units")
                }
            }
            for o in tx.outputs where follow.contains(o.index) {
                let key = "\(tx.txHash):\(o.index)"
                if let label = c.labels.primary(chain: chain, address: o.address), p.stopAt.contains(label.category),
                   !(label.category == .mixer && p.mixerMode == .pool) {
                    let reason: EndpointReason = label.category == .mixer ? .mixer : label.category == .bridge ? .bridge
                        : label.category == .exchangeDeposit ? .exchangeDeposit : .service
                    stops[key] = Stop(reason: reason, label: label, evidence: "labelled \(label.category.rawValue) by \(label.source)")
                    follow.remove(o.index)
                } else if hop + 1 > p.maxHops {
                    stops[key] = Stop(reason: .hopLimit, label: nil, evidence: "reached after \(hop + 1) hops")
                    follow.remove(o.index)
                } else if o.value < p.minValue {
                    stops[key] = Stop(reason: .belowMin, label: nil, evidence: "below --min-value")
                    follow.remove(o.index)
                }
            }
            for s in try c.reader.utxoSpenders(of: id) where follow.contains(s.n) { queue.append((s.tx, hop + 1)) }
        }

        // Sweep, in block order.
        var engine = UTXOTaintEngine(policy: p.policy)
        var states: [String: UTXOTaintEngine.OutputState] = [:]
        var spent = Set<String>()
        var flows: [TraceFlow] = []
        let ordered = txs.values.sorted { ($0.tx.block, $0.tx.txIndex, $0.tx.txHash) < ($1.tx.block, $1.tx.txIndex, $1.tx.txHash) }
        var sourceAddresses = Set<String>()
        for (tx, hop) in ordered {
            let inputs = tx.inputs.map { i -> UTXOTaintEngine.OutputState in
                let key = "\(i.spent.txHash):\(i.spent.index)"
                spent.insert(key)
                if let s = states[key] { return s }
                // An output outside the data: tainted when it is a source's (outpoint rule, perpetrator's prior balance).
                if markedOutpoints.contains(key) || (i.address.map { perpetrators.contains($0) } ?? false) {
                    if let a = i.address { sourceAddresses.insert(a) }
                    return engine.markedInput(value: i.value ?? .zero)
                }
                return UTXOTaintEngine.OutputState(value: i.value ?? .zero)
            }
            let marked = tx.outputs.map { o in
                markedOutpoints.contains("\(tx.txHash):\(o.index)") || (markedAddresses[o.address].map { tx.block >= $0 } ?? false)
            }
            let result = engine.process(inputs: inputs, outputs: tx.outputs.map(\.value), marked: marked)
            let from = tx.inputs.first?.address ?? "coinbase"
            for (k, o) in tx.outputs.enumerated() {
                let state = result.outputs[k].state
                states["\(tx.txHash):\(o.index)"] = state
                if marked[k] { sourceAddresses.insert(o.address) }
                if engine.isTainted(state) {
                    flows.append(TraceFlow(chain: chain, txHash: tx.txHash, block: tx.block, time: tx.timestamp, logIndex: UInt64(o.index),
                                           kind: "utxo", from: from, to: o.address, asset: asset, amount: o.value.description,
                                           tainted: engine.taintText(state), hop: marked[k] ? 0 : hop + 1))
                }
            }
        }

        // Endpoints: tainted outputs no followed transaction spent.
        struct Sum {
            var int = Amount.zero, double = 0.0
            var first: (String, Int64?)?, last: (String, Int64?)?
            mutating func add(_ s: UTXOTaintEngine.OutputState) { int = int.saturatingAdd(s.tainted); double += s.haircut.approximate }
        }
        var byEndpoint: [String: (address: String, stop: Stop?, sum: Sum)] = [:]
        var received: [String: Sum] = [:], held: [String: Sum] = [:]
        var total = Sum()
        for (tx, _) in ordered {
            for o in tx.outputs {
                let key = "\(tx.txHash):\(o.index)"
                guard let s = states[key], engine.isTainted(s) else { continue }
                received[o.address, default: Sum()].add(s)
                guard !spent.contains(key) else { continue }
                let stop = stops[key]
                let k = o.address + "\u{0}" + (stop?.reason.rawValue ?? "held")
                var e = byEndpoint[k] ?? (o.address, stop, Sum())
                e.sum.add(s)
                if e.sum.first == nil { e.sum.first = (tx.txHash, tx.timestamp) }
                e.sum.last = (tx.txHash, tx.timestamp)
                byEndpoint[k] = e
                held[o.address, default: Sum()].add(s)
                total.add(s)
            }
        }
        func text(_ s: Sum) -> String { p.policy == .haircut ? s.double.fixedText(fractionDigits: 9) : s.int.description }
        let endpoints = byEndpoint.values.map { e in
            TraceEndpoint(chain: chain, address: e.address, category: e.stop?.label?.category.rawValue ?? "", label: e.stop?.label?.label ?? "",
                          asset: asset, taintedAmount: text(e.sum), firstTx: e.sum.first?.0 ?? "", lastTx: e.sum.last?.0 ?? "",
                          firstTime: e.sum.first?.1, lastTime: e.sum.last?.1, reason: e.stop?.reason ?? .held,
                          evidence: e.stop?.evidence ?? "unspent at the end of the window")
        }.sorted { (Double($0.taintedAmount) ?? 0, $1.address) > (Double($1.taintedAmount) ?? 0, $0.address) }
        let endpointOf = Dictionary(endpoints.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
        let nodes = received.keys.sorted().map { a -> TraceNode in
            let e = endpointOf[a]
            return TraceNode(chain: chain, address: a, asset: asset, symbol: asset, decimals: ChainInfo.named(chain).nativeDecimals,
                             role: sourceAddresses.contains(a) ? .source : (e == nil || e?.reason == .held ? .followed : .endpoint),
                             reason: e.map { $0.reason == .held ? nil : $0.reason } ?? nil, hop: nil, category: nil, label: e?.label,
                             taintedReceived: text(received[a]!), taintedSent: "0",
                             taintedHeld: held[a].map(text) ?? "0",
                             balance: "0")
        }
        let created = engine.created
        let feeText = engine.feeSinkText, returnedText = engine.reabsorbedText
        let reconciled: Bool
        switch p.policy {
        case .poison: reconciled = false
        case .haircut:
            let lhs = total.double + engine.feeSinkHaircut.approximate + engine.reabsorbedHaircut.approximate
            reconciled = abs(lhs - created.doubleValue) <= 1e-9 * max(1, created.doubleValue)
        default: reconciled = total.int.saturatingAdd(engine.feeSinkInt).saturatingAdd(engine.reabsorbedInt) == created
        }
        let totals = [AssetTotals(chain: chain, asset: asset, symbol: asset, decimals: ChainInfo.named(chain).nativeDecimals,
                                  created: created.description, atEndpoints: text(total), feeSink: feeText,
                                  returnedToSources: returnedText, reconciled: reconciled)]
        var stats = TraceStatistics()
        stats.keysReached = received.count
        stats.addressesFollowed = Set(txs.values.flatMap { $0.tx.inputs.compactMap(\.address) }).count
        stats.transfersRead = read
        stats.transfersSwept = txs.count
        return TraceResult(direction: .forward, parameters: p, sources: c.sourceList(), windows: c.windowList(),
                           nodes: nodes, flows: flows, endpoints: endpoints, totals: totals, statistics: stats)
    }

    /// In `link` mode: the change output of each participant whose inputs the
    /// trace reached — the one output (not of the common value) worth its
    /// inputs less the common value, within 1 %.
    static func changeOutputs(of tx: UTXOTransaction, denomination: Amount,
                              reached: [Int64: (tx: UTXOTransaction, hop: Int)]) -> Set<Int> {
        let reachedHashes = Set(reached.values.map(\.tx.txHash))
        var byAddress: [String: Amount] = [:]
        for i in tx.inputs where reachedHashes.contains(i.spent.txHash) {
            if let a = i.address, let v = i.value { byAddress[a, default: .zero] += v }
        }
        var out = Set<Int>()
        for (_, sum) in byAddress where denomination < sum {
            let rest = (sum - denomination).doubleValue
            let candidates = tx.outputs.filter { $0.value != denomination && $0.value.doubleValue <= rest && $0.value.doubleValue >= rest * 0.99 }
            if candidates.count == 1 { out.insert(candidates[0].index) }
        }
        return out
    }
}
