import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceSimulation
import FundTraceStore
import FundTraceTaint
import FundTraceTrace
import XCTest
@testable import FundTraceEvaluation
import FundTraceTaintAdapters

/// The default trace on cases of the randomised laundering family, loaded from their files as a user would:
/// no false deposit address, and most cash-outs found. (The full measurement, 20 seeds per scale, is
/// `FundTraceBenchmarks generalisation`; BENCHMARKS.md.)
final class LaunderingAccuracyTests: XCTestCase {
    func testTheDefaultTraceHoldsOnRandomisedWorlds() throws {
        var recalls: [Double] = []
        for seed: UInt64 in [101, 102, 103] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundtrace-lw-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try LaunderingScenario(seed: seed).generate(to: dir)
            let store = try TransferStore(path: dir + "/s.sqlite")
            for f in ["transfers.csv", "pool-events.csv"] { _ = try Loader(store: store).load(path: dir + "/" + f) }
            try store.insertLabels(try LabelFileReader.read(path: dir + "/labels.csv"))
            let r = try Investigation(store: store, labels: try LabelBook(store: store), parameters: TraceParameters())
                .run(sources: try SourceSpec.readForStore(path: dir + "/sources.csv"))
            let e = TraceEvaluation.evaluate(r, against: try GroundTruth.read(from: dir))
            XCTAssertGreaterThanOrEqual(e.depositAddresses.precision ?? 0, 0.9, "seed \(seed)")
            recalls.append(e.depositAddresses.recall ?? 0)
            for t in r.totals where r.parameters.policy.isConserving { XCTAssertTrue(t.reconciled, "seed \(seed) \(t.chain) \(t.asset)") }
        }
        XCTAssertGreaterThanOrEqual(recalls.sorted()[1], 0.75, "median deposit-address recall over \(recalls)")
    }
}
