import XCTest
import FundTraceModel

final class DisplayControlTests: XCTestCase {
    func testControlsSeparatorsAndBidiControlsButNotOrdinaryText() {
        for v: UInt32 in [0x00, 0x0A, 0x1B, 0x7F, 0x85, 0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069] {
            XCTAssertTrue(DisplayControl.contains(Unicode.Scalar(v)!), String(v, radix: 16))
        }
        for c in "aZ0 ,|<>\"'é₮𝔘🚀\u{A0}\u{200D}".unicodeScalars {
            XCTAssertFalse(DisplayControl.contains(c), String(c.value, radix: 16))
        }
    }

    func testEscapedShowsWhatTheTextHeldWithoutLettingItAct() {
        XCTAssertEqual(DisplayControl.escaped("plain ₮"), "plain ₮")
        XCTAssertEqual(DisplayControl.escaped("1\u{1B}[31mRED\n"), "1\\u{1b}[31mRED\\u{a}")
        XCTAssertEqual(DisplayControl.escaped("a\nb\u{202E}", keeping: ["\n"]), "a\nb\\u{202e}")
    }
}
