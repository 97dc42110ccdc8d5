import XCTest
import FundTraceCSV

/// An error's message is built from its cause; callers and tests match on the cause's kind.
final class IngestErrorTests: XCTestCase {
    func testEachCauseBuildsItsMessage() {
        let cases: [(IngestError.Cause, IngestError.Cause.Kind, String)] = [
            (.unreadable("cannot open: No such file or directory"), .unreadable, "cannot open: No such file or directory"),
            (.tooLarge(what: "an OFAC address list of 70 MiB", limit: 64 << 20), .tooLarge,
             "an OFAC address list of 70 MiB: larger than 64 MiB, the most FundTrace reads"),
            (.tooLarge(what: "a line", limit: 1000), .tooLarge, "a line: larger than 1000 bytes, the most FundTrace reads"),
            (.empty("empty file"), .empty, "empty file"),
            (.invalidUTF8("column 'to'"), .invalidUTF8, "column 'to': invalid UTF-8"),
            (.invalidUTF8(""), .invalidUTF8, "invalid UTF-8"),
            (.header(expected: ["a", "b"]), .header, "header must be exactly 'a,b'"),
            (.header(expected: ["a"], note: "(sources)"), .header, "header must be exactly 'a' (sources)"),
            (.fieldCount(expected: 10, found: 11), .syntax, "expected 10 fields, found 11"),
            (.format("not a TagPack"), .format, "not a TagPack"),
            (.value("not an integer"), .value, "not an integer"),
            (.inconsistent("a:0 is spent twice"), .inconsistent, "a:0 is spent twice"),
            (.outOfMemory(limit: 64 << 20, progress: "70 MiB after 9 rows"), .outOfMemory, "needs more memory than the 64 MiB given (70 MiB after 9 rows)"),
        ]
        for (cause, kind, message) in cases {
            XCTAssertEqual(cause.kind, kind, message)
            XCTAssertEqual(cause.message, message)
            XCTAssertEqual(IngestError(file: "f.csv", line: 2, column: 3, cause).description, "f.csv:2:3: \(message)")
        }
        XCTAssertEqual(Set(cases.map(\.1)), Set(IngestError.Cause.Kind.allCases), "every kind has a case here")
    }
}
