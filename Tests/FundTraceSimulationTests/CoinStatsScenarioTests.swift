import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceSimulation
import FundTraceTestSupport

final class CoinStatsScenarioTests: XCTestCase {
    func directory() throws -> String { try newTemporaryDirectory("fundtrace-sim").path }

    func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)!
        while let f = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let p = (dir as NSString).appendingPathComponent(f)
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { out[f] = FileManager.default.contents(atPath: p) }
        }
        return out
    }

    /// Same seed, same bytes; another seed, another case. And the shipped instance is what the generator writes.
    func testTheSameSeedGivesTheSameCase() throws {
        let a = try directory(), b = try directory(), c = try directory()
        _ = try CoinStatsScenario(seed: 2024).generate(to: a)
        _ = try CoinStatsScenario(seed: 2024).generate(to: b)
        _ = try CoinStatsScenario(seed: 7).generate(to: c)
        let fa = try files(a)
        XCTAssertEqual(fa.keys.sorted(), ["bsc/token_transfers.csv", "bsc/tokens.csv", "bsc/traces.csv", "bsc/transactions.csv",
                                          "ethereum/token_transfers.csv", "ethereum/tokens.csv", "ethereum/traces.csv", "ethereum/transactions.csv",
                                          "labels.csv", "polygon/token_transfers.csv", "polygon/tokens.csv", "polygon/traces.csv",
                                          "polygon/transactions.csv", "prices.csv", "sources.csv", "truth/attackers.csv", "truth/cashouts.csv", "truth/summary.json"])
        XCTAssertEqual(fa, try files(b))
        XCTAssertNotEqual(fa["ethereum/transactions.csv"], try files(c)["ethereum/transactions.csv"])
        let shipped = SharedData.inRepository("Datasets/coinstats-2024").path
        let fs = try files(shipped).filter { $0.key != "README.md" }
        XCTAssertEqual(fs, fa, "Datasets/coinstats-2024 is `fundtrace simulate coinstats --seed 2024 --scale small`")
    }

    /// The case is what the issue describes, loads cleanly, and its truth is consistent with the data.
    func testTheCaseMatchesTheIncidentAndItsTruthMatchesTheData() throws {
        let dir = try directory()
        let s = try CoinStatsScenario(seed: 11).generate(to: dir)
        XCTAssertEqual(s.victims, 1_590)
        XCTAssertEqual(s.stolenUSD, 2_200_000, accuracy: 25_000)
        let background = s.transfers.values.reduce(0, +) - s.theftTransfers
        XCTAssertGreaterThan(background, 3 * s.theftTransfers, "innocent traffic several times the theft")
        let store = try TransferStore(path: (dir as NSString).appendingPathComponent("case.sqlite"))
        let records = try CaseFolder(dir).load(into: store)
        XCTAssertEqual(records.count, 12, "four files on each of three chains")
        for r in records { XCTAssertEqual(r.rowsRejected, 0, r.file) }
        let truth = try GroundTruth.read(from: dir)
        XCTAssertEqual(Set(truth.attackers.map(\.role)), ["funder", "drainer", "consolidator", "split", "peel_hop", "mixer_withdrawal", "bridge_receiver"])
        XCTAssertEqual(Set(truth.cashouts.map(\.chain)), ["ethereum", "bsc", "polygon"])
        // Every cash-out received at least its stolen amount from attacker addresses, in the store.
        let attackers = Set(truth.attackers.map(\.address))
        var paid: [String: Amount] = [:]
        try store.read { reader in
            try reader.forEachAccountTransfer { s in
                let t = s.transfer
                if attackers.contains(t.from) { paid[t.chain + t.to + t.asset, default: .zero] += t.amount }
            }
        }
        for c in truth.cashouts {
            XCTAssertEqual(paid[c.chain + c.address + c.asset], c.stolenAmount, "\(c.chain) \(c.address) \(c.symbol)")
        }
        // Labels name services only: never a deposit address or an attacker.
        let labelled = try String(contentsOfFile: "\(dir)/labels.csv", encoding: .utf8)
        XCTAssertFalse(labelled.contains("0xde9051"))
        XCTAssertFalse(labelled.contains("0xa77ac4"))
    }
}
