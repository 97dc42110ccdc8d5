import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceFetch
import FundTraceIngest

/// Token metadata decoded from real recorded `eth_call` answers as ethereum-etl decoded them: ABI strings,
/// `bytes32` symbols (EOS), NUL-padded names, an empty name and zero decimals answered by the contract itself.
final class TokenMetadataTests: XCTestCase {
    func testRecordedAnswersDecodeAsEthereumETLExportedThem() throws {
        let cases: [(folder: String, contract: String, expected: [String: String?])] = [
            ("test_export_tokens_job/token_with_alternative_return_type", "0x86fa049857e0209aa7d9e616f7eb3b3b78ecfdb0", [:]),
            ("test_export_tokens_job/token_with_invalid_data", "0xf763be8b3263c268e9789abfb3934564a7b80054", [:]),
            ("test_stream/blocks_2112234_2112234", "0xdbdacfc9eb9d42559ac1efbdb40460c728139e6a",
             ["symbol": "", "name": "", "decimals": "0", "total_supply": "0"]),
        ]
        for c in cases {
            let folder = try SharedData.url("ethereum-etl/tests/resources/\(c.folder)")
            let answers = TokenMetadata.selectors.map { s -> String? in
                let file = folder.appendingPathComponent(RecordedNode.fileName("eth_call", [.object(["to": .string(c.contract), "data": .string(s.selector)]), .string("latest")]))
                return (try? Data(contentsOf: file)).flatMap { try? JSONParser.parse($0) }?["result"]?.text
            }
            let record = TokenMetadata.record(contract: c.contract, answers: answers)
            var expected = c.expected
            let csv = folder.appendingPathComponent("expected_tokens.csv")
            if let text = try? String(contentsOf: csv, encoding: .utf8) {
                let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                // CSV writes null and "" alike: an empty cell is compared as "".
                for (k, v) in zip(lines[0], lines[1]) where TokenMetadata.selectors.contains(where: { $0.field == k }) { expected[k] = v }
            }
            XCTAssertEqual(expected.count, 4, c.folder)
            for (field, value) in expected {
                let got = record[field]?.text
                XCTAssertEqual(value == "" ? got ?? "" : got, value, "\(c.folder) \(field)")
            }
        }
    }
}
