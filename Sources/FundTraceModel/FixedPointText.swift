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
        // %.Nf of a finite double has at most 309 integer digits.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            // Through a C function, not withVaList: boxing the arguments as CVarArg took most of the time of writing
            // a key report (a fifth of `taint account` on 470 k rows; BENCHMARKS.md, "Batch scoring on Spark").
            let n = ft_format_fixed(buffer.baseAddress!, buffer.count, self, Int32(fractionDigits))
            guard n >= 0, Int(n) < buffer.count else { return "\(self)" }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)), as: UTF8.self)
        }
    }
}
