import FundTraceModel
import FundTraceStore

/// Finds where a followed key's outgoing transfer crosses a service the trace
/// carries taint across (docs/CROSSINGS.md):
///
/// - a **swap**: the transfer goes to a labelled DEX pool, and the pool pays
///   the sender another asset in the same transaction;
/// - a **bridge**: the transfer goes to a labelled bridge, and a bridge
///   address on another chain pays out the same symbol, at most
///   `bridgeMaxFee` less, within `bridgeWindow`; when several match, the best
///   (``BridgeMatcher``) is linked with a confidence and the others listed;
/// - a **mixer** (in `link` mode): the transfer is a deposit into a labelled
///   pool, or one recognised by its pattern (``MixerPoolPattern``), that a
///   heuristic links to a withdrawal (``MixerPools``).
struct CrossingDetector {
    /// Labelled addresses of a category: address id → chain ids.
    private let dexPools: [Int64: Set<Int64>]
    private let bridges: [Int64: Set<Int64>]
    let mixers: MixerPools

    init(labels: LabelBook, reader: StoreReader, chains: [Int64: String]) throws {
        let chainIDs = Dictionary(chains.map { ($0.value, $0.key) }, uniquingKeysWith: min)
        func ids(_ category: LabelCategory) throws -> [Int64: Set<Int64>] {
            var out: [Int64: Set<Int64>] = [:]
            for (chain, address) in labels.addresses(in: category) {
                if let id = try reader.addressID(address), let chainID = chainIDs[chain] { out[id, default: []].insert(chainID) }
            }
            return out
        }
        dexPools = try ids(.dex)
        bridges = try ids(.bridge)
        mixers = MixerPools(pools: try ids(.mixer))
    }

    func isBridge(_ address: Int64, chainID: Int64) -> Bool { bridges[address]?.contains(chainID) == true }

    /// The crossing `r` (an outgoing transfer of a followed key) enters, if any.
    func crossing(entering r: OrderedTransferRow, _ c: Investigation.Context) throws -> TraceGraph.Crossing? {
        let t = r.row
        if dexPools[t.toID]?.contains(t.chainID) == true {
            guard let exit = try c.queries.transfers(inTransaction: t.txID).first(where: { u in
                u.row.fromID == t.toID && u.row.toID == t.fromID && u.row.assetID != t.assetID && !u.row.amount.isZero && c.inWindow(u.row)
            }) else { return nil }
            let via = c.labels.primary(chain: c.chain(of: t.assetID), address: try c.text(t.toID))?.label ?? ""
            return .init(kind: .swap, entry: r, exit: exit, via: via,
                         evidence: "sent \(c.symbol(t.assetID)) to the pool and received \(c.symbol(exit.row.assetID)) in the same transaction")
        }
        if isBridge(t.toID, chainID: t.chainID) { return try bridgePayout(for: r, c) }
        // Only a round amount can be a deposit into an unlabelled pool: the pattern check (which reads the
        // recipient's history) runs for those alone.
        let round = MixerPoolPattern.isRound(t.amount)
        if round { c.note(roundRecipient: t.toID) }
        if c.parameters.mixerMode == .link,
           try mixers.isPool(t.toID, chainID: t.chainID) || (round && c.mixerPattern(t.toID, chainID: t.chainID) != nil),
           let l = try mixers.link(for: r, c) {
            let via = c.labels.primary(chain: c.chain(of: t.assetID), address: try c.text(t.toID))?.label ?? ""
            return .init(kind: .mixer, entry: r, exit: l.exit, via: via, evidence: "\(l.heuristic.rawValue): \(l.evidence)",
                         confidence: l.confidence)
        }
        return nil
    }

    /// The payout on another chain that continues the bridge deposit `r`
    /// (``BridgeMatcher``), or nil with the reason noted.
    private func bridgePayout(for r: OrderedTransferRow, _ c: Investigation.Context) throws -> TraceGraph.Crossing? {
        let t = r.row
        let p = c.parameters
        guard let time = try c.time(of: r) else {
            c.noteNotMade(.bridge, r, "the deposit has no time: a payout on another chain cannot be matched to it")
            return nil
        }
        let matcher = BridgeMatcher(maxFee: p.bridgeMaxFee, window: p.bridgeWindow)
        let deposit = try leg(r, time: time, c)
        // Every payout of the symbol on another chain within the window, and the deposits into the same bridge around it.
        var all: [(row: OrderedTransferRow, leg: BridgeMatcher.Leg)] = []
        for (address, chainIDs) in bridges.sorted(by: { $0.key < $1.key }) {
            for chainID in chainIDs.sorted() where chainID != t.chainID {
                guard let lo = try c.reader.firstBlock(chainID: chainID, atOrAfter: time),
                      let hi = try c.reader.lastBlock(chainID: chainID, atOrBefore: time + p.bridgeWindow), lo <= hi else { continue }
                var rows: [OrderedTransferRow] = []
                // A payout continues one deposit: those already linked are not candidates again.
                try c.queries.transfers(of: address, .outgoing, blocks: lo...hi) { u in
                    if u.row.chainID == chainID, c.inWindow(u.row), !u.row.amount.isZero, !c.linkedExits.contains(u.row.id) { rows.append(u) }
                }
                for u in rows {
                    guard let ut = try c.time(of: u) else { continue }
                    let l = try leg(u, time: ut, c)
                    if l.asset.symbol.uppercased() == deposit.asset.symbol.uppercased() { all.append((u, l)) }
                }
            }
        }
        var competitors: [BridgeMatcher.Leg] = []
        if !all.isEmpty, let lo = try c.reader.firstBlock(chainID: t.chainID, atOrAfter: time - p.bridgeWindow),
           let hi = try c.reader.lastBlock(chainID: t.chainID, atOrBefore: time + p.bridgeWindow), lo <= hi {
            var rows: [OrderedTransferRow] = []
            try c.queries.transfers(of: t.toID, .incoming, blocks: lo...hi) { e in
                if e.row.chainID == t.chainID, e.row.id != t.id, e.row.assetID == t.assetID, !e.row.amount.isZero { rows.append(e) }
            }
            for e in rows { if let et = try c.time(of: e) { competitors.append(try leg(e, time: et, c)) } }
        }
        // Where decimals are unknown, each payout asset's scale relative to the deposit's is inferred from the bridge's traffic.
        for i in all.indices where deposit.asset.decimals == nil || all[i].leg.asset.decimals == nil {
            all[i].leg.scaleOffset = try scaleOffset(depositAsset: t.assetID, into: t.toID, payout: all[i].row, c) ?? 0
        }
        var payouts: [BridgeMatcher.Leg] = []
        var payoutRows: [Int64: OrderedTransferRow] = [:]
        for (u, l) in all where matcher.match(deposit, l) != nil {
            var l = l
            l.freshRecipient = try c.isFresh(u.row.toID, chainID: u.row.chainID, before: u.row.block)
            payouts.append(l)
            payoutRows[u.row.id] = u
        }
        switch matcher.choose(deposit, payouts: payouts, competitors: competitors) {
        case .notMade(let why):
            c.noteNotMade(.bridge, r, why)
            return nil
        case .linked(let best, let confidence, let alternatives, let basis):
            guard let exit = payoutRows[best.payout.id] else { return nil }
            c.linkedExits.insert(exit.row.id)
            let viaLabel = c.labels.primary(chain: c.chain(of: exit.row.assetID), address: try c.text(exit.row.fromID))?.label ?? ""
            var evidence = "payout of \(deposit.asset.symbol) on \(c.chain(of: exit.row.assetID)) by \(viaLabel.isEmpty ? "a labelled bridge" : viaLabel) "
                + "\(best.delay / 60) min after the deposit, \(BridgeMatcher.percent(best.feeShare)) less (\(basis))"
            if best.sameRecipient { evidence += "; to the depositor's own address" } else if best.payout.freshRecipient { evidence += "; to a fresh address" }
            if !alternatives.isEmpty {
                evidence += "; also matching: " + (try alternatives.map { a in
                    "\(try c.text(a.payout.to)) (\(BridgeMatcher.percent(a.feeShare)) less, \(a.delay / 60) min)"
                }).joined(separator: ", ")
            }
            return .init(kind: .bridge, entry: r, exit: exit, via: viaLabel, evidence: evidence, confidence: confidence)
        }
    }

    /// How many more decimal digits the payouts' asset has than `depositAsset`, inferred from up to 500 of
    /// the bridge's deposits of that asset and 500 of its payouts of the payouts' asset (cached per pair).
    private func scaleOffset(depositAsset: Int64, into bridge: Int64, payout: OrderedTransferRow, _ c: Investigation.Context) throws -> Int? {
        let payoutAsset = payout.row.assetID, payer = payout.row.fromID
        let key = "\(depositAsset)|\(payoutAsset)"
        if let known = c.scaleCache[key] { return known }
        func sample(_ address: Int64, _ side: TransferSide, asset: Int64) throws -> [Amount] {
            var out: [Amount] = []
            try c.queries.transfers(of: address, side, blocks: c.span, limit: 500) { r in
                if r.row.assetID == asset, !r.row.amount.isZero { out.append(r.row.amount) }
            }
            return out
        }
        let k = BridgeMatcher.inferredScale(deposits: try sample(bridge, .incoming, asset: depositAsset),
                                            payouts: try sample(payer, .outgoing, asset: payoutAsset))
        c.scaleCache[key] = .some(k)
        return k
    }

    private func leg(_ r: OrderedTransferRow, time: Int64, _ c: Investigation.Context) throws -> BridgeMatcher.Leg {
        BridgeMatcher.Leg(id: r.row.id, from: r.row.fromID, to: r.row.toID, amount: r.row.amount, asset: c.assetInfo(r.row.assetID), time: time)
    }
}
