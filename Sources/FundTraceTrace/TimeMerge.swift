import FundTraceStore

/// Several chains' transfers in one sweep order.
enum TimeMerge {
    /// `rows` (in store order) with the chains interleaved by time, each chain's own order kept, so a bridge
    /// payout is swept after the deposit it continues. A row without a time (in `times`, by transaction id)
    /// keeps its predecessor's; on equal times the chain with the lower id goes first. O(rows × chains).
    static func merged(_ rows: [OrderedTransferRow], times: [Int64: Int64]) -> [OrderedTransferRow] {
        var byChain: [Int64: [OrderedTransferRow]] = [:]
        for r in rows { byChain[r.row.chainID, default: []].append(r) }
        let lanes = byChain.sorted { $0.key < $1.key }.map { _, rs -> [(time: Int64, row: OrderedTransferRow)] in
            var last = Int64.min
            return rs.map { r in last = max(last, times[r.row.txID] ?? last); return (last, r) }
        }
        var heads = [Int](repeating: 0, count: lanes.count)
        var out: [OrderedTransferRow] = []
        out.reserveCapacity(rows.count)
        while true {
            var best = -1
            for (i, lane) in lanes.enumerated() where heads[i] < lane.count {
                if best < 0 || lane[heads[i]].time < lanes[best][heads[best]].time { best = i }
            }
            if best < 0 { return out }
            out.append(lanes[best][heads[best]].row)
            heads[best] += 1
        }
    }
}
