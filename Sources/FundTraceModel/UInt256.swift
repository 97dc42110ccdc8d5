/// An exact unsigned 256-bit integer: the range of every on-chain amount
/// (wei, satoshi, ERC-20 base units reach 2^256 − 1).
///
/// Written by hand because it is on the hot path of loading and of every taint
/// sweep: a fixed-width value type with no heap allocation is an order of
/// magnitude faster than an arbitrary-precision integer, and no package in the
/// mirror offers a fixed-width 256-bit integer.
///
/// Arithmetic traps on overflow like Swift's own integers; the
/// `…ReportingOverflow` forms let parsers turn overflow into a clear error.
/// Every operation is O(1) (four 64-bit limbs, little-endian).
public struct UInt256: Hashable, Comparable, Sendable {
    public var w0: UInt64  // least significant
    public var w1: UInt64
    public var w2: UInt64
    public var w3: UInt64  // most significant

    @inlinable
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    @inlinable public init(_ value: UInt64) { self.init(w0: value, w1: 0, w2: 0, w3: 0) }
    @inlinable public init(_ value: Int) {
        precondition(value >= 0, "UInt256 cannot hold a negative value")
        self.init(UInt64(value))
    }

    public static let zero = UInt256(0)
    public static let max = UInt256(w0: .max, w1: .max, w2: .max, w3: .max)

    @inlinable public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The value as `UInt64` when it fits.
    @inlinable public var uint64Value: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    // MARK: Comparison

    @inlinable
    public static func < (a: UInt256, b: UInt256) -> Bool {
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        return a.w0 < b.w0
    }

    // MARK: Addition and subtraction

    @inlinable
    public func addingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(b.w0)
        var (r1, c1) = w1.addingReportingOverflow(b.w1)
        if c0 { let (t, c) = r1.addingReportingOverflow(1); r1 = t; c1 = c1 || c }
        var (r2, c2) = w2.addingReportingOverflow(b.w2)
        if c1 { let (t, c) = r2.addingReportingOverflow(1); r2 = t; c2 = c2 || c }
        var (r3, c3) = w3.addingReportingOverflow(b.w3)
        if c2 { let (t, c) = r3.addingReportingOverflow(1); r3 = t; c3 = c3 || c }
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), c3)
    }

    @inlinable
    public func subtractingReportingOverflow(_ b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = w0.subtractingReportingOverflow(b.w0)
        var (r1, b1) = w1.subtractingReportingOverflow(b.w1)
        if b0 { let (t, c) = r1.subtractingReportingOverflow(1); r1 = t; b1 = b1 || c }
        var (r2, b2) = w2.subtractingReportingOverflow(b.w2)
        if b1 { let (t, c) = r2.subtractingReportingOverflow(1); r2 = t; b2 = b2 || c }
        var (r3, b3) = w3.subtractingReportingOverflow(b.w3)
        if b2 { let (t, c) = r3.subtractingReportingOverflow(1); r3 = t; b3 = b3 || c }
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), b3)
    }

    @inlinable
    public static func + (a: UInt256, b: UInt256) -> UInt256 {
        if (a.w1 | a.w2 | a.w3 | b.w1 | b.w2 | b.w3) == 0 {
            let (s, c) = a.w0.addingReportingOverflow(b.w0)
            return UInt256(w0: s, w1: c ? 1 : 0, w2: 0, w3: 0)
        }
        let (r, o) = a.addingReportingOverflow(b)
        precondition(!o, "UInt256 addition overflow")
        return r
    }

    @inlinable
    public static func - (a: UInt256, b: UInt256) -> UInt256 {
        if (a.w1 | a.w2 | a.w3 | b.w1 | b.w2 | b.w3) == 0 {
            precondition(a.w0 >= b.w0, "UInt256 subtraction underflow")
            return UInt256(a.w0 &- b.w0)
        }
        let (r, o) = a.subtractingReportingOverflow(b)
        precondition(!o, "UInt256 subtraction underflow")
        return r
    }

    @inlinable public static func += (a: inout UInt256, b: UInt256) { a = a + b }
    @inlinable public static func -= (a: inout UInt256, b: UInt256) { a = a - b }

    /// `a + b`, or `max` on overflow. Balances and totals saturate instead of
    /// trapping when a pathological token inflates past 2^256 over many mints.
    @inlinable
    public func saturatingAdd(_ b: UInt256) -> UInt256 {
        let (r, o) = addingReportingOverflow(b)
        return o ? .max : r
    }

    // MARK: Multiplication

    /// `self × m + add` with a 64-bit multiplier, reporting overflow.
    @inlinable
    public func multipliedReportingOverflow(by m: UInt64, adding add: UInt64 = 0) -> (partialValue: UInt256, overflow: Bool) {
        @inline(__always) func step(_ limb: UInt64, _ carry: inout UInt64) -> UInt64 {
            let (hi, lo) = limb.multipliedFullWidth(by: m)
            let (s, c) = lo.addingReportingOverflow(carry)
            carry = hi &+ (c ? 1 : 0)
            return s
        }
        var carry = add
        let r0 = step(w0, &carry), r1 = step(w1, &carry), r2 = step(w2, &carry), r3 = step(w3, &carry)
        return (UInt256(w0: r0, w1: r1, w2: r2, w3: r3), carry != 0)
    }

    /// `a × b`, reporting overflow past 256 bits.
    public func multipliedReportingOverflow(by b: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let a = [w0, w1, w2, w3], bb = [b.w0, b.w1, b.w2, b.w3]
        var r = [UInt64](repeating: 0, count: 8)
        for i in 0..<4 where a[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (hi, lo) = a[i].multipliedFullWidth(by: bb[j])
                let (s1, c1) = r[i + j].addingReportingOverflow(lo)
                let (s2, c2) = s1.addingReportingOverflow(carry)
                r[i + j] = s2
                carry = hi &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
            }
            r[i + 4] = r[i + 4] &+ carry
        }
        let overflow = (r[4] | r[5] | r[6] | r[7]) != 0
        return (UInt256(w0: r[0], w1: r[1], w2: r[2], w3: r[3]), overflow)
    }

    // MARK: Division by a small divisor

    /// Quotient and remainder of division by a non-zero 64-bit divisor.
    @inlinable
    public func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(d != 0, "division by zero")
        var rem: UInt64 = 0
        var q = [UInt64](repeating: 0, count: 4)
        let limbs = [w0, w1, w2, w3]
        for i in stride(from: 3, through: 0, by: -1) {
            let (qq, r) = d.dividingFullWidth((rem, limbs[i]))
            q[i] = qq
            rem = r
        }
        return (UInt256(w0: q[0], w1: q[1], w2: q[2], w3: q[3]), rem)
    }

    // MARK: Conversion

    /// The nearest `Double` (relative error ≤ 2^-52); used only where the taint
    /// contract allows floating point (haircut ratios).
    @inlinable
    public var doubleValue: Double {
        if (w1 | w2 | w3) == 0 { return Double(w0) }
        return Double(w3) * 0x1p192 + Double(w2) * 0x1p128 + Double(w1) * 0x1p64 + Double(w0)
    }

    /// The integer part of a non-negative finite `Double`, saturating at `max`.
    public init(truncating value: Double) {
        guard value.isFinite, value >= 1 else { self = .zero; return }
        if value >= 0x1p256 { self = .max; return }
        if value < 0x1p64 { self.init(UInt64(value)); return }
        let exponent = Int(value.exponent)            // value = significand · 2^exponent
        let significand = UInt64(value.significandBitPattern) | (1 << 52)
        self = UInt256(significand).shiftedLeft(exponent - 52)
    }

    /// `self << n` for 0 ≤ n < 256 (bits shifted out are lost).
    public func shiftedLeft(_ n: Int) -> UInt256 {
        if n <= 0 { return self }
        if n >= 256 { return .zero }
        var limbs = [w0, w1, w2, w3]
        let wordShift = n / 64, bitShift = UInt64(n % 64)
        var out = [UInt64](repeating: 0, count: 4)
        for i in stride(from: 3, through: wordShift, by: -1) {
            var v = limbs[i - wordShift] << bitShift
            if bitShift > 0 && i - wordShift - 1 >= 0 { v |= limbs[i - wordShift - 1] >> (64 - bitShift) }
            out[i] = v
        }
        limbs = out
        return UInt256(w0: limbs[0], w1: limbs[1], w2: limbs[2], w3: limbs[3])
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension UInt256: CustomStringConvertible {
    /// The exact decimal representation, without leading zeros.
    public var description: String {
        if let small = uint64Value { return String(small) }
        var chunks: [UInt64] = []
        var v = self
        let base: UInt64 = 10_000_000_000_000_000_000  // 10^19
        while !v.isZero {
            let (q, r) = v.quotientAndRemainder(dividingBy: base)
            chunks.append(r)
            v = q
        }
        var s = String(chunks.removeLast())
        for c in chunks.reversed() {
            let part = String(c)
            s += String(repeating: "0", count: 19 - part.utf8.count) + part
        }
        return s
    }
}
