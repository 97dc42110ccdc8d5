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
        guard isFinite, d >= 0, d <= 19 else { return nil }
        let negative = sign == .minus
        let magnitude = self.magnitude
        var scaled: UInt128
        if magnitude == 0 {
            scaled = 0
        } else {
            // magnitude = m × 2^e with m an integer below 2^53.
            let m = UInt128(magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0))
            let e = Int(magnitude.exponent) - 52 + (magnitude.isNormal ? 0 : 1)
            var power: UInt128 = 1
            for _ in 0..<d { power *= 10 }
            let p = m * power  // below 2^53 × 10^19 < 2^117
            if e >= 0 {
                guard e < p.leadingZeroBitCount else { return nil }
                scaled = p << e
            } else if -e >= 118 {
                scaled = 0  // p / 2^-e < 1/2: rounds to zero
            } else {
                let shift = -e
                var q = p >> shift
                let r = p & ((1 << shift) - 1), half: UInt128 = 1 << (shift - 1)
                if r > half || (r == half && q & 1 == 1) { q += 1 }
                scaled = q
            }
        }
        // At most 39 digits: in two 64-bit halves of up to 19 digits below 10^38, else the 128-bit way.
        let tenTo19: UInt128 = 10_000_000_000_000_000_000
        var digits: String
        if scaled <= UInt128(UInt64.max) {
            digits = String(UInt64(scaled))
        } else if scaled < tenTo19 * tenTo19 {
            let low = String(UInt64(scaled % tenTo19))
            digits = String(UInt64(scaled / tenTo19)) + String(repeating: "0", count: 19 - low.count) + low
        } else {
            digits = String(scaled)
        }
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return negative ? "-" + digits : digits
    }
}
