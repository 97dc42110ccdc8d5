import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceSimulation
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import XCTest
import FundTraceTestSupport
@testable import FundTraceEvaluation
import FundTraceTaintAdapters

/// The shipped CoinStats-like case, traced with default settings: the goals of
/// the datasets issue (endpoint recall ≥ 95 %, precision ≥ 90 %), with poison's
/// lower precision beside it.
final class CoinStatsAccuracyTests: XCTestCase {
    static let dataset = SharedData.inRepository("Datasets/coinstats-2024").path

    func testDefaultTraceFindsTheCashOutsAndPoisonOverFlags() throws {
        let dir = try newTemporaryDirectory("fundtrace-cs").path
        let store = try TransferStore(path: dir + "/case.sqlite")
        let folder = CaseFolder(Self.dataset)
        XCTAssertEqual(try folder.chains(), ["bsc", "ethereum", "polygon"])
        XCTAssertTrue(try folder.load(into: store).allSatisfy { $0.rowsRejected == 0 })
        let sources = try SourceSpec.readForStore(path: folder.sources)
        let truth = try GroundTruth.read(from: Self.dataset)
        var scores: [TaintPolicy: TraceEvaluation] = [:]
        for policy in [TaintPolicy.haircut, .fifo, .poison] {
            var p = TraceParameters()
            p.policy = policy
            let r = try Investigation(store: store, labels: try LabelBook(store: store), parameters: p).run(sources: sources)
            if policy.isConserving { for t in r.totals { XCTAssertTrue(t.reconciled, "\(policy) \(t.chain) \(t.asset)") } }
            XCTAssertTrue(r.crossings?.contains { $0.kind == "bridge" && $0.chain == "bsc" && $0.exitChain == "ethereum" } == true, "\(policy)")
            XCTAssertGreaterThan(r.crossings?.filter { $0.kind == "swap" }.count ?? 0, 6, "\(policy)")
            scores[policy] = TraceEvaluation.evaluate(r, against: truth)
        }
        for policy in [TaintPolicy.haircut, .fifo] {
            let e = scores[policy]!
            XCTAssertGreaterThanOrEqual(e.depositAddresses.recall!, 0.95, "\(policy)")
            XCTAssertGreaterThanOrEqual(e.depositAddresses.precision!, 0.90, "\(policy)")
            XCTAssertLessThan(e.medianAmountError!, 0.01, "\(policy)")
        }
        XCTAssertLessThan(scores[.poison]!.depositAddresses.precision!, scores[.haircut]!.depositAddresses.precision! - 0.1,
                          "poison flags the innocent merchant's downstream")
    }
}
