import FundTraceModel

/// A number of units as FIFO/LIFO queue operations compute with it: `Amount`
/// in general, `UInt128` when every value a draw or credit touches fits.
///
/// Exists so one generic copy of the queue's rules serves both widths: with
/// `Amount`'s five limbs the draw loop's running values did not fit the
/// registers (callgrind: about 130 instructions per segment taken), while
/// the 128-bit specialisation keeps them in two each.
@usableFromInline
protocol SegmentCount: AdditiveArithmetic, Comparable {
    var isZero: Bool { get }
    /// The value as an exact amount.
    var amount: Amount { get }
    /// `a` when it fits (the caller knows it does).
    init(truncating a: Amount)
    /// The count of `s`.
    static func count(of s: PackedSegment, in counts: SegmentCounts) -> Self
    /// A segment of `n` units.
    static func pack(_ n: Self, tainted: Bool, into counts: inout SegmentCounts) -> PackedSegment
    /// Frees `s`'s slot, if its count has one: `s` leaves its queue.
    static func release(_ s: PackedSegment, from counts: inout SegmentCounts)
    /// `p` holding `self` instead.
    func stored(replacing p: PackedAmount, _ wide: inout WideTable) -> PackedAmount
}

extension Amount: SegmentCount {
    @usableFromInline @inline(__always) var amount: Amount { self }
    @usableFromInline @inline(__always) init(truncating a: Amount) { self = a }
    @usableFromInline @inline(__always) static func count(of s: PackedSegment, in counts: SegmentCounts) -> Amount { counts.count(s) }
    @usableFromInline @inline(__always) static func pack(_ n: Amount, tainted: Bool, into counts: inout SegmentCounts) -> PackedSegment {
        counts.pack(n, tainted: tainted)
    }
    @usableFromInline @inline(__always) static func release(_ s: PackedSegment, from counts: inout SegmentCounts) { counts.release(s) }
    @usableFromInline @inline(__always) func stored(replacing p: PackedAmount, _ wide: inout WideTable) -> PackedAmount { p.replaced(by: self, &wide) }
}

/// Used only while no segment count has a slot (``SegmentCounts/noneAlive``)
/// and every count written stays below 2^126.
/// Inlinable: see ``PackedSegment``.
extension UInt128: SegmentCount {
    @inlinable @inline(__always) var isZero: Bool { self == 0 }
    @inlinable @inline(__always) var amount: Amount { Amount(self) }
    @inlinable @inline(__always) init(truncating a: Amount) { self.init(truncatingIfNeeded: a) }
    @inlinable @inline(__always) static func count(of s: PackedSegment, in counts: SegmentCounts) -> UInt128 { s.narrowCount }
    @inlinable @inline(__always) static func pack(_ n: UInt128, tainted: Bool, into counts: inout SegmentCounts) -> PackedSegment {
        PackedSegment(narrow: n, tainted: tainted)
    }
    @inlinable @inline(__always) static func release(_ s: PackedSegment, from counts: inout SegmentCounts) {}
    /// Keeps `p`'s wide slot if it has one (a field that once held 2^127 or more).
    @inlinable @inline(__always) func stored(replacing p: PackedAmount, _ wide: inout WideTable) -> PackedAmount {
        p.isInline ? PackedAmount(inline: self) : p.replaced(by: Amount(self), &wide)
    }
}
