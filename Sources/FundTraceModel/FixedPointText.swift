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
        var bytes: [UInt8] = []
        guard appendExactFixedText(fractionDigits: d, to: &bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``fixedText(fractionDigits:)``'s text appended to `bytes` (no `String` made on the exact path): what reports
    /// of millions of numbers call.
    public func appendFixedText(fractionDigits d: Int, to bytes: inout [UInt8]) {
        if !appendExactFixedText(fractionDigits: d, to: &bytes) { bytes.append(contentsOf: fixedText(fractionDigits: d).utf8) }
    }

    /// The exact path of ``appendFixedText(fractionDigits:to:)``; false (having appended nothing) when it does not apply.
    private func appendExactFixedText(fractionDigits d: Int, to bytes: inout [UInt8]) -> Bool {
        guard isFinite, d >= 0, d <= 19 else { return false }
        let magnitude = self.magnitude
        var scaled: UInt128 = 0
        if magnitude != 0 {
            // magnitude = m × 2^e with m an integer below 2^53.
            let m = UInt128(magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0))
            let e = Int(magnitude.exponent) - 52 + (magnitude.isNormal ? 0 : 1)
            let p = m * Self.powersOfTen[d]  // below 2^53 × 10^19 < 2^117
            if e >= 0 {
                guard e < p.leadingZeroBitCount else { return false }
                scaled = p << e
            } else if -e < 118 {  // else p / 2^-e < 1/2: rounds to zero
                let shift = -e
                var q = p >> shift
                let r = p & ((1 << shift) - 1), half: UInt128 = 1 << (shift - 1)
                if r > half || (r == half && q & 1 == 1) { q += 1 }
                scaled = q
            }
        }
        if sign == .minus { bytes.append(UInt8(ascii: "-")) }
        // The digits, at least d + 1 of them, with the point before the last d.
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 40 bytes of scratch
        withUnsafeMutableBytes(of: &digits) { buffer in
            var n = 0
            // Right to left, in 64-bit arithmetic: the low 19 digits first when the value needs more than 64 bits.
            var high = scaled
            if scaled > UInt128(UInt64.max) {
                let (q, r) = scaled.quotientAndRemainder(dividingBy: Self.powersOfTen[19])
                var low = UInt64(r)
                for _ in 0..<19 { buffer[39 - n] = UInt8(ascii: "0") + UInt8(low % 10); low /= 10; n += 1 }
                high = q
            }
            var v = UInt64(high)
            while v != 0 || n <= d {
                buffer[39 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10; n += 1
            }
            let first = 40 - n
            bytes.append(contentsOf: buffer[first..<(40 - d)])
            if d > 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(contentsOf: buffer[(40 - d)..<40])
            }
        }
        return true
    }

    private static let powersOfTen: [UInt128] = (0...19).map { d in (0..<d).reduce(UInt128(1)) { r, _ in r * 10 } }
}
