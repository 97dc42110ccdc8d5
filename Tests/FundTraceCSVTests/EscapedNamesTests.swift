import XCTest
import FundTraceCSV

final class EscapedNamesTests: XCTestCase {
    /// Every name is escaped exactly as the writer escapes a text field
    /// (untrusted on-chain text: separators, quotes, line breaks, formulas),
    /// and absent names and ids past either end are empty fields.
    func testNamesAreEscapedAsTheWriterEscapesText() throws {
        let names: [String?] = ["USDC", nil, "a,b", "say \"hi\"", "=HYPERLINK(\"x\")", "", "line\nbreak", "0xdac17f958d2ee523a2206206994597c13d831ec7"]
        let escaped = EscapedNames(names)
        XCTAssertEqual(escaped.count, names.count)
        let w = CSVWriter()
        for id in -1...names.count {
            try w.writeRecord { row in row.field(id, of: escaped); row.field("|") }
        }
        let expected = ([""] + names.map { $0.map { CSVWriter.escape($0) } ?? "" } + [""]).map { $0 + ",|\n" }.joined()
        XCTAssertEqual(w.text, expected)
    }
}
