import FundTraceModel
import FundTraceStore

/// Finds where a followed key's outgoing transfer crosses a service the trace
/// carries taint across (docs/CROSSINGS.md):
///
/// - a **swap**: the transfer goes to a labelled DEX pool, and the pool pays
///   the sender another asset in the same transaction;
/// - a **bridge**: the transfer goes to a labelled bridge, and a bridge
///   address on another chain pays out the same symbol, at most
///   `bridgeMaxFee` less, within `bridgeWindow` — linked only when exactly one
///   payout matches (several candidates are reported, not guessed between);
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

    /// The single payout on another chain that matches the bridge deposit `r`.
    private func bridgePayout(for r: OrderedTransferRow, _ c: Investigation.Context) throws -> TraceGraph.Crossing? {
        let t = r.row
        guard let asset = c.assets[t.assetID], let symbol = asset.symbol, let dx = asset.decimals,
              let time = try c.times([t.txID])[t.txID] else { return nil }
        let p = c.parameters
        let feeBasis: UInt64 = 10_000, keep = UInt64((1 - p.bridgeMaxFee) * Double(feeBasis))
        var candidates: [(row: OrderedTransferRow, via: Int64)] = []
        for (address, chainIDs) in bridges {
            for chainID in chainIDs where chainID != t.chainID {
                guard let lo = try c.reader.firstBlock(chainID: chainID, atOrAfter: time),
                      let hi = try c.reader.lastBlock(chainID: chainID, atOrBefore: time + p.bridgeWindow), lo <= hi else { continue }
                try c.queries.transfers(of: address, .outgoing, blocks: lo...hi) { u in
                    guard u.row.chainID == chainID, c.inWindow(u.row), let a = c.assets[u.row.assetID],
                          a.symbol?.uppercased() == symbol.uppercased(), let dy = a.decimals else { return }
                    // Compare in whole units: x·10^dy against y·10^dx.
                    guard let xs = Self.scaled(t.amount, dy), let ys = Self.scaled(u.row.amount, dx),
                          !(xs < ys),
                          let lhs = Self.times(ys, feeBasis), let rhs = Self.times(xs, keep), !(lhs < rhs) else { return }
                    candidates.append((u, address))
                }
            }
        }
        guard candidates.count == 1, let (exit, via) = candidates.first else {
            if candidates.count > 1 { c.note(bridge: t.toID, "\(candidates.count) payouts of \(symbol) on other chains match a deposit within the window: not linked") }
            return nil
        }
        let exitTime = try c.times([exit.row.txID])[exit.row.txID]
        let minutes = exitTime.map { " \(($0 - time) / 60) min after the deposit" } ?? ""
        let viaLabel = c.labels.primary(chain: c.chain(of: exit.row.assetID), address: try c.text(via))?.label ?? ""
        return .init(kind: .bridge, entry: r, exit: exit, via: viaLabel,
                     evidence: "the only payout of \(symbol) on \(c.chain(of: exit.row.assetID)) by \(viaLabel.isEmpty ? "a labelled bridge" : viaLabel)"
                        + "\(minutes), at most \(p.bridgeMaxFee * 100) % less than the deposit")
    }

    private static func scaled(_ a: Amount, _ decimals: Int) -> Amount? {
        var v = a
        for _ in 0..<decimals {
            let (r, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = r
        }
        return v
    }

    private static func times(_ a: Amount, _ m: UInt64) -> Amount? {
        let (r, o) = a.multipliedReportingOverflow(by: m)
        return o ? nil : r
    }
}
