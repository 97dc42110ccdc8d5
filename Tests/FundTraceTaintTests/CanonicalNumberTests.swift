import XCTest
import FundTraceModel
@testable import FundTraceTaintAdapters

/// The digits of a canonical file's numbers, eight at a time, against Swift's own reading of the same text.
final class CanonicalNumberTests: XCTestCase {
    func testDigitsReadAsSwiftReadsThem() {
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        // Digits mostly, and every kind of near miss: the bytes either side of '0'...'9', a sign, a space, a high byte.
        let others: [UInt8] = [0x2F, 0x3A, 0x3F, 0x20, 0x2D, 0x2B, 0x2E, 0x00, 0xFF, 0xFA, 0x40, 0x60, 0x39 + 0x80]
        for round in 0..<20_000 {
            let length = next(23)
            var bytes = (0..<length).map { _ in UInt8(0x30 + next(10)) }
            if round % 3 == 0, length > 0 { bytes[next(length)] = others[next(others.count)] }
            let expected: UInt64? = (1...19).contains(bytes.count) && bytes.allSatisfy { (0x30...0x39).contains($0) }
                ? UInt64(String(decoding: bytes, as: UTF8.self)) : nil
            XCTAssertEqual(CanonicalNumber.digits(bytes), expected, "\(bytes)")
            XCTAssertEqual(bytes.withUnsafeBufferPointer { CanonicalNumber.digits($0) }, expected, "\(bytes)")
        }
        XCTAssertEqual(CanonicalNumber.digits(Array("9999999999999999999".utf8)), 9_999_999_999_999_999_999)
        XCTAssertEqual(CanonicalNumber.digits(Array("0000000000000000001".utf8)), 1)
        XCTAssertNil(CanonicalNumber.digits(Array("18446744073709551615".utf8)), "20 digits go to the exact parser")
        XCTAssertNil(CanonicalNumber.digits([UInt8]()))
    }
    /// Amounts of 20 to 38 digits take a path of their own: the same value as the exact parser, and the same errors
    /// (that path gives up and the parser explains).
    func testWideAmountsReadAsTheExactParserReadsThem() throws {
        var seed: UInt64 = 11
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        var texts = ["10000000000000000000", "99999999999999999999999999999999999999", "00000000000000000000000000000000000001",
                     "340282366920938463463374607431768211455", "1000000000000000000000000000000000000000", "12345678901234567890x", "-12345678901234567890"]
        for _ in 0..<5_000 { texts.append(String((0..<(18 + next(24))).map { _ in Character(String(next(10))) })) }
        for text in texts {
            let bytes = Array(text.utf8)
            let exact = Amount.parseDecimal(bytes)
            do {
                let read = try bytes.withUnsafeBufferPointer { try CanonicalNumber.amount($0, column: 9, line: 2, path: "t.csv") }
                XCTAssertEqual(exact, .success(read), text)
            } catch {
                guard case .failure = exact else { return XCTFail("\(text): \(error)") }
                XCTAssertTrue("\(error)".contains("amount"), "\(error)")
            }
        }
    }
}
