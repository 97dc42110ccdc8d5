import Foundation
import XCTest
@testable import FundTraceModel

final class FixedPointTextTests: XCTestCase {
    /// The same text as `String(format: "%.Nf")` — what earlier output files hold — over
    /// edge values and a seeded spread of magnitudes.
    func testMatchesFoundationFormatting() {
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 1e-10, 0.1, 1e15, 9_007_199_254_740_993, 1.2345678901234567e18,
                                1.157920892373162e77, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -3.75]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = Double(state >> 11) / Double(1 << 53)
            let exponent = Int(state % 160) - 60
            values.append(mantissa * pow(10, Double(exponent)))
        }
        for v in values {
            for digits in [0, 9, 15] {
                XCTAssertEqual(v.fixedText(fractionDigits: digits), String(format: "%.\(digits)f", v), "\(v) with \(digits) places")
            }
        }
    }

    /// The integer path gives C's digits wherever it answers: random doubles of every exponent that can fit, exact
    /// ties at the last place (round half to even), subnormals, negatives, and every number of places it takes.
    func testTheExactPathMatchesPrintfWhereverItAnswers() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        var values: [Double] = [0.5, 1.5, 2.5, 0.125, 0.375, 0.0625, 2.675, 1.005, 0.045, 5e-324, 2.2250738585072014e-308, 1 - 1e-16,
                                Double(UInt64.max), 18_446_744_073_709_549_568, -0.0, -2.5, -1e-20, 0.1 + 0.2,
                                // whole numbers, which take a path of their own: small, near 2^53, 2^64 and 2^126, negative
                                0, 1, 2, 10, 7_750_718_391_355_185, 9_007_199_254_740_993, 0x1p64, 0x1p100, 0x1p125 * 1.5, 0x1p126, -3, -0x1p70]
        for _ in 0..<20_000 {
            let exponent = next() % 1151  // biased: subnormals up to 2^127
            values.append(Double(bitPattern: (next() & 0x800F_FFFF_FFFF_FFFF) | (exponent << 52)))
        }
        var answered = 0
        for v in values {
            for digits in [0, 1, 2, 3, 6, 9, 15, 19] {
                guard let fast = v.exactFixedText(fractionDigits: digits) else { continue }
                answered += 1
                XCTAssertEqual(fast, String(format: "%.\(digits)f", v), "\(v) (bits \(String(v.bitPattern, radix: 16))) with \(digits) places")
            }
        }
        XCTAssertGreaterThan(answered, values.count * 4, "most values take the integer path")
        XCTAssertNil(Double.infinity.exactFixedText(fractionDigits: 3))
        XCTAssertNil(1e40.exactFixedText(fractionDigits: 0), "beyond 2^128: printf prints it")
        XCTAssertEqual(1e25.exactFixedText(fractionDigits: 9), String(format: "%.9f", 1e25), "a haircut amount of 10^25 base units")
    }
    /// What a report's row writer calls: the same bytes as ``Double/fixedText(fractionDigits:)`` on both paths.
    func testWritingIntoABufferGivesTheFixedText() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Double.fixedTextCapacity)
        defer { buffer.deallocate() }
        for v in [0, 1, 0.1, 2.5, -3.75, 1e25, 1e40, -1.7976931348623157e308, Double.infinity, 123_456_789.123_456_789] {
            for digits in [0, 9, 15, 19] {
                let n = v.writeFixedText(fractionDigits: digits, into: buffer)
                XCTAssertEqual(String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self), v.fixedText(fractionDigits: digits))
            }
        }
    }
}
