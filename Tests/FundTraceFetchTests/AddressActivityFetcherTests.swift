import XCTest
@testable import FundTraceFetch
import FundTraceIngest

/// A provider that refuses large log queries gets them in halves, each block exactly once.
final class AddressActivityFetcherTests: XCTestCase {
    func fetcher() throws -> AddressActivityFetcher {
        AddressActivityFetcher(client: JSONRPCClient(transport: HTTPTransport(endpoint: try ServiceEndpoint("http://127.0.0.1:9/"))))
    }

    func testRefusedRangesAreHalvedUntilTheyAnswer() throws {
        var asked: [ClosedRange<UInt64>] = []
        let logs = try fetcher().split(100...1099) { r in
            asked.append(r)
            guard r.count <= 64 else { throw FetchError(endpoint: "e", query: "q", .service("query returned more than 10000 results", code: -32005)) }
            return .array(r.map { .number(String($0)) })
        }
        XCTAssertEqual(logs.compactMap { $0.text.flatMap { UInt64($0) } }, Array(100...1099), "every block once, in order")
        XCTAssertGreaterThan(asked.count, 16)
    }

    func testABlockStillRefusedIsAnErrorAndOtherRefusalsAreNotRetried() throws {
        XCTAssertThrowsError(try fetcher().split(5...8) { _ in throw FetchError(endpoint: "e", query: "q", .service("block range too large")) })
        var calls = 0
        XCTAssertThrowsError(try fetcher().split(1...1000) { _ in calls += 1; throw FetchError(endpoint: "e", query: "q", .service("invalid params", code: -32000)) })
        XCTAssertEqual(calls, 1, "only a refusal for size is split")
    }
}
