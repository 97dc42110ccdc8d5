import FundTraceModel

/// An ``Amount`` in 16 bytes for the engine's per-key records: values below
/// 2^127 are held inline; larger ones live in a ``WideTable`` and the packed
/// value names their slot.
///
/// Exists because the taint sweep is bound by memory traffic: each transfer
/// touches two random per-key records, and a record of 40-byte amounts spans
/// five cache lines. Real balances and totals stay far below 2^127 (1.7·10^38),
/// so the inline case is the rule and exactness is never traded away.
public struct PackedAmount: Sendable, Equatable {
    @usableFromInline var lo: UInt64
    /// Top bit set: `lo` is a slot of the wide table.
    @usableFromInline var hi: UInt64

    @inlinable init(lo: UInt64, hi: UInt64) { self.lo = lo; self.hi = hi }

    @inlinable public static var zero: PackedAmount { PackedAmount(lo: 0, hi: 0) }
    @inlinable static var boxed: UInt64 { 1 << 63 }

    @inlinable @inline(__always) var isInline: Bool { hi & Self.boxed == 0 }

    @inlinable @inline(__always)
    static func fitsInline(_ a: Amount) -> Bool { (a.w2 | a.w3 | a.w4) == 0 && a.w1 & boxed == 0 }

    /// The value of an inline amount as a native 128-bit integer.
    @inlinable @inline(__always)
    var inlineValue: UInt128 {
        assert(isInline)
        return UInt128(hi) << 64 | UInt128(lo)
    }

    /// An inline amount: `value` < 2^127.
    @inlinable @inline(__always)
    init(inline value: UInt128) {
        assert(value >> 127 == 0)
        self.init(lo: UInt64(truncatingIfNeeded: value), hi: UInt64(truncatingIfNeeded: value >> 64))
    }

    /// The exact value.
    @inlinable @inline(__always)
    public func unpack(_ wide: WideTable) -> Amount {
        isInline ? Amount(w0: lo, w1: hi, w2: 0, w3: 0) : wide.value(lo)
    }

    /// Packs `a` in place of `self`. A field that once needed a wide slot
    /// keeps it, so a value oscillating around 2^127 cannot grow the table.
    @inlinable @inline(__always)
    package func replaced(by a: Amount, _ wide: inout WideTable) -> PackedAmount {
        if _fastPath(isInline && Self.fitsInline(a)) { return PackedAmount(lo: a.w0, hi: a.w1) }
        return wide.store(a, replacing: self)
    }

    /// `self + x`, inline when both fit.
    @inlinable @inline(__always)
    func adding(_ x: Amount, _ wide: inout WideTable) -> PackedAmount {
        if _fastPath(isInline && Self.fitsInline(x)) {
            let (l, c) = lo.addingReportingOverflow(x.w0)
            let h = hi &+ x.w1 &+ (c ? 1 : 0)
            if _fastPath(h & Self.boxed == 0) { return PackedAmount(lo: l, hi: h) }
        }
        return wide.store(unpack(wide).saturatingAdd(x), replacing: self)
    }
}

/// The values too wide to pack inline (see ``PackedAmount``): one slot per
/// record field that ever exceeded 2^127, reused as the field changes, so it
/// grows with such fields, never with transfers.
///
/// Its accessors are never inlined: they are the rare path, and keeping them
/// out of the sweep's specialised loop leaves the compiler's inlining budget
/// to the common one.
public struct WideTable: Sendable {
    @usableFromInline var values: [Amount] = []
    public init() {}

    @usableFromInline @inline(never)
    func value(_ slot: UInt64) -> Amount { values[Int(slot)] }

    /// Packs `a` (which does not fit inline, or replaces a field that has a
    /// slot): into `old`'s slot when it has one, else a new slot.
    @inlinable @inline(__always)
    mutating func store(_ a: Amount, replacing old: PackedAmount) -> PackedAmount {
        store(a.w0, a.w1, a.w2, a.w3, a.w4, replacing: old)
    }

    /// ``store(_:replacing:)`` limb by limb. An `Amount` (five words) is
    /// passed in memory, and a call that took one made the compiler write
    /// the value to the stack on every transfer of the sweep, ahead of the
    /// branch to this rare path; five words pass in registers.
    @usableFromInline @inline(never)
    mutating func store(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64, replacing old: PackedAmount) -> PackedAmount {
        let a = Amount(w0: w0, w1: w1, w2: w2, w3: w3, w4: w4)
        if !old.isInline { values[Int(old.lo)] = a; return old }
        if PackedAmount.fitsInline(a) { return PackedAmount(lo: a.w0, hi: a.w1) }
        values.append(a)
        return PackedAmount(lo: UInt64(values.count - 1), hi: PackedAmount.boxed)
    }
}

/// How a taint quantity is kept inside a per-key record.
public protocol PackableQuantity {
    associatedtype Packed
    static var packedZero: Packed { get }
    static func unpack(_ p: Packed, _ wide: WideTable) -> Self
    /// `p + q`, stored back into `p`'s storage.
    static func add(_ q: Self, to p: Packed, _ wide: inout WideTable) -> Packed
}

extension Amount: PackableQuantity {
    @inlinable public static var packedZero: PackedAmount { .zero }
    @inlinable @inline(__always) public static func unpack(_ p: PackedAmount, _ wide: WideTable) -> Amount { p.unpack(wide) }
    @inlinable @inline(__always) public static func add(_ q: Amount, to p: PackedAmount, _ wide: inout WideTable) -> PackedAmount { p.adding(q, &wide) }
}

/// A ``HaircutAmount`` in a record, in 16 bytes: the exact value packed like
/// any amount while it is known; once a term is approximate, the
/// approximation's bit pattern, marked by an `hi` word no packed amount
/// uses. 16 bytes, not 24 with a separate approximation, so the fields a
/// recipient touches fit one cache line (see ``LedgerKeyRecord``).
public struct PackedHaircut: Sendable {
    @usableFromInline var bits: PackedAmount

    /// Inline amounts keep `hi` below 2^63 and wide ones set exactly bit 63.
    @inlinable static var approximateMarker: UInt64 { .max }

    @inlinable @inline(__always) init(exact: PackedAmount) { bits = exact }
    @inlinable @inline(__always) init(approximate: Double) {
        bits = PackedAmount(lo: Swift.max(0, approximate).bitPattern, hi: Self.approximateMarker)
    }

    @inlinable @inline(__always) var hasExact: Bool { bits.hi != Self.approximateMarker }

    /// The value as a `Double` (the approximation, or the exact value rounded).
    @inlinable @inline(__always)
    func approximate(_ wide: WideTable) -> Double { hasExact ? bits.unpack(wide).doubleValue : Double(bitPattern: bits.lo) }
}

extension HaircutAmount: PackableQuantity {
    @inlinable public static var packedZero: PackedHaircut { PackedHaircut(exact: .zero) }
    @inlinable @inline(__always)
    public static func unpack(_ p: PackedHaircut, _ wide: WideTable) -> HaircutAmount {
        p.hasExact ? HaircutAmount(exact: p.bits.unpack(wide)) : HaircutAmount(approximate: p.approximate(wide))
    }
    @inlinable @inline(__always)
    public static func add(_ q: HaircutAmount, to p: PackedHaircut, _ wide: inout WideTable) -> PackedHaircut {
        if p.hasExact, let e = q.exact { return PackedHaircut(exact: p.bits.adding(e, &wide)) }
        return PackedHaircut(approximate: p.approximate(wide) + q.approximate)
    }
}
