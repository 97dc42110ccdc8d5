import DequeModule
import FundTraceModel

/// FIFO and LIFO: each key keeps its units as an ordered segment list, oldest
/// first (§3.6, §3.8). FIFO draws from the front, LIFO from the back; the
/// drawn block keeps the sender's order and is appended to the recipient.
///
/// A key whose units are all clean keeps an *empty* queue meaning "`balance`
/// clean units": most keys never see taint, and this keeps them free of any
/// allocation. A queue is materialised when taint arrives and dropped again
/// when the last tainted unit leaves. Draws cost O(segments touched).
public struct SegmentQueuePolicy<Order: QueueOrder>: AccountTaintPolicy {
    public static var policy: TaintPolicy { Order.policy }
    var queues: [Deque<Segment>] = []
    var taintedHeld: [Amount] = []
    /// The segments of the last draw's amount, in queue order.
    var drawn: [Segment] = []
    public init() { drawn.reserveCapacity(16) }

    public mutating func reserveKeys(_ count: Int) {
        if queues.count < count {
            queues.append(contentsOf: repeatElement(Deque(), count: count - queues.count))
            taintedHeld.append(contentsOf: repeatElement(.zero, count: count - taintedHeld.count))
        }
    }

    public mutating func inject(_ key: Int, shortfall: Amount, balance: Amount) {
        guard !queues[key].isEmpty else { return }
        if queues[key][0].tainted { queues[key].prepend(Segment(shortfall, tainted: false)) } else { queues[key][0].count += shortfall }
    }

    public mutating func draw(_ key: Int, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        drawn.removeAll(keepingCapacity: true)
        if queues[key].isEmpty {
            if !amount.isZero { drawn.append(Segment(amount, tainted: false)) }
            return (.zero, .zero)
        }
        let c = take(key, amount, into: true)
        let f = take(key, fee, into: false)
        let left = taintedHeld[key] - c - f
        taintedHeld[key] = left
        if left.isZero { queues[key].removeAll() }
        return (c, f)
    }

    /// Removes `n` units from the drawing end; returns how many were tainted.
    /// With `record`, the removed segments are kept in `drawn`, in queue order.
    @inline(__always)
    private mutating func take(_ key: Int, _ n: Amount, into record: Bool) -> Amount {
        var need = n
        var tainted = Amount.zero
        let start = drawn.count
        while !need.isZero {
            let seg = Order.fromFront ? queues[key][0] : queues[key][queues[key].count - 1]
            let piece: Segment
            if seg.count <= need {
                piece = seg
                if Order.fromFront { queues[key].removeFirst() } else { queues[key].removeLast() }
            } else {
                piece = Segment(need, tainted: seg.tainted)
                if Order.fromFront { queues[key][0].count = seg.count - need } else { queues[key][queues[key].count - 1].count = seg.count - need }
            }
            need -= piece.count
            if piece.tainted { tainted += piece.count }
            if record { drawn.append(piece) }
        }
        if record && !Order.fromFront { drawn[start...].reverse() }  // take_back returns units in queue order
        return tainted
    }

    public mutating func drawGenerated(amount: Amount) {
        drawn.removeAll(keepingCapacity: true)
        if !amount.isZero { drawn.append(Segment(amount, tainted: true)) }
    }

    public mutating func creditDrawn(_ key: Int, amount: Amount, carried: Amount, balance: Amount) {
        if carried.isZero {
            if !queues[key].isEmpty { appendMerging(key, Segment(amount, tainted: false)) }
            return
        }
        materialize(key, balance: balance)
        for s in drawn { appendMerging(key, s) }
        taintedHeld[key] += carried
    }

    public mutating func creditMarked(_ key: Int, amount: Amount, balance: Amount) {
        if amount.isZero { return }
        materialize(key, balance: balance)
        appendMerging(key, Segment(amount, tainted: true))
        taintedHeld[key] += amount
    }

    /// Turns an implicit all-clean queue into an explicit one.
    @inline(__always)
    private mutating func materialize(_ key: Int, balance: Amount) {
        if queues[key].isEmpty && !balance.isZero { queues[key].append(Segment(balance, tainted: false)) }
    }

    @inline(__always)
    private mutating func appendMerging(_ key: Int, _ s: Segment) {
        if s.count.isZero { return }
        let n = queues[key].count
        if n > 0 && queues[key][n - 1].tainted == s.tainted { queues[key][n - 1].count += s.count } else { queues[key].append(s) }
    }

    public func held(_ key: Int, balance: Amount) -> Amount { taintedHeld[key] }

    /// The key's queue (empty means all clean), for tests and inspection.
    public func queue(_ key: Int) -> [Segment] { Array(queues[key]) }
}

/// Which end of the queue a draw takes from.
public protocol QueueOrder {
    static var fromFront: Bool { get }
    static var policy: TaintPolicy { get }
}
/// First in, first out.
public enum FrontFirst: QueueOrder { public static let fromFront = true; public static let policy = TaintPolicy.fifo }
/// Last in, first out.
public enum BackFirst: QueueOrder { public static let fromFront = false; public static let policy = TaintPolicy.lifo }

/// FIFO (Clayton's case per ledger key).
public typealias FIFOPolicy = SegmentQueuePolicy<FrontFirst>
/// LIFO.
public typealias LIFOPolicy = SegmentQueuePolicy<BackFirst>
