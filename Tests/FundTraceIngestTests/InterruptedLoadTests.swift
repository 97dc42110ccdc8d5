import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceIngest
import FundTraceStore

/// A load killed midway (SIGKILL) leaves the store consistent, and running it
/// again completes it with no duplicates.
final class InterruptedLoadTests: XCTestCase {
    /// The `fundtrace` executable built beside the test bundle.
    static var executable: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("fundtrace")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    func testKilledLoadLeavesStoreConsistentAndRerunFinishes() throws {
        let exe = try XCTUnwrap(Self.executable, "the fundtrace executable is built with the tests")
        let (store, dir) = try newStore()
        _ = try Loader(store: store).load(path: try Fixtures.blocksCSV)   // something already in the store
        let before = try store.read { try $0.count(table: "transfers") }
        let path = dir.appendingPathComponent("big_token_transfers.csv").path
        let rows = 120_000
        var text = "token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n"
        text.reserveCapacity(rows * 230)
        for i in 0..<rows {
            let hex = String(i, radix: 16)
            let pad = String(repeating: "0", count: 40 - hex.count) + hex
            text += "0xdac17f958d2ee523a2206206994597c13d831ec7,0x\(pad),0x\(String(pad.reversed())),\(i * 1000 + 7),0x\(String(repeating: "0", count: 24))\(pad),\(i % 7),\(15_000_000 + i / 100)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = exe
        process.arguments = ["load", "--db", store.path, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the load is writing (its rollback journal exists), then kill it.
        let journal = store.path + "-journal"
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: journal) && process.isRunning && Date() < deadline { usleep(20_000) }
        usleep(300_000)
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(wasRunning, "the load finished before it could be killed; make the file bigger")

        // Consistent: as before the killed load (SQLite rolls back the hot journal on open).
        let reopened = try TransferStore(path: store.path)
        XCTAssertEqual(try reopened.read { try $0.count(table: "transfers") }, before)
        XCTAssertEqual(try reopened.loads().count, 1)
        XCTAssertEqual(try reopened.read { try $0.count(table: "transactions") }, 298)

        // Re-running finishes it, once.
        let r = try Loader(store: reopened).load(path: path)
        XCTAssertEqual(r.record.rowsStored, rows)
        XCTAssertEqual(try reopened.read { try $0.count(table: "transfers") }, before + rows)
        let again = try Loader(store: reopened).load(path: path)
        XCTAssertTrue(again.alreadyLoaded)
        XCTAssertEqual(try reopened.read { try $0.count(table: "transfers") }, before + rows)
    }
}
