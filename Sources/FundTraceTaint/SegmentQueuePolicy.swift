import CFundTracePrefetch
import FundTraceModel

/// The per-key state of FIFO and LIFO: the key's units as an ordered segment
/// list, oldest first, and how many of them are tainted.
///
/// An *empty* queue means "all `balance` units are clean": most keys never
/// see taint, and this keeps them free of any storage. A queue is
/// materialised when taint arrives and dropped again when the last tainted
/// unit leaves. Read the segments through ``SegmentQueuePolicy/segments(of:)``.
public struct SegmentQueue {
    /// The queue's ring in the policy's ``SegmentPool`` (``SegmentPool/none``: empty).
    var ring = SegmentPool.none
    /// How many units are tainted, packed (see ``PackedAmount``; values above
    /// 2^127 in the policy's wide table) so the engine's record stays small.
    var tainted: PackedAmount = .zero
    public init() {}
}

/// FIFO and LIFO (§3.6, §3.8): FIFO draws from the front of the queue, LIFO
/// from the back; the drawn block keeps the sender's order and is appended to
/// the recipient. Draws cost O(segments touched).
public struct SegmentQueuePolicy<Order: QueueOrder>: AccountTaintPolicy {
    public static var policy: TaintPolicy { Order.policy }
    /// Held taint is the queue's tainted units, which move exactly with tainted received and sent.
    public typealias TaintedReceived = DerivedTaintedReceived<Amount>
    public static var cleanState: SegmentQueue { SegmentQueue() }
    /// The segments of the last draw's amount, in queue order.
    var drawn = DrawnSegments()
    /// Tainted counts above 2^127.
    var wide = WideTable()
    /// Segment counts of 2^126 and more.
    var counts = SegmentCounts()
    /// Every key's queue storage.
    var pool = SegmentPool()

    public init() {}

    /// The segments of `q`, oldest first (empty: all units clean).
    public func segments(of q: SegmentQueue) -> [Segment] {
        (0..<pool.count(q.ring)).map { let s = pool.segment(q.ring, $0); return Segment(counts.count(s), tainted: s.tainted) }
    }

    public mutating func inject(_ q: inout SegmentQueue, shortfall: Amount, balance: Amount) {
        guard pool.count(q.ring) > 0 else { return }
        let first = pool.segment(q.ring, 0)
        if first.tainted {
            pool.prepend(&q.ring, counts.pack(shortfall, tainted: false))
        } else {
            pool.set(q.ring, 0, counts.recount(first, counts.count(first) + shortfall))
        }
    }

    @inline(__always)
    public mutating func draw(_ q: inout SegmentQueue, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        drawn.removeAll()
        if q.ring == SegmentPool.none {
            if !amount.isZero { drawn.append(Segment(amount, tainted: false)) }
            return (.zero, .zero)
        }
        let c = take(&q, amount, record: true)
        let f = take(&q, fee, record: false)
        let rest = q.tainted.unpack(wide) - c - f
        q.tainted = q.tainted.replaced(by: rest, &wide)
        if rest.isZero {
            if !counts.noneAlive { for i in 0..<pool.count(q.ring) { counts.release(pool.segment(q.ring, i)) } }
            pool.release(&q.ring)
        }
        return (c, f)
    }

    /// Removes `n` units from the drawing end; returns how many were tainted.
    /// With `record`, the removed segments are kept in `drawn`, in queue order.
    @inline(__always)
    private mutating func take(_ q: inout SegmentQueue, _ n: Amount, record: Bool) -> Amount {
        var need = n
        var tainted = Amount.zero
        let start = drawn.count
        while !need.isZero {
            let end = Order.fromFront ? 0 : pool.count(q.ring) - 1
            let seg = pool.segment(q.ring, end)
            let have = counts.count(seg)
            let piece: Segment
            if have <= need {
                piece = Segment(have, tainted: seg.tainted)
                counts.release(seg)
                if Order.fromFront { pool.removeFirst(q.ring) } else { pool.removeLast(q.ring) }
            } else {
                piece = Segment(need, tainted: seg.tainted)
                pool.set(q.ring, end, counts.recount(seg, have - need))
            }
            need -= piece.count
            if piece.tainted { tainted += piece.count }
            if record { drawn.append(piece) }
        }
        if record && !Order.fromFront { drawn.reverse(from: start) }  // take_back returns units in queue order
        return tainted
    }

    public mutating func drawGenerated(amount: Amount) {
        drawn.removeAll()
        if !amount.isZero { drawn.append(Segment(amount, tainted: true)) }
    }

    @inline(__always)
    public mutating func creditDrawn(_ q: inout SegmentQueue, amount: Amount, carried: Amount, balance: Amount) {
        if carried.isZero {
            if q.ring != SegmentPool.none { append(&q, Segment(amount, tainted: false)) }
            return
        }
        materialize(&q, balance: balance)
        for i in 0..<drawn.count { append(&q, drawn[i]) }
        q.tainted = q.tainted.adding(carried, &wide)
    }

    public mutating func creditMarked(_ q: inout SegmentQueue, amount: Amount, balance: Amount) {
        if amount.isZero { return }
        materialize(&q, balance: balance)
        append(&q, Segment(amount, tainted: true))
        q.tainted = q.tainted.adding(amount, &wide)
    }

    /// Turns an implicit all-clean queue into an explicit one.
    @inline(__always)
    private mutating func materialize(_ q: inout SegmentQueue, balance: Amount) {
        if q.ring == SegmentPool.none && !balance.isZero { pool.append(&q.ring, counts.pack(balance, tainted: false)) }
    }

    @inline(__always)
    private mutating func append(_ q: inout SegmentQueue, _ s: Segment) {
        if s.count.isZero { return }
        let n = pool.count(q.ring)
        if n > 0, case let last = pool.segment(q.ring, n - 1), last.tainted == s.tainted {
            pool.set(q.ring, n - 1, counts.recount(last, counts.count(last) + s.count))
        } else {
            pool.append(&q.ring, counts.pack(s.count, tainted: s.tainted))
        }
    }

    public func held(_ q: SegmentQueue, balance: Amount) -> Amount { q.tainted.unpack(wide) }

    /// Reserves one block (a cache line: a ring of up to three segments) per
    /// key. Growing the slab mid-sweep copied it, and the kernel zeroed each
    /// larger copy's pages: a tenth to a fifth of a 10 M-transfer FIFO sweep
    /// (perf). Reserved pages cost nothing until a queue first uses them.
    public mutating func reserve(keys: Int) { pool.reserve(units: keys + 1) }

    /// Prefetches the first line of `q`'s ring: its header and, for the
    /// short queues most keys have, every segment.
    @inline(__always)
    public func prefetchStorage(of q: SegmentQueue) {
        if q.ring != SegmentPool.none { ft_prefetch(pool.address(q.ring), SegmentPool.unit) }
    }
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
