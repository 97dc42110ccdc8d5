import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

final class NameTableTests: XCTestCase {
    /// Dense ids in order of first sight, the same id on every later sight,
    /// through many growths of the table.
    func testIDsAreDenseAndStable() {
        var t = NameTable()
        let names = (0..<50_000).map { "0x" + String(format: "%040x", $0 &* 2_654_435_761) }
        for (i, n) in names.enumerated() { XCTAssertEqual(t.id(n), UInt32(i)) }
        for (i, n) in names.enumerated().reversed() {
            XCTAssertEqual(t.id(Array(n.utf8)[...]), UInt32(i))
            XCTAssertEqual(t.existingID(n), UInt32(i))
            XCTAssertEqual(t[UInt32(i)], n)
        }
        XCTAssertNil(t.existingID("0xnot-there"))
        XCTAssertEqual(t.id(""), UInt32(names.count), "the empty name is a name")
        XCTAssertEqual(t.id(""), UInt32(names.count))
    }

    /// Names are bytes: Unicode-equivalent spellings and invalid UTF-8 stay apart.
    func testNamesAreComparedByteForByte() {
        var t = NameTable()
        let composed = t.id("caf\u{E9}"), decomposed = t.id("cafe\u{301}")
        XCTAssertNotEqual(composed, decomposed, "Swift's == would merge them; identifiers must not")
        let a: [UInt8] = [0x41, 0xFF], b: [UInt8] = [0x41, 0xFE]
        let ia = t.id(a[...]), ib = t.id(b[...])
        XCTAssertNotEqual(ia, ib, "both decode to A\u{FFFD}, but they are different bytes")
        XCTAssertEqual(t.id(a[...]), ia)
        XCTAssertEqual(t.id(b[...]), ib)
        XCTAssertEqual(t[ia], "A\u{FFFD}")
    }
}
