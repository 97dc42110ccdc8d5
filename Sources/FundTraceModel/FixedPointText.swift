import CFundTraceFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    /// The value printed like C's `%.Nf` with `fractionDigits` places
    /// (`1234.5` with 3 → `"1234.500"`), the text haircut amounts and ratios
    /// take in CSV and JSON.
    ///
    /// Written on `vsnprintf` into a stack buffer rather than Foundation's
    /// `String(format:)`: traces and score reports print one such number per
    /// key and flow, and Foundation's formatter (locale lookup, NSString
    /// bridging) cost ten times as much per call. Same digits, same rounding.
    public func fixedText(fractionDigits: Int) -> String {
        if let fast = exactFixedText(fractionDigits: fractionDigits) { return fast }
        // %.Nf of a finite double has at most 309 integer digits.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            // Through a C function, not withVaList: boxing the arguments as CVarArg took most of the time of writing
            // a key report (a fifth of `taint account` on 470 k rows; BENCHMARKS.md, "Batch scoring on Spark").
            let n = ft_format_fixed(buffer.baseAddress!, buffer.count, self, Int32(fractionDigits))
            guard n >= 0, Int(n) < buffer.count else { return "\(self)" }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)), as: UTF8.self)
        }
    }

    /// `%.Nf` computed exactly in integers, for the values reports print (ratios, haircut amounts in base units,
    /// up to 19 places): the double is `m × 2^e` exactly, so `m × 10^N` fits in 128 bits and one shift with
    /// round-half-to-even gives the digits C's `printf` gives (glibc rounds the exact binary value the same way).
    /// Nil when the scaled value passes 2^128, or for infinities and NaN: `snprintf` prints those.
    ///
    /// Exists because `snprintf`'s `%f` (its multi-precision division and per-digit loop) was about a tenth of
    /// `taint account --presorted` on a million rows (perf); this is several times faster.
    package func exactFixedText(fractionDigits d: Int) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            writeExactFixedText(fractionDigits: d, into: buffer.baseAddress!).map {
                String(decoding: UnsafeBufferPointer(start: buffer.baseAddress!, count: $0), as: UTF8.self)
            }
        }
    }

    /// ``fixedText(fractionDigits:)``'s text appended to `bytes` (no `String` made on the exact path): what reports
    /// of millions of numbers call.
    public func appendFixedText(fractionDigits d: Int, to bytes: inout [UInt8]) {
        bytes.append(upTo: Self.fixedTextCapacity) { writeFixedText(fractionDigits: d, into: $0) }
    }

    /// The most bytes ``writeFixedText(fractionDigits:into:)`` writes: `%.19f` of the largest double, with its sign.
    public static let fixedTextCapacity = 400

    /// ``fixedText(fractionDigits:)``'s text written at `p`, which has room for ``fixedTextCapacity`` bytes; returns
    /// how many were written. What a report's row writer calls, with no array or string in between. At most 19
    /// places: the room is counted for them.
    public func writeFixedText(fractionDigits d: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(d >= 0 && d <= 19, "at most 19 places")
        if let n = writeExactFixedText(fractionDigits: d, into: p) { return n }
        let text = fixedText(fractionDigits: d).utf8  // `%.19f` of any double: at most 330 bytes
        precondition(text.count <= Self.fixedTextCapacity)
        return UnsafeMutableBufferPointer(start: p, count: text.count).initialize(from: text).1
    }

    /// The exact path of ``writeFixedText(fractionDigits:into:)``: the bytes written (at most 41), or nil (having
    /// written nothing) when it does not apply.
    private func writeExactFixedText(fractionDigits d: Int, into p: UnsafeMutablePointer<UInt8>) -> Int? {
        guard isFinite, d >= 0, d <= 19 else { return nil }
        let magnitude = self.magnitude
        var scaled: UInt128 = 0
        if magnitude != 0 {
            // magnitude = m × 2^e with m an integer below 2^53.
            let m = UInt128(magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0))
            let e = Int(magnitude.exponent) - 52 + (magnitude.isNormal ? 0 : 1)
            let p = m * Self.powerOfTen(d)  // below 2^53 × 10^19 < 2^117
            if e >= 0 {
                guard e < p.leadingZeroBitCount else { return nil }
                scaled = p << e
            } else if -e < 118 {  // else p / 2^-e < 1/2: rounds to zero
                let shift = -e
                var q = p >> shift
                let r = p & ((1 << shift) - 1), half: UInt128 = 1 << (shift - 1)
                if r > half || (r == half && q & 1 == 1) { q += 1 }
                scaled = q
            }
        }
        // The digits, at least d + 1 of them (at most 39), right to left into scratch, then copied with the point
        // before the last d.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            let last = buffer.baseAddress! + 40
            var first = last
            var high = UInt64(truncatingIfNeeded: scaled)
            if scaled > UInt128(UInt64.max) {
                // The low 19 digits first. The high word is below 10^19 (scaled < 2^117), so one 128-by-64-bit
                // division gives both parts, where UInt128's `/` called a general 128-bit division.
                let (q, r) = Self.tenToThe19.dividingFullWidth((UInt64(truncatingIfNeeded: scaled >> 64), UInt64(truncatingIfNeeded: scaled)))
                first -= Int(ft_u64_digits(r, 19, first))
                high = q
            }
            let written = last - first
            if high != 0 || written == 0 { first -= Int(ft_u64_digits(high, Int32(Swift.max(0, d + 1 - written)), first)) }
            while last - first <= d { first -= 1; first.pointee = UInt8(ascii: "0") }
            var out = p
            if sign == .minus { out.pointee = UInt8(ascii: "-"); out += 1 }
            let whole = last - d - first
            out.update(from: first, count: whole); out += whole
            if d > 0 {
                out.pointee = UInt8(ascii: "."); out += 1
                out.update(from: last - d, count: d); out += d
            }
            return p.distance(to: out)
        }
    }

    private static let tenToThe19: UInt64 = 10_000_000_000_000_000_000

    /// 10^d for d ≤ 19, without a global array's lazy initialiser on each call.
    @inline(__always)
    private static func powerOfTen(_ d: Int) -> UInt128 {
        var r: UInt64 = 1
        for _ in 0..<d { r &*= 10 }
        return UInt128(r)
    }
}
