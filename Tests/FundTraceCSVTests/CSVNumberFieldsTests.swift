import XCTest
import FundTraceModel
@testable import FundTraceCSV

/// A record's number fields written in one piece read as the same fields written one by one.
final class CSVNumberFieldsTests: XCTestCase {
    func testNumberFieldsAfterTextFieldsAreSeparatedAsSingleFieldsAre() {
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 512)
        defer { scratch.deallocate() }
        let big = Amount("115792089237316195423570985008687907853269984665640564039457584007913129639935")!
        var together: [UInt8] = [], apart: [UInt8] = []
        CSVWriter.appendRecord(to: &together) { row in
            row.field("a,b")
            row.numbers(using: scratch) { n in
                n.amount(big); n.amount(.zero); n.flag(true)
                n.field(upTo: 8) { p in p[0] = UInt8(ascii: "3"); p[1] = UInt8(ascii: "7"); return 2 }
            }
            row.field("end")
        }
        CSVWriter.appendRecord(to: &apart) { row in
            row.field("a,b"); row.field(big); row.field(.zero); row.field("1"); row.field("37"); row.field("end")
        }
        XCTAssertEqual(String(decoding: together, as: UTF8.self), String(decoding: apart, as: UTF8.self))
        XCTAssertEqual(String(decoding: together, as: UTF8.self), "\"a,b\",\(big),0,1,37,end\n")
    }

    func testARecordThatStartsWithNumbersHasNoLeadingSeparator() {
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 128)
        defer { scratch.deallocate() }
        var bytes: [UInt8] = []
        CSVWriter.appendRecord(to: &bytes) { row in
            row.numbers(using: scratch) { n in n.amount(Amount(42)); n.flag(false) }
            row.numbers(using: scratch) { _ in }
            row.numbers(using: scratch) { n in n.amount(Amount(7)) }
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "42,0,7\n")
    }

    func testPlainTextIsASCIIWithNothingToQuoteAndNoFormulaStart() {
        func plain(_ s: String) -> Bool { Array(s.utf8).withUnsafeBytes { CSVWriter.isPlainText($0) } }
        XCTAssertTrue(plain("0x52908400098527886e0f7030069857d2e4169ee7"))
        XCTAssertTrue(plain(""))
        XCTAssertTrue(plain(String(repeating: "ab", count: 40)))
        for bad in ["a,b", "q\"", "line\nbreak", "cr\r", "é", "=cmd", "-5", "+x", "@sum", String(repeating: "a", count: 33) + ","] {
            XCTAssertFalse(plain(bad), bad)
        }
        // Every place in a long string, past the 16-byte blocks and in the tail.
        for i in 0..<40 {
            var s = Array(String(repeating: "a", count: 40).utf8)
            s[i] = UInt8(ascii: ",")
            XCTAssertFalse(s.withUnsafeBytes { CSVWriter.isPlainText($0) }, "comma at \(i)")
            s[i] = 0xC3
            XCTAssertFalse(s.withUnsafeBytes { CSVWriter.isPlainText($0) }, "high byte at \(i)")
        }
    }
}
