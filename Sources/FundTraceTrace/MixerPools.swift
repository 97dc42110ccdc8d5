import FundTraceModel
import FundTraceStore

/// The mixer pools a trace meets (addresses labelled `mixer`): their deposit
/// and withdrawal histories in the store, and the deposit → withdrawal links
/// ``MixerLinker``'s heuristics find in them, computed once per chain on first use.
///
/// A pool's denomination is the amount most of its deposits carry; a
/// withdrawal is the largest payout of a transaction from the pool (the rest
/// is the relayer's fee).
final class MixerPools {
    struct Linked {
        var exit: OrderedTransferRow
        var heuristic: MixerLinker.Heuristic
        var evidence: String
        var confidence: Int
    }

    private var pools: [Int64: Set<Int64>]  // address id → chain ids
    private var built = Set<Int64>()  // chain ids
    private var byDeposit: [Int64: [Linked]] = [:]  // deposit transfer id → links
    private var withdrawals: [Int64: [(time: Int64, row: OrderedTransferRow, account: String)]] = [:]  // pool id → withdrawals
    private var depositTimes: [Int64: Int64] = [:]  // deposit transfer id → time

    init(pools: [Int64: Set<Int64>]) { self.pools = pools }

    func isPool(_ address: Int64, chainID: Int64) -> Bool { pools[address]?.contains(chainID) == true }

    /// Adds a pool recognised by its pattern; the chain's links are worked out again on next use.
    func add(pool address: Int64, chainID: Int64) {
        guard pools[address, default: []].insert(chainID).inserted else { return }
        built.remove(chainID)
        for (id, links) in byDeposit where links.first?.exit.row.chainID == chainID { byDeposit[id] = nil }
    }

    /// The best link of the deposit `r` into a pool, if any heuristic finds one.
    func link(for r: OrderedTransferRow, _ c: Investigation.Context) throws -> Linked? {
        try build(chainID: r.row.chainID, c)
        if let best = byDeposit[r.row.id]?.max(by: { ($0.confidence, $1.exit.row.block) < ($1.confidence, $0.exit.row.block) }) { return best }
        return try linkedAddress(for: r, c)
    }

    /// The pool's withdrawals on `chainID` at or after `time`, in time order (the pool's history is read on first use).
    func withdrawals(of pool: Int64, chainID: Int64, after time: Int64, _ c: Investigation.Context) throws
        -> [(time: Int64, row: OrderedTransferRow, account: String)] {
        try build(chainID: chainID, c)
        return (withdrawals[pool] ?? []).filter { $0.time >= time && $0.row.row.chainID == chainID }
    }

    /// The time of a deposit into a pool the trace met.
    func depositTime(_ transferID: Int64) -> Int64? { depositTimes[transferID] }

    /// Linked addresses, for one deposit: a later withdrawal to an address the depositor transacts with outside the pool.
    private func linkedAddress(for r: OrderedTransferRow, _ c: Investigation.Context) throws -> Linked? {
        guard let time = depositTimes[r.row.id], let ws = withdrawals[r.row.toID] else { return nil }
        let depositor = r.row.fromID
        let counterparties = Set(try c.rows(of: depositor).compactMap { o -> Int64? in
            let other = o.row.fromID == depositor ? o.row.toID : o.row.fromID
            return isPool(other, chainID: o.row.chainID) ? nil : other
        })
        guard let w = ws.first(where: { $0.time >= time && $0.row.row.toID != depositor && counterparties.contains($0.row.row.toID) }) else { return nil }
        return Linked(exit: w.row, heuristic: .linkedAddresses,
                      evidence: "\(try c.text(depositor)) and \(w.account) transact with each other outside the pool",
                      confidence: MixerLinker.Heuristic.linkedAddresses.confidence)
    }

    private func build(chainID: Int64, _ c: Investigation.Context) throws {
        guard built.insert(chainID).inserted else { return }
        var events: [MixerEvent] = []
        var depositRows: [String: OrderedTransferRow] = [:], withdrawalRows: [String: OrderedTransferRow] = [:]
        for (pool, chains) in pools where chains.contains(chainID) {
            let rows = try c.rows(of: pool).filter { $0.row.chainID == chainID && !$0.row.amount.isZero }
            let incoming = rows.filter { $0.row.toID == pool && $0.row.fromID != pool }
            var counts: [Amount: Int] = [:]
            for r in incoming { counts[r.row.amount, default: 0] += 1 }
            guard let denomination = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { continue }
            let deposits = incoming.filter { $0.row.amount == denomination }
            var payouts: [Int64: OrderedTransferRow] = [:]
            for r in rows where r.row.fromID == pool && r.row.toID != pool {
                if let b = payouts[r.row.txID], !(b.row.amount < r.row.amount) { continue }
                payouts[r.row.txID] = r
            }
            let txIDs = deposits.map(\.row.txID) + payouts.keys
            let times = try c.times(txIDs), gas = try c.reader.gasPrices(txIDs)
            let poolName = try c.text(pool)
            for r in deposits {
                guard let t = times[r.row.txID] else { continue }
                let key = "d\(r.row.id)"
                depositRows[key] = r
                depositTimes[r.row.id] = t
                events.append(MixerEvent(pool: poolName, action: .deposit, time: t, txHash: key, account: try c.text(r.row.fromID),
                                         denomination: denomination, gasPrice: gas[r.row.txID]))
            }
            var ws: [(time: Int64, row: OrderedTransferRow, account: String)] = []
            for (tx, r) in payouts {
                guard let t = times[tx] else { continue }
                let key = "w\(r.row.id)"
                withdrawalRows[key] = r
                let account = try c.text(r.row.toID)
                ws.append((t, r, account))
                events.append(MixerEvent(pool: poolName, action: .withdrawal, time: t, txHash: key, account: account,
                                         denomination: denomination, gasPrice: gas[tx]))
            }
            withdrawals[pool] = ws.sorted { ($0.time, $0.row.row.id) < ($1.time, $1.row.row.id) }
        }
        for l in MixerLinker().links(events) {
            guard let d = depositRows[l.deposit.txHash], let w = withdrawalRows[l.withdrawal.txHash] else { continue }
            byDeposit[d.row.id, default: []].append(Linked(exit: w, heuristic: l.heuristic, evidence: l.evidence, confidence: l.confidence))
        }
    }
}
