import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceSimulation
import FundTraceTestSupport

final class LaunderingScenarioTests: XCTestCase {
    func directory() throws -> String { try newTemporaryDirectory("fundtrace-laundering").path }

    /// Same seed, same bytes; the world's parameters themselves change with the seed.
    func testTheSameSeedGivesTheSameCaseAndSeedsDrawDifferentWorlds() throws {
        let a = try directory(), b = try directory()
        let sa = try LaunderingScenario(seed: 3).generate(to: a)
        _ = try LaunderingScenario(seed: 3).generate(to: b)
        for f in ["transfers.csv", "pool-events.csv", "labels.csv", "sources.csv", "truth/cashouts.csv", "truth/attackers.csv"] {
            XCTAssertEqual(FileManager.default.contents(atPath: a + "/" + f), FileManager.default.contents(atPath: b + "/" + f), f)
        }
        let worlds = try (4...8).map { try LaunderingScenario(seed: $0).generate(to: try directory()) }
        XCTAssertGreaterThan(Set(worlds.map { $0.parameters["bridge_rate"]! }).count, 3)
        XCTAssertGreaterThan(Set(worlds.map { $0.chains.joined(separator: ",") }).count, 3)
        XCTAssertGreaterThan(sa.cashoutAddresses, 0)
    }

    /// The files load as a user would load them: canonical CSV with gas prices, pool events, labels, sources.
    func testTheCaseLoadsAndEveryAddressSpendsOnlyWhatItHolds() throws {
        let dir = try directory()
        _ = try LaunderingScenario(seed: 11).generate(to: dir)
        let store = try TransferStore(path: dir + "/s.sqlite")
        let t = try Loader(store: store).load(path: dir + "/transfers.csv")
        XCTAssertEqual(t.record.rowsRejected, 0)
        XCTAssertGreaterThan(t.record.rowsStored, 1000)
        XCTAssertEqual(try Loader(store: store).load(path: dir + "/pool-events.csv").record.format, DataFormat.poolEvents.rawValue)
        XCTAssertFalse(try LabelFileReader.read(path: dir + "/labels.csv").isEmpty)
        // The attacker's addresses start empty (no opening balance): replaying the rows in order, none ever spends
        // more than it received, so the contract never injects unknown balance into the laundering.
        let attackers = Set(try GroundTruth.read(from: dir).attackers.map { $0.chain + "|" + $0.address })
        XCTAssertGreaterThan(attackers.count, 10)
        var balance: [String: Amount] = [:]
        var spends = 0
        for line in try String(contentsOfFile: dir + "/transfers.csv", encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let from = f[0] + "|" + f[6], to = f[0] + "|" + f[7]
            let amount = try XCTUnwrap(Amount(f[9])), fee = Amount(f[10]) ?? .zero
            if attackers.contains(from) {
                spends += 1
                let native = f[8] == (f[10].isEmpty ? "" : f[8])
                let have = balance[from + "|" + f[8]] ?? .zero
                XCTAssertFalse(have < amount + (native ? fee : .zero), "\(from) overdraws \(f[8]) in \(f[1])")
                balance[from + "|" + f[8]] = have - amount
                if !fee.isZero { balance[from + "|" + f[8]] = (balance[from + "|" + f[8]] ?? .zero) - fee }
            }
            balance[to + "|" + f[8]] = (balance[to + "|" + f[8]] ?? .zero) + amount
        }
        XCTAssertGreaterThan(spends, 50)
    }
}
