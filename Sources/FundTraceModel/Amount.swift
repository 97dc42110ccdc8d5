import CFundTraceFormat
/// An exact non-negative amount of an asset, in base units (wei, satoshi,
/// token base units).
///
/// Inputs are limited to 2^256 − 1, the range of every on-chain amount (real
/// ERC-20 values reach it); the type itself has 320 bits so that sums of
/// many such amounts — balances, totals, injected prior balances in
/// adversarial data — stay exact instead of overflowing.
///
/// Written by hand because it is on the hot path of loading and of every
/// taint sweep: a fixed-width value type with no heap allocation is an order
/// of magnitude faster than an arbitrary-precision integer, and no package in
/// the mirror offers fixed-width wide integers. Arithmetic traps on overflow
/// past 2^320 like Swift's own integers; the `…ReportingOverflow` forms and
/// `saturatingAdd` let callers choose. Every operation is O(1).
public struct Amount: Hashable, Comparable, Sendable {
    public var w0: UInt64  // least significant
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64
    public var w4: UInt64  // headroom above 2^256

    @inlinable
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64, w4: UInt64 = 0) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3; self.w4 = w4
    }

    @inlinable public init(_ value: UInt64) { self.init(w0: value, w1: 0, w2: 0, w3: 0, w4: 0) }
    @inlinable public init(_ value: Int) {
        precondition(value >= 0, "Amount cannot hold a negative value")
        self.init(UInt64(value))
    }

    /// The value of a native 128-bit integer, for code that works in 128 bits
    /// when every value it touches fits (see `UInt128(truncatingIfNeeded:)`).
    @inlinable @inline(__always)
    public init(_ value: UInt128) { self.init(w0: UInt64(truncatingIfNeeded: value), w1: UInt64(truncatingIfNeeded: value >> 64), w2: 0, w3: 0, w4: 0) }

    @inlinable public static var zero: Amount { Amount(w0: 0, w1: 0, w2: 0, w3: 0, w4: 0) }
    /// 2^256 − 1, the largest amount an input may state.
    public static let maxInput = Amount(w0: .max, w1: .max, w2: .max, w3: .max, w4: 0)
    /// 2^320 − 1, where saturating arithmetic stops.
    public static let max = Amount(w0: .max, w1: .max, w2: .max, w3: .max, w4: .max)

    @inlinable public var isZero: Bool { (w0 | w1 | w2 | w3 | w4) == 0 }

    /// The value as `UInt64` when it fits.
    @inlinable public var uint64Value: UInt64? { (w1 | w2 | w3 | w4) == 0 ? w0 : nil }

    @inlinable var limbs: [UInt64] { [w0, w1, w2, w3, w4] }
    @inlinable init(limbs l: [UInt64]) { self.init(w0: l[0], w1: l[1], w2: l[2], w3: l[3], w4: l[4]) }

    // MARK: Comparison

    @inlinable @inline(__always)
    public static func < (a: Amount, b: Amount) -> Bool {
        if a.w4 != b.w4 { return a.w4 < b.w4 }
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w0 < b.w0
    }

    // MARK: Addition and subtraction

    @inlinable @inline(__always)
    public func addingReportingOverflow(_ b: Amount) -> (partialValue: Amount, overflow: Bool) {
        @inline(__always) func add(_ x: UInt64, _ y: UInt64, _ carry: inout Bool) -> UInt64 {
            let (s1, c1) = x.addingReportingOverflow(y)
            let (s2, c2) = s1.addingReportingOverflow(carry ? 1 : 0)
            carry = c1 || c2
            return s2
        }
        var c = false
        let r0 = add(w0, b.w0, &c), r1 = add(w1, b.w1, &c), r2 = add(w2, b.w2, &c), r3 = add(w3, b.w3, &c), r4 = add(w4, b.w4, &c)
        return (Amount(w0: r0, w1: r1, w2: r2, w3: r3, w4: r4), c)
    }

    @inlinable @inline(__always)
    public func subtractingReportingOverflow(_ b: Amount) -> (partialValue: Amount, overflow: Bool) {
        @inline(__always) func sub(_ x: UInt64, _ y: UInt64, _ borrow: inout Bool) -> UInt64 {
            let (s1, c1) = x.subtractingReportingOverflow(y)
            let (s2, c2) = s1.subtractingReportingOverflow(borrow ? 1 : 0)
            borrow = c1 || c2
            return s2
        }
        var c = false
        let r0 = sub(w0, b.w0, &c), r1 = sub(w1, b.w1, &c), r2 = sub(w2, b.w2, &c), r3 = sub(w3, b.w3, &c), r4 = sub(w4, b.w4, &c)
        return (Amount(w0: r0, w1: r1, w2: r2, w3: r3, w4: r4), c)
    }

    @inlinable @inline(__always)
    public static func + (a: Amount, b: Amount) -> Amount {
        if (a.w1 | a.w2 | a.w3 | a.w4 | b.w1 | b.w2 | b.w3 | b.w4) == 0 {
            let (s, c) = a.w0.addingReportingOverflow(b.w0)
            return Amount(w0: s, w1: c ? 1 : 0, w2: 0, w3: 0, w4: 0)
        }
        let (r, o) = a.addingReportingOverflow(b)
        precondition(!o, "Amount addition overflow")
        return r
    }

    @inlinable @inline(__always)
    public static func - (a: Amount, b: Amount) -> Amount {
        if (a.w1 | a.w2 | a.w3 | a.w4 | b.w1 | b.w2 | b.w3 | b.w4) == 0 {
            precondition(a.w0 >= b.w0, "Amount subtraction underflow")
            return Amount(a.w0 &- b.w0)
        }
        let (r, o) = a.subtractingReportingOverflow(b)
        precondition(!o, "Amount subtraction underflow")
        return r
    }

    @inlinable @inline(__always) public static func += (a: inout Amount, b: Amount) { a = a + b }
    @inlinable @inline(__always) public static func -= (a: inout Amount, b: Amount) { a = a - b }

    /// `a + b`, or `max` past 2^320 (unreachable with inputs ≤ 2^256 − 1
    /// short of 2^64 additions; kept so no sum can trap).
    @inlinable @inline(__always)
    public func saturatingAdd(_ b: Amount) -> Amount {
        let (r, o) = addingReportingOverflow(b)
        return o ? .max : r
    }

    // MARK: Multiplication

    /// `self × m + add` with a 64-bit multiplier, reporting overflow past 2^320.
    @inlinable
    public func multipliedReportingOverflow(by m: UInt64, adding add: UInt64 = 0) -> (partialValue: Amount, overflow: Bool) {
        @inline(__always) func step(_ limb: UInt64, _ carry: inout UInt64) -> UInt64 {
            let (hi, lo) = limb.multipliedFullWidth(by: m)
            let (s, c) = lo.addingReportingOverflow(carry)
            carry = hi &+ (c ? 1 : 0)
            return s
        }
        var carry = add
        let r0 = step(w0, &carry), r1 = step(w1, &carry), r2 = step(w2, &carry), r3 = step(w3, &carry), r4 = step(w4, &carry)
        return (Amount(w0: r0, w1: r1, w2: r2, w3: r3, w4: r4), carry != 0)
    }

    /// `a × b`, reporting overflow past 2^320.
    public func multipliedReportingOverflow(by b: Amount) -> (partialValue: Amount, overflow: Bool) {
        let a = limbs, bb = b.limbs
        var r = [UInt64](repeating: 0, count: 10)
        for i in 0..<5 where a[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<5 {
                let (hi, lo) = a[i].multipliedFullWidth(by: bb[j])
                let (s1, c1) = r[i + j].addingReportingOverflow(lo)
                let (s2, c2) = s1.addingReportingOverflow(carry)
                r[i + j] = s2
                carry = hi &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            r[i + 5] = r[i + 5] &+ carry
        }
        let overflow = (r[5] | r[6] | r[7] | r[8] | r[9]) != 0
        return (Amount(limbs: Array(r[0..<5])), overflow)
    }

    // MARK: Division by a small divisor

    /// Quotient and remainder of division by a non-zero 64-bit divisor.
    public func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: Amount, remainder: UInt64) {
        precondition(d != 0, "division by zero")
        var rem: UInt64 = 0
        var q = [UInt64](repeating: 0, count: 5)
        let l = limbs
        for i in stride(from: 4, through: 0, by: -1) {
            let (qq, r) = d.dividingFullWidth((rem, l[i]))
            q[i] = qq
            rem = r
        }
        return (Amount(limbs: q), rem)
    }

    // MARK: Conversion

    /// The nearest `Double` (relative error ≤ 2^-52); used only where the taint
    /// contract allows floating point (haircut ratios).
    @inlinable @inline(__always) public var doubleValue: Double {
        if (w1 | w2 | w3 | w4) == 0 { return Double(w0) }
        return Double(w4) * 0x1p256 + Double(w3) * 0x1p192 + Double(w2) * 0x1p128 + Double(w1) * 0x1p64 + Double(w0)
    }
}

/// Sums and differences trap on overflow and underflow, like the integer types'.
extension Amount: AdditiveArithmetic {}

extension Amount: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension Amount: CustomStringConvertible {
    /// The exact decimal representation, without leading zeros.
    public var description: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        appendDecimal(to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    /// Appends the exact decimal digits (no leading zeros) to `out`, with no
    /// intermediate string or array: for writers of millions of amounts
    /// (`fundtrace score` writes eight per ledger key).
    public func appendDecimal(to out: inout [UInt8]) {
        out.append(upTo: Self.decimalCapacity, writing: writeDecimal(into:))
    }

    /// The most digits an amount has: 2^320 − 1 has 97.
    public static let decimalCapacity = 97

    /// Writes the exact decimal digits at `p`, which has room for ``decimalCapacity`` bytes; returns how many.
    public func writeDecimal(into p: UnsafeMutablePointer<UInt8>) -> Int {
        var l0 = w0, l1 = w1, l2 = w2, l3 = w3, l4 = w4
        if (l1 | l2 | l3 | l4) == 0 {  // most amounts: straight into place
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
                let n = Int(ft_u64_digits(l0, 0, buffer.baseAddress! + 20))
                p.update(from: buffer.baseAddress! + 20 - n, count: n)
                return n
            }
        }
        // Right to left into scratch, then copied.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 100) { buffer in
            let last = buffer.baseAddress! + 100
            var first = last
            let base: UInt64 = 10_000_000_000_000_000_000  // 10^19
            // Base-10^19 chunks below the top part, least significant first.
            while (l1 | l2 | l3 | l4) != 0 {
                // Zero upper limbs are skipped: a division is tens of cycles, and most amounts have two limbs.
                var r: UInt64 = 0
                if l4 != 0 { (l4, r) = base.dividingFullWidth((0, l4)) }
                if (l3 | r) != 0 { (l3, r) = base.dividingFullWidth((r, l3)) }
                if (l2 | r) != 0 { (l2, r) = base.dividingFullWidth((r, l2)) }
                (l1, r) = base.dividingFullWidth((r, l1))
                (l0, r) = base.dividingFullWidth((r, l0))
                first -= Int(ft_u64_digits(r, 19, first))
            }
            first -= Int(ft_u64_digits(l0, 0, first))
            let n = last - first
            p.update(from: first, count: n)
            return n
        }
    }
}

extension UInt128 {
    /// The low 128 bits of `a`: exact when the caller knows `a` < 2^128.
    @inlinable @inline(__always)
    public init(truncatingIfNeeded a: Amount) { self = UInt128(a.w1) << 64 | UInt128(a.w0) }
}
