import FundTraceModel
import FundTraceStore

/// Recognises an unlabelled fixed-denomination mixer pool (Tornado-Cash-like)
/// by its pattern: many deposits of one round amount from many senders, and
/// payouts of slightly less (the relayer's fee taken) — so a trace treats a
/// pool nobody labelled as a mixer too.
public struct MixerPoolPattern: Sendable, Equatable {
    /// The common deposit amount (base units).
    public var denomination: Amount
    public var deposits: Int
    public var depositors: Int
    public var payouts: Int

    /// The fewest deposits and distinct depositors a pool needs.
    static let minDeposits = 10, minDepositors = 5, minPayouts = 3

    /// The pattern of `address` in `rows` (its transfers), if it has one: at
    /// least 90 % of its incoming transfers carry one round amount (at most two
    /// significant digits) from at least 5 senders, and at least 90 % of its
    /// payouts are between 90 % and 100 % of that amount.
    public static func examine(_ address: Int64, rows: [OrderedTransferRow]) -> MixerPoolPattern? {
        let incoming = rows.filter { $0.row.toID == address && $0.row.fromID != address && !$0.row.amount.isZero }
        guard incoming.count >= minDeposits else { return nil }
        var counts: [Amount: Int] = [:]
        for r in incoming { counts[r.row.amount, default: 0] += 1 }
        guard let (d, n) = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), n * 10 >= incoming.count * 9, isRound(d) else { return nil }
        let depositors = Set(incoming.filter { $0.row.amount == d }.map(\.row.fromID)).count
        guard depositors >= minDepositors else { return nil }
        // Payouts: the largest transfer out per transaction (the rest is a relayer's fee).
        var largest: [Int64: Amount] = [:]
        for r in rows where r.row.fromID == address && r.row.toID != address && !r.row.amount.isZero {
            if let a = largest[r.row.txID], !(a < r.row.amount) { continue }
            largest[r.row.txID] = r.row.amount
        }
        let low = d.quotientAndRemainder(dividingBy: 10).quotient.multipliedReportingOverflow(by: 9).partialValue
        let fitting = largest.values.filter { !($0 < low) && !(d < $0) }.count
        guard largest.count >= minPayouts, fitting * 10 >= largest.count * 9 else { return nil }
        return MixerPoolPattern(denomination: d, deposits: n, depositors: depositors, payouts: largest.count)
    }

    /// At most two significant decimal digits (0.1 ETH, 100 ETH, 10,000 USDT in base units).
    /// O(trailing zeros): a random amount fails at the first division.
    static func isRound(_ a: Amount) -> Bool {
        guard !a.isZero else { return false }
        var v = a
        while true {
            let (q, r) = v.quotientAndRemainder(dividingBy: 10)
            if r != 0 { return v < Amount(100) }
            v = q
        }
    }
}
