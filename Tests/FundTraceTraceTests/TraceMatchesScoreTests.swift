import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
import FundTraceTestSupport
@testable import FundTraceTrace
import FundTraceCSV
import FundTraceTaintAdapters

/// A trace reads only part of the store, yet for the keys it follows its
/// numbers equal the full-store `score` sweep.
final class TraceMatchesScoreTests: XCTestCase {
    /// Seeded random transfers among 40 addresses in two assets, with fees
    /// and clean inflows, some of them before the sources receive anything.
    func randomRows(seed: UInt64, count: Int) -> [TraceFixtures.Row] {
        var s = seed
        func next(_ n: UInt64) -> UInt64 { s = s &* 6364136223846793005 &+ 1442695040888963407; return (s >> 33) % n }
        var rows: [TraceFixtures.Row] = []
        for i in 0..<count {
            let from = "A\(next(40))", to = next(10) == 0 ? "S\(next(3))" : "A\(next(40))"
            let asset = next(3) == 0 ? "USDT" : "ETH"
            rows.append(.init(from: from, to: to, amount: String(next(1_000_000)), block: UInt64(1 + i / 3), asset: asset,
                              fee: asset == "ETH" && next(2) == 0 ? String(next(500)) : "", log: UInt64(i % 3)))
            if next(7) == 0 { rows.append(.init(from: "S\(next(3))", to: "A\(next(40))", amount: String(next(300_000)), block: UInt64(1 + i / 3), log: 3)) }
        }
        return rows
    }

    func scores(_ store: TransferStore, _ spec: SourceSpec, _ policy: TaintPolicy, _ dir: URL) throws -> [String: [String: String]] {
        let path = dir.appendingPathComponent("score-\(policy).csv").path
        let w = try CSVWriter(path: path)
        _ = try StoreScorer.score(store: store, sources: spec, policy: policy, to: w)
        try w.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var out: [String: [String: String]] = [:]
        for l in lines.dropFirst() { out[l[0] + "/" + l[1] + "/" + l[2]] = Dictionary(uniqueKeysWithValues: zip(lines[0], l)) }
        return out
    }

    func check(_ store: TransferStore, _ spec: SourceSpec, dir: URL, minimumNodes: Int) throws {
        for policy in TaintPolicy.allCases {
            var p = TraceParameters()
            p.policy = policy; p.stopAt = []; p.maxHops = 10_000; p.maxDegree = 1_000_000
            let r = try Investigation(store: store, labels: LabelBook([]), parameters: p).run(sources: spec)
            let score = try scores(store, spec, policy, dir)
            let followed = r.nodes.filter { $0.role != .endpoint }
            XCTAssertGreaterThanOrEqual(followed.count, minimumNodes, "\(policy)")
            XCTAssertEqual(r.nodes.count, followed.count, "nothing stops the trace")
            for n in followed {
                let s = try XCTUnwrap(score["\(n.chain)/\(n.address)/\(n.asset)"])
                XCTAssertEqual(n.taintedReceived, s["tainted_received"], "\(policy) \(n.address) \(n.asset)")
                XCTAssertEqual(n.taintedHeld, s["tainted_held"], "\(policy) \(n.address) \(n.asset)")
                XCTAssertEqual(n.taintedSent, s["tainted_sent"], "\(policy) \(n.address) \(n.asset)")
                XCTAssertEqual(n.balance, s["balance"], "\(policy) \(n.address) \(n.asset)")
                XCTAssertEqual(n.hop.map(String.init) ?? "", s["hops"], "\(policy) \(n.address) \(n.asset)")
            }
            // Every key the full sweep finds holding taint is in the trace.
            let holders = score.values.filter { $0["tainted_held"] != "0" && $0["whole_balance_source"] == "0" }
            XCTAssertEqual(Set(holders.map { $0["address"]! + "/" + $0["asset"]! }),
                           Set(r.endpoints.map { $0.address + "/" + $0.asset }), "\(policy)")
            XCTAssertEqual(r.statistics.reentries, 0)
            if policy.isConserving { XCTAssertTrue(r.totals.allSatisfy(\.reconciled), "\(policy)") }
            else { XCTAssertTrue(r.totals.allSatisfy { !$0.reconciled }) }
        }
    }

    func testRandomScenarioUnderEveryPolicy() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store(randomRows(seed: 7, count: 900), in: dir)
        let spec = SourceSpec(rules: [.init(kind: .address, chain: "eth", id: "S0", startBlock: 40),
                                      .init(kind: .address, chain: "eth", id: "S1", asset: "USDT"),
                                      .init(kind: .wholeBalance, chain: "eth", id: "S2", asset: "ETH")])
        try check(store, spec, dir: dir, minimumNodes: 40)
    }

    func testShippedSampleTheft() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
        let sample = SharedData.inRepository("Datasets/sample-theft")
        for f in ["blocks.csv", "transactions.csv", "receipts.csv", "token_transfers.csv", "tokens.csv"] {
            _ = try Loader(store: store).load(path: sample.appendingPathComponent(f).path)
        }
        try check(store, try SourceSpec.readForStore(path: sample.appendingPathComponent("sources.csv").path), dir: dir, minimumNodes: 15)
    }
}
