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
}
