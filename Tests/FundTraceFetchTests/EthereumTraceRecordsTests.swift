import XCTest
@testable import FundTraceFetch
import FundTraceIngest

/// trace_block's answers: a call inside a failed one is marked failed too (its value never moved), per transaction.
final class EthereumTraceRecordsTests: XCTestCase {
    func testFailureReachesEveryCallInsideTheFailedOne() throws {
        func trace(_ tx: Character, _ path: [Int], error: String? = nil) -> String {
            let a = "0x" + String(repeating: "1", count: 40)
            return "{\"type\":\"call\",\"action\":{\"from\":\"\(a)\",\"to\":\"\(a)\",\"value\":\"0x5\",\"callType\":\"call\"},\"result\":{\"gasUsed\":\"0x0\"},"
                + "\"blockNumber\":9,\"transactionHash\":\"0x\(String(repeating: tx, count: 64))\",\"transactionPosition\":0,"
                + "\"traceAddress\":\(path),\"subtraces\":0\(error.map { ",\"error\":\"\($0)\"" } ?? "")}"
        }
        let answer = "[" + [trace("a", []), trace("a", [0], error: "Reverted"), trace("a", [0, 0]), trace("a", [0, 0, 3]), trace("a", [1]),
                            trace("b", []), trace("b", [0])].joined(separator: ",") + "]"
        let records = try EthereumTraceRecords.records(traces: try JSONParser.parse(Array(answer.utf8)), timestamp: .null)
        XCTAssertEqual(records.map { $0["status"]?.text }, ["1", "0", "0", "0", "1", "1", "1"])
    }
}
