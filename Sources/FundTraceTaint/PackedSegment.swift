import FundTraceModel

/// A ``Segment`` as a FIFO/LIFO queue stores it: 16 bytes instead of 48, so
/// the few segments a typical key holds share the cache lines prefetched for
/// its queue (measured on 10 M transfers: most queues hold 2–7 segments).
///
/// Bit 63 of `hi` is the taint flag. Counts below 2^126 are inline (`lo`,
/// and `hi`'s low 62 bits); larger ones set bit 62 and keep the exact count
/// in a ``SegmentCounts`` slot named by `lo`, so nothing is ever rounded.
///
/// Usable from inlinable code, as are ``SegmentCounts`` and ``SegmentCount``:
/// the benchmark specialises the engine in its own module, and there the
/// 128-bit queue operations could only be called through the conformance's
/// witness table (an indirect call each) unless their bodies are visible.
@usableFromInline
struct PackedSegment: Equatable {
    @usableFromInline var lo: UInt64
    @usableFromInline var hi: UInt64

    @inlinable init(lo: UInt64, hi: UInt64) { self.lo = lo; self.hi = hi }

    @inlinable static var taintBit: UInt64 { 1 << 63 }
    @inlinable static var wideBit: UInt64 { 1 << 62 }

    @inlinable @inline(__always) var tainted: Bool { hi & Self.taintBit != 0 }
    @inlinable @inline(__always) var isWide: Bool { hi & Self.wideBit != 0 }

    /// The count of a segment that is not wide.
    @inlinable @inline(__always) var narrowCount: UInt128 {
        assert(!isWide)
        return UInt128(hi & ~(Self.taintBit | Self.wideBit)) << 64 | UInt128(lo)
    }
}

extension PackedSegment {
    /// A segment of `count` < 2^126 units.
    @inlinable @inline(__always) init(narrow count: UInt128, tainted: Bool) {
        assert(count >> 126 == 0)
        self.init(lo: UInt64(truncatingIfNeeded: count), hi: UInt64(truncatingIfNeeded: count >> 64) | (tainted ? Self.taintBit : 0))
    }
}

/// The exact counts of segments too large to pack inline, in reusable slots:
/// a slot is freed when its segment leaves the queue or shrinks below 2^126,
/// so the table grows with the number of such segments alive, never with
/// the number of transfers.
@usableFromInline
struct SegmentCounts {
    private(set) var values: [Amount] = []
    private var free: [Int] = []
    /// Slots in use: kept as a count so the sweep's "none alive" test is one comparison.
    private var alive = 0

    /// The count of `s`.
    @inline(__always)
    func count(_ s: PackedSegment) -> Amount {
        s.isWide ? values[Int(s.lo)] : Amount(s.narrowCount)
    }

    /// A segment of `count` units.
    @inline(__always)
    mutating func pack(_ count: Amount, tainted: Bool) -> PackedSegment {
        if (count.w2 | count.w3 | count.w4) == 0 && count.w1 >> 62 == 0 {
            return PackedSegment(narrow: UInt128(truncatingIfNeeded: count), tainted: tainted)
        }
        let flag = tainted ? PackedSegment.taintBit : 0
        let slot: Int
        if let f = free.popLast() { slot = f; values[f] = count } else { slot = values.count; values.append(count) }
        alive += 1
        return PackedSegment(lo: UInt64(slot), hi: PackedSegment.wideBit | flag)
    }

    /// No segment alive has a slot: every count is below 2^126 (the usual case).
    @inline(__always) var noneAlive: Bool { alive == 0 }

    /// `s` with `count` units instead (same taint), its slot reused or freed.
    @inline(__always)
    mutating func recount(_ s: PackedSegment, _ count: Amount) -> PackedSegment {
        release(s)
        return pack(count, tainted: s.tainted)
    }

    /// Frees `s`'s slot, if it has one: `s` is leaving its queue.
    @inline(__always)
    mutating func release(_ s: PackedSegment) {
        if s.isWide { free.append(Int(s.lo)); alive -= 1 }
    }
}
