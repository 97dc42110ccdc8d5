import Foundation
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceTaintAdapters

/// A trace that would outgrow its memory bounds stops with an error naming the bound, before the work that would
/// need the memory; inside the bounds it runs as before.
final class TraceTooLargeTests: XCTestCase {
    /// A thief sends to a hub, which pays 50 fresh addresses.
    func hub(in dir: URL) throws -> TransferStore {
        var rows = [TraceFixtures.Row(from: "0xthief", to: "0xhub", amount: "5000", block: 1)]
        for i in 0..<50 { rows.append(TraceFixtures.Row(from: "0xhub", to: "0xout\(i)", amount: "100", block: UInt64(2 + i))) }
        return try TraceFixtures.store(rows, in: dir)
    }

    func trace(_ store: TransferStore, _ change: (inout TraceParameters) -> Void) throws -> TraceResult {
        var p = TraceParameters()
        change(&p)
        let spec = SourceSpec(rules: [.init(kind: .wholeBalance, chain: "eth", id: "0xthief")])
        return try Investigation(store: store, labels: try LabelBook(store: store), parameters: p).run(sources: spec)
    }

    func testTooManyAddressesStopsWithTheBoundNamed() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try hub(in: dir)
        XCTAssertThrowsError(try trace(store) { $0.maxAddresses = 10 }) { error in
            guard let e = error as? TraceTooLarge else { return XCTFail("\(error)") }
            XCTAssertEqual(e.limit, 10)
            XCTAssertEqual(e.reached, 11, "stopped at the first key past the bound, not after the hub's 50")
            XCTAssertTrue(e.description.contains("--max-addresses"))
        }
        XCTAssertEqual(try trace(store) { $0.maxAddresses = 52 }.endpoints.count, 50)
    }

    func testAnAddressWithMoreTransfersThanMaySweepIsRefusedBeforeItsRowsAreRead() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try hub(in: dir)
        XCTAssertThrowsError(try trace(store) { $0.maxTransfers = 20; $0.maxDegree = 1_000 }) { error in
            guard let e = error as? TraceTooLarge else { return XCTFail("\(error)") }
            XCTAssertTrue(e.what.contains("0xhub"), e.description)
            XCTAssertTrue(e.description.contains("--max-transfers"))
        }
        // Below --max-degree the hub is not followed at all (flagged incomplete): no error.
        let stopped = try trace(store) { $0.maxTransfers = 20; $0.maxDegree = 10 }
        XCTAssertEqual(stopped.endpoints.first { $0.address == "0xhub" }?.reason, .incomplete)
        // Enough room: the whole sweep.
        XCTAssertThrowsError(try trace(store) { $0.maxTransfers = 40; $0.maxDegree = 1_000 })
        XCTAssertEqual(try trace(store) { $0.maxTransfers = 60; $0.maxDegree = 1_000 }.flows.count, 51)
    }
}
