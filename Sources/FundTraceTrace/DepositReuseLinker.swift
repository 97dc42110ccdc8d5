import FundTraceModel
import FundTraceStore

/// Deposit-address reuse (Tutela; Béres et al. 2021), for mixer deposits
/// that no other heuristic linked: a withdrawal whose recipient pays an
/// exchange deposit address the trace already attributes to the case is the
/// same customer's, so the withdrawal continues one of the case's deposits
/// into that pool.
///
/// Pairing: per pool, the qualifying withdrawals in time order each take the
/// earliest unlinked tainted deposit made before them (one withdrawal per
/// deposit). Each link keeps its evidence and a confidence of 0.7.
struct DepositReuseLinker {
    static let confidence = 700
    /// How long after a withdrawal its recipient may pay the shared deposit address, in seconds.
    var window: Int64 = 14 * 86_400

    /// New crossings for `unlinked` deposits (tainted transfers into pools), given the deposit
    /// addresses the trace found and the withdrawals already taken by other links.
    func links(unlinked: [OrderedTransferRow], depositAddresses: Set<Int64>, taken: Set<Int64>,
               _ c: Investigation.Context) throws -> [TraceGraph.Crossing] {
        guard !depositAddresses.isEmpty else { return [] }
        var out: [TraceGraph.Crossing] = []
        let byPool = Dictionary(grouping: unlinked) { "\($0.row.toID)|\($0.row.chainID)" }
        for (_, deposits) in byPool.sorted(by: { $0.key < $1.key }) {
            let first = deposits[0].row
            var open = try deposits.compactMap { d -> (time: Int64, row: OrderedTransferRow)? in
                guard let t = try c.time(of: d) else { return nil }
                return (t, d)
            }.sorted { ($0.time, $0.row.row.id) < ($1.time, $1.row.row.id) }
            guard let earliest = open.first?.time else { continue }
            for w in try c.crossings.mixers.withdrawals(of: first.toID, chainID: first.chainID, after: earliest, c)
            where !taken.contains(w.row.row.id) {
                guard let i = open.firstIndex(where: { $0.time <= w.time }),
                      let shared = try sharedDeposit(recipient: w.row.row.toID, chainID: first.chainID, after: w.time,
                                                     depositAddresses: depositAddresses, c) else { continue }
                let d = open.remove(at: i).row
                let via = c.labels.primary(chain: c.chain(of: d.row.assetID), address: try c.text(d.row.toID))?.label ?? ""
                out.append(.init(kind: .mixer, entry: d, exit: w.row, via: via,
                                 evidence: "\(MixerLinker.Heuristic.depositAddressReuse.rawValue): the withdrawal's recipient \(w.account) "
                                    + "paid \(try c.text(shared)), an exchange deposit address the trace attributes to the case",
                                 confidence: Self.confidence))
                if open.isEmpty { break }
            }
        }
        return out
    }

    /// A deposit address of the case that `recipient` paid within the window after `time`.
    private func sharedDeposit(recipient: Int64, chainID: Int64, after time: Int64, depositAddresses: Set<Int64>,
                               _ c: Investigation.Context) throws -> Int64? {
        guard try c.degree(recipient) <= c.parameters.maxDegree else { return nil }
        for r in try c.rows(of: recipient) where r.row.fromID == recipient && r.row.chainID == chainID && depositAddresses.contains(r.row.toID) {
            if let t = try c.time(of: r), t >= time, t - time <= window { return r.row.toID }
        }
        return nil
    }
}
