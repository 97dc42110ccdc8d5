import Foundation
import XCTest
@testable import FundTraceIngest
import FundTraceCSV

/// A JSON document `Codable` cannot decode fails like any other input: file,
/// line and column for broken JSON, the key path for the wrong shape.
final class JSONDocumentErrorTests: XCTestCase {
    struct Document: Decodable { var name: String; var items: [Item] }
    struct Item: Decodable { var amount: String }

    func error(_ text: String) -> String {
        let data = Data(text.utf8)
        do {
            _ = try JSONDecoder().decode(Document.self, from: data)
            return "decoded"
        } catch let e as DecodingError {
            return "\(IngestError.decoding(e, file: "d.json", data: data, what: "a document"))"
        } catch {
            return "\(error)"
        }
    }

    func testBrokenJSONIsLocated() {
        XCTAssertEqual(error("{\"name\": \"a\",\n  \"items\": [}"), "d.json:2:13: invalid JSON: value expected, found '}'")
        XCTAssertEqual(error(""), "d.json:1:1: invalid JSON: truncated JSON: value expected")
        XCTAssertEqual(error("{\"name\": \u{7}}"), "d.json:1:10: invalid JSON: value expected", "control bytes are not echoed")
    }

    func testWrongShapeNamesThePath() {
        XCTAssertEqual(error(#"{"items": []}"#), "d.json: not a document: no 'name'")
        XCTAssertEqual(error(#"{"name": "a", "items": [{"amount": "1"}, {"amount": 2}]}"#),
                       "d.json: not a document: String expected at 'items[1].amount'")
        XCTAssertEqual(error(#"{"name": null, "items": []}"#), "d.json: not a document: String expected, found null at 'name'")
    }

    func testPositionCountsLinesAndBytes() {
        let data = Data("ab\ncd\n\nef".utf8)
        XCTAssertEqual(IngestError.position(of: 0, in: data).line, 1)
        XCTAssertEqual(IngestError.position(of: 4, in: data).line, 2)
        XCTAssertEqual(IngestError.position(of: 4, in: data).column, 2)
        XCTAssertEqual(IngestError.position(of: 7, in: data).line, 4)
        XCTAssertEqual(IngestError.position(of: 7, in: data).column, 1)
    }
}
