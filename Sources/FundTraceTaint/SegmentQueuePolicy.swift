import CFundTracePrefetch
import FundTraceModel

/// The per-key state of FIFO and LIFO: the key's units as an ordered segment
/// list, oldest first.
///
/// Only the segments up to the newest tainted one are stored (the *ring*,
/// whose last segment is always tainted); the units after it — `balance −
/// covered` of them — are an implicit clean tail. So a clean credit (most
/// credits) costs nothing, a LIFO draw that the tail covers leaves the ring
/// untouched, and a key that holds no taint stores nothing: the ring is
/// allocated when taint arrives and freed when the last tainted unit
/// leaves. Read the whole list through ``SegmentQueuePolicy/segments(of:balance:)``.
///
/// A ring of the shape taint first leaves — a clean segment (possibly
/// empty), then one tainted — is kept in the state itself: `covered` and
/// the tainted count name both segments. Most rings a sweep draws from have
/// that shape (10 M bench: 70 % of ring draws), so they cost no pool block
/// and no extra cache line. A credit that would make it longer moves the
/// ring into the pool.
package struct SegmentQueue {
    /// The queue's ring in the policy's ``SegmentPool``; ``SegmentPool/none``:
    /// every unit clean; ``SegmentPool/outside``: the ring is [clean
    /// `covered − inlineTainted`, tainted `inlineTainted`], kept here.
    var ring = SegmentPool.none
    /// Whether the ring's block spans more than one cache line, so a
    /// prefetch fetches what a draw will read and no more. Fits the
    /// record's padding.
    var wideBlock = false
    /// Units in the ring, packed (see ``PackedAmount``; values above 2^127
    /// in the policy's wide table) so the engine's record stays small.
    var covered: PackedAmount = .zero
    /// With ``SegmentPool/outside``: the ring's tainted units (more than
    /// zero); otherwise meaningless. Last, so that it may lie in the
    /// record's second line: only tainted credits and draws from such a
    /// ring touch it.
    var inlineTainted: PackedAmount = .zero
    public init() {}

    /// The ring is kept in the state (see ``SegmentPool/outside``).
    @inline(__always) var isInline: Bool { ring == SegmentPool.outside }
    /// The ring is in the pool.
    @inline(__always) var isPooled: Bool { ring > SegmentPool.outside }
}

/// FIFO and LIFO (§3.6, §3.8): FIFO draws from the front of the queue, LIFO
/// from the back; the drawn block keeps the sender's order and is appended to
/// the recipient. Draws cost O(segments touched), credits O(tainted
/// segments drawn).
@usableFromInline package struct SegmentQueuePolicy<Order: QueueOrder>: AccountTaintPolicy {
    public static var policy: TaintPolicy { Order.policy }
    /// Held taint is the ring's tainted units, which move exactly with tainted received and sent.
    public typealias TaintedReceived = DerivedTaintedReceived<Amount>
    public static var cleanState: SegmentQueue { SegmentQueue() }
    /// The segments of the last draw's amount taken from the ring, in queue
    /// order. Units taken from the implicit tail are not recorded: in queue
    /// order they come after every recorded one, so the recipient's tail
    /// takes them as they are.
    var drawn = DrawnSegments()
    /// Covered counts above 2^127.
    var wide = WideTable()
    /// Segment counts of 2^126 and more.
    var counts = SegmentCounts()
    /// Every key's ring.
    var pool = SegmentPool()

    public init() {}

    /// The segments of `q` for a key holding `balance` units, oldest first:
    /// the ring, then the clean tail.
    public func segments(of q: SegmentQueue, balance: Amount) -> [Segment] {
        let covered = q.covered.unpack(wide)
        var list: [Segment]
        if q.isInline {
            let t = q.inlineTainted.unpack(wide)
            precondition(!t.isZero && t <= covered, "an inline ring holds no taint or more than it covers")
            list = (covered == t ? [] : [Segment(covered - t, tainted: false)]) + [Segment(t, tainted: true)]
        } else {
            list = (0..<pool.count(q.ring)).map { let s = pool.segment(q.ring, $0); return Segment(counts.count(s), tainted: s.tainted) }
        }
        precondition(covered <= balance, "a queue covers more units than its key holds")
        if covered < balance { list.append(Segment(balance - covered, tainted: false)) }
        return list
    }

    /// Clean prior units join the front of the queue; with no ring they are
    /// part of the all-clean tail already.
    @inline(__always)
    public mutating func inject(_ q: inout SegmentQueue, shortfall: Amount, balance: Amount) {
        if q.isInline { q.covered = q.covered.adding(shortfall, &wide) }  // the clean head grows
        else if q.isPooled { injectIntoRing(&q, shortfall.w0, shortfall.w1, shortfall.w2, shortfall.w3, shortfall.w4) }
    }

    /// Out of the sweep's loop: most keys that inject hold no ring. Limb by
    /// limb, for the reason ``WideTable/store(_:replacing:)`` gives.
    @inline(never)
    private mutating func injectIntoRing(_ q: inout SegmentQueue, _ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64, _ s4: UInt64) {
        let shortfall = Amount(w0: s0, w1: s1, w2: s2, w3: s3, w4: s4)
        let first = pool.segment(q.ring, 0)
        if first.tainted {
            pool.prepend(&q.ring, counts.pack(shortfall, tainted: false))
            q.wideBlock = pool.spansLines(q.ring)
        } else {
            pool.set(q.ring, 0, counts.recount(first, counts.count(first) + shortfall))
        }
        q.covered = q.covered.adding(shortfall, &wide)
    }

    @inline(__always)
    public mutating func draw(_ q: inout SegmentQueue, amount: Amount, fee: Amount, balance: Amount) -> (carried: Amount, fee: Amount) {
        if q.ring == SegmentPool.none { return (.zero, .zero) }  // all clean; nothing to record
        drawn.removeAll()
        if _fastPath(counts.noneAlive && q.covered.isInline && PackedAmount.fitsInline(balance)) {
            // amount + fee ≤ balance after injection, so they fit as well.
            let (c, f) = drawRing(&q, amount: UInt128(truncatingIfNeeded: amount), fee: UInt128(truncatingIfNeeded: fee),
                                  balance: UInt128(truncatingIfNeeded: balance), covered: q.covered.inlineValue)
            return (c.amount, f.amount)
        }
        return drawWide(&q, amount.w0, amount.w1, amount.w2, amount.w3, amount.w4, fee.w0, fee.w1, fee.w2, fee.w3, fee.w4,
                        balance.w0, balance.w1, balance.w2, balance.w3, balance.w4)
    }

    /// ``draw`` in `Amount`'s full width: a segment count, the covered units
    /// or the balance is 2^126 or more.
    /// Limb by limb, for the reason ``WideTable/store(_:replacing:)`` gives.
    @inline(never)
    private mutating func drawWide(_ q: inout SegmentQueue, _ x0: UInt64, _ x1: UInt64, _ x2: UInt64, _ x3: UInt64, _ x4: UInt64,
                                   _ φ0: UInt64, _ φ1: UInt64, _ φ2: UInt64, _ φ3: UInt64, _ φ4: UInt64,
                                   _ b0: UInt64, _ b1: UInt64, _ b2: UInt64, _ b3: UInt64, _ b4: UInt64) -> (carried: Amount, fee: Amount) {
        drawRing(&q, amount: Amount(w0: x0, w1: x1, w2: x2, w3: x3, w4: x4), fee: Amount(w0: φ0, w1: φ1, w2: φ2, w3: φ3, w4: φ4),
                 balance: Amount(w0: b0, w1: b1, w2: b2, w3: b3, w4: b4), covered: q.covered.unpack(wide))
    }

    /// ``draw`` from the ring wherever it is kept: in the state or in the pool.
    @inline(__always)
    private mutating func drawRing<C: SegmentCount>(_ q: inout SegmentQueue, amount: C, fee: C, balance: C, covered: C) -> (C, C) {
        guard q.isInline else { return draw(&q, amount: amount, fee: fee, balance: balance, covered: covered) }
        return drawInline(&q, amount: amount, fee: fee, balance: balance, covered: covered, tainted: C(truncating: q.inlineTainted.unpack(wide)))
    }

    /// ``draw`` from a ring kept in the state: [clean `covered − tainted`, tainted].
    @inline(__always)
    private mutating func drawInline<C: SegmentCount>(_ q: inout SegmentQueue, amount: C, fee: C, balance: C, covered: C, tainted: C) -> (C, C) {
        var head = covered - tainted, rest = tainted, held = balance
        let c = takeInline(amount, head: &head, tainted: &rest, held: &held, record: true)
        let f = takeInline(fee, head: &head, tainted: &rest, held: &held, record: false)
        if rest == tainted && head == covered - tainted { return (c, f) }  // the tail paid: the state is unchanged
        if rest.isZero {
            // No tainted unit left: what remains of the head joins the clean tail.
            q.ring = SegmentPool.none
            q.covered = C.zero.stored(replacing: q.covered, &wide)
        } else {
            q.covered = (head + rest).stored(replacing: q.covered, &wide)
            if rest != tainted { q.inlineTainted = rest.stored(replacing: q.inlineTainted, &wide) }
        }
        return (c, f)
    }

    /// ``take`` from a ring kept in the state, as its clean `head` and
    /// `tainted` segments (either may end empty).
    @inline(__always)
    private mutating func takeInline<C: SegmentCount>(_ n: C, head: inout C, tainted: inout C, held: inout C, record: Bool) -> C {
        let fromHead: C, fromTainted: C
        if Order.fromFront {
            fromHead = min(n, head)
            fromTainted = min(n - fromHead, tainted)  // the rest comes from the clean tail
        } else {
            // The back of the queue is the clean tail first.
            let tail = held - (head + tainted)
            held -= n
            if n <= tail { return .zero }
            fromTainted = min(n - tail, tainted)
            fromHead = n - tail - fromTainted
        }
        head -= fromHead
        tainted -= fromTainted
        if record {  // in queue order
            if !fromHead.isZero { drawn.append(Segment(fromHead.amount, tainted: false)) }
            if !fromTainted.isZero { drawn.append(Segment(fromTainted.amount, tainted: true)) }
        }
        return fromTainted
    }

    /// Takes the amount, then the fee, from the drawing end of a queue with
    /// `covered` units in its ring; keeps the ring ending in a tainted segment.
    @inline(__always)
    private mutating func draw<C: SegmentCount>(_ q: inout SegmentQueue, amount: C, fee: C, balance: C, covered before: C) -> (C, C) {
        var covered = before
        var held = balance
        let c = take(&q, amount, held: &held, covered: &covered, record: true)
        let f = take(&q, fee, held: &held, covered: &covered, record: false)
        // Every segment taken lowers `covered`: unchanged, the clean tail
        // (LIFO) paid for the draw and the ring was never read.
        if covered != before {
            if !Order.fromFront {
                // Clean segments left behind the last tainted one join the tail.
                while case let n = pool.count(q.ring), n > 0, case let last = pool.segment(q.ring, n - 1), !last.tainted {
                    covered -= C.count(of: last, in: counts)
                    C.release(last, from: &counts)
                    pool.removeLast(q.ring)
                }
            }
            if pool.count(q.ring) == 0 { pool.release(&q.ring) }
            q.covered = covered.stored(replacing: q.covered, &wide)
        }
        return (c, f)
    }

    /// Removes `n` of the `held` units from the drawing end; returns how
    /// many were tainted. With `record`, the units taken from the ring are
    /// kept in `drawn`, in queue order. (`held` is only read by LIFO.)
    @inline(__always)
    private mutating func take<C: SegmentCount>(_ q: inout SegmentQueue, _ n: C, held: inout C, covered: inout C, record: Bool) -> C {
        var need = n
        if !Order.fromFront {
            // The back of the queue is the clean tail first.
            let tail = held - covered
            held -= n
            if need <= tail { return .zero }
            need -= tail
        }
        var tainted = C.zero
        let start = drawn.count
        while !need.isZero {
            let count = pool.count(q.ring)
            if Order.fromFront && count == 0 { break }  // the rest comes from the clean tail
            let end = Order.fromFront ? 0 : count - 1
            let seg = pool.segment(q.ring, end)
            let have = C.count(of: seg, in: counts)
            let piece: C
            if have <= need {
                piece = have
                C.release(seg, from: &counts)
                if Order.fromFront { pool.removeFirst(q.ring) } else { pool.removeLast(q.ring) }
            } else {
                piece = need
                C.release(seg, from: &counts)
                pool.set(q.ring, end, C.pack(have - need, tainted: seg.tainted, into: &counts))
            }
            need -= piece
            covered -= piece
            if seg.tainted { tainted += piece }
            if record { drawn.append(Segment(piece.amount, tainted: seg.tainted)) }
        }
        if record && !Order.fromFront { drawn.reverse(from: start) }  // take_back returns units in queue order
        return tainted
    }

    /// Inlined: a call would take the amount in memory, written on every
    /// transfer of the sweep (see ``WideTable/store(_:replacing:)``).
    @inline(__always)
    public mutating func drawGenerated(amount: Amount) {
        drawn.removeAll()
        if !amount.isZero { drawn.append(Segment(amount, tainted: true)) }
    }

    /// Appends the last draw's units: its clean ones only move the position
    /// at which the next tainted one lands.
    @inline(__always)
    public mutating func creditDrawn(_ q: inout SegmentQueue, amount: Amount, carried: Amount, balance: Amount) {
        if carried.isZero { return }  // all clean: the tail grows with the balance
        if let (b, _) = narrowCredit(q, amount: amount, balance: balance) {
            creditDrawn(&q, at: b, covered: q.covered.inlineValue)
        } else {
            creditDrawn(&q, at: balance, covered: q.covered.unpack(wide))
        }
    }

    @inline(__always)
    private mutating func creditDrawn<C: SegmentCount>(_ q: inout SegmentQueue, at balance: C, covered before: C) {
        var covered = before
        var at = balance
        for i in 0..<drawn.count {
            let piece = drawn[i], n = C(truncating: piece.count)
            if piece.tainted { appendTainted(&q, n, at: at, covered: &covered) }
            at += n
        }
        q.covered = covered.stored(replacing: q.covered, &wide)
    }

    @inline(__always)
    public mutating func creditMarked(_ q: inout SegmentQueue, amount: Amount, balance: Amount) {
        if amount.isZero { return }
        creditMarked(&q, amount.w0, amount.w1, amount.w2, amount.w3, amount.w4, balance.w0, balance.w1, balance.w2, balance.w3, balance.w4)
    }

    /// Out of the sweep's loop: few credits are marked. Limb by limb, for
    /// the reason ``WideTable/store(_:replacing:)`` gives.
    @inline(never)
    private mutating func creditMarked(_ q: inout SegmentQueue, _ x0: UInt64, _ x1: UInt64, _ x2: UInt64, _ x3: UInt64, _ x4: UInt64,
                                       _ b0: UInt64, _ b1: UInt64, _ b2: UInt64, _ b3: UInt64, _ b4: UInt64) {
        let amount = Amount(w0: x0, w1: x1, w2: x2, w3: x3, w4: x4), balance = Amount(w0: b0, w1: b1, w2: b2, w3: b3, w4: b4)
        if let (b, x) = narrowCredit(q, amount: amount, balance: balance) {
            creditMarked(&q, x, at: b, covered: q.covered.inlineValue)
        } else {
            creditMarked(&q, amount, at: balance, covered: q.covered.unpack(wide))
        }
    }

    @inline(__always)
    private mutating func creditMarked<C: SegmentCount>(_ q: inout SegmentQueue, _ n: C, at balance: C, covered before: C) {
        var covered = before
        appendTainted(&q, n, at: balance, covered: &covered)
        q.covered = covered.stored(replacing: q.covered, &wide)
    }

    /// The balance and amount of a credit as 128-bit integers when every
    /// count the credit can write stays below 2^126 (positions reach at most
    /// balance + amount) and no segment count has a slot; otherwise nil.
    @inline(__always)
    private func narrowCredit(_ q: SegmentQueue, amount: Amount, balance: Amount) -> (UInt128, UInt128)? {
        guard _fastPath(counts.noneAlive && q.covered.isInline && PackedAmount.fitsInline(balance) && PackedAmount.fitsInline(amount))
        else { return nil }
        let b = UInt128(truncatingIfNeeded: balance), x = UInt128(truncatingIfNeeded: amount)
        return (b + x) >> 126 == 0 ? (b, x) : nil
    }

    /// Appends `n` tainted units that land after the queue's first `at`
    /// units: the clean tail before them becomes a stored segment, unless
    /// it is empty and they extend the ring's last (tainted) segment.
    @inline(__always)
    private mutating func appendTainted<C: SegmentCount>(_ q: inout SegmentQueue, _ n: C, at: C, covered: inout C) {
        if n.isZero { return }
        let gap = at - covered
        if q.ring == SegmentPool.none {
            // The first tainted units: an inline ring [clean gap, tainted n].
            q.ring = SegmentPool.outside
            q.inlineTainted = n.stored(replacing: q.inlineTainted, &wide)
            covered = at + n
            return
        }
        if q.isInline {
            let tainted = C(truncating: q.inlineTainted.unpack(wide))
            if gap.isZero {
                q.inlineTainted = (tainted + n).stored(replacing: q.inlineTainted, &wide)
            } else {
                moveToPool(&q, head: covered - tainted, tainted: tainted, gap: gap, n: n)
            }
            covered = at + n
            return
        }
        let count = pool.count(q.ring)
        if gap.isZero && count > 0 {
            let last = pool.segment(q.ring, count - 1)
            let grown = C.count(of: last, in: counts) + n
            C.release(last, from: &counts)
            pool.set(q.ring, count - 1, C.pack(grown, tainted: true, into: &counts))
        } else {
            if !gap.isZero { pool.append(&q.ring, C.pack(gap, tainted: false, into: &counts)) }
            pool.append(&q.ring, C.pack(n, tainted: true, into: &counts))
            q.wideBlock = pool.spansLines(q.ring)
        }
        covered = at + n
    }

    /// Moves an inline ring [clean head, tainted] into the pool with `n`
    /// more tainted units after a clean gap: four segments, which no longer
    /// fit the state. Out of the sweep's loop: most credits do not need it.
    @inline(never)
    private mutating func moveToPool<C: SegmentCount>(_ q: inout SegmentQueue, head: C, tainted: C, gap: C, n: C) {
        var h = pool.create(holding: head.isZero ? 3 : 4)
        if !head.isZero { pool.append(&h, C.pack(head, tainted: false, into: &counts)) }
        pool.append(&h, C.pack(tainted, tainted: true, into: &counts))
        pool.append(&h, C.pack(gap, tainted: false, into: &counts))
        pool.append(&h, C.pack(n, tainted: true, into: &counts))
        q.ring = h
        q.wideBlock = pool.spansLines(h)
    }

    /// The ring's tainted units: O(segments), for reports.
    public func held(_ q: SegmentQueue, balance: Amount) -> Amount {
        if q.isInline { return q.inlineTainted.unpack(wide) }
        var h = Amount.zero
        for i in 0..<pool.count(q.ring) { let s = pool.segment(q.ring, i); if s.tainted { h += counts.count(s) } }
        return h
    }

    /// Reserves one block (a cache line: a ring of up to three segments) per
    /// key. Growing the slab mid-sweep copied it, and the kernel zeroed each
    /// larger copy's pages: a tenth to a fifth of a 10 M-transfer FIFO sweep
    /// (perf). Reserved pages cost nothing until a queue first uses them.
    public mutating func reserve(keys: Int) { pool.reserve(units: keys + 2) }  // + the two units of free-list heads

    /// Prefetches `q`'s ring: its first line (the header and, for the short
    /// queues most keys have, every segment) or, for a block of several
    /// lines, the first two. A third of the rings a draw reads hold 4–7
    /// segments in two lines, and the end a draw takes from is as often in
    /// the second (10 M bench: 66 % of ring draws in one-line blocks, 28 %
    /// in two-line, 6 % larger). Fetching two lines for every ring was
    /// already faster than one (10 M alternating, 6 pairs: FIFO 0.755 →
    /// 0.680 s, LIFO 0.841 → 0.772 s).
    /// A sender's inline ring needs no fetch: ``AccountTaintEngine/prefetch(sender:)`` loads the whole record.
    @inline(__always)
    public func prefetchStorage(of q: SegmentQueue) -> Bool {
        if q.isPooled { ft_prefetch(pool.address(q.ring), q.wideBlock ? 2 * SegmentPool.unit : SegmentPool.unit) }
        return q.ring != SegmentPool.none
    }

    /// A recipient's pooled ring, or else the record line its inline ring's
    /// tainted count lies in (written when taint arrives).
    @inline(__always)
    public func prefetchCreditStorage(of q: SegmentQueue, recordTail: UnsafeRawPointer) {
        if q.isPooled { _ = prefetchStorage(of: q) } else { ft_prefetch(recordTail, SegmentPool.unit) }
    }
}

/// Which end of the queue a draw takes from.
@usableFromInline package protocol QueueOrder {
    static var fromFront: Bool { get }
    static var policy: TaintPolicy { get }
}
/// First in, first out.
@usableFromInline package enum FrontFirst: QueueOrder { public static let fromFront = true; public static let policy = TaintPolicy.fifo }
/// Last in, first out.
@usableFromInline package enum BackFirst: QueueOrder { public static let fromFront = false; public static let policy = TaintPolicy.lifo }

/// FIFO (Clayton's case per ledger key).
@usableFromInline package typealias FIFOPolicy = SegmentQueuePolicy<FrontFirst>
/// LIFO.
@usableFromInline package typealias LIFOPolicy = SegmentQueuePolicy<BackFirst>
