import Foundation
import XCTest
import FundTraceModel
import FundTraceCSV
import FundTraceTestSupport
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// `taint account --presorted` (the Spark job's worker): on a file in the contract's order it writes what the
/// whole-file run writes, byte for byte, and it refuses a file that is not in that order.
final class PresortedAccountSweepTests: XCTestCase {
    /// Writes `text` and sources, runs the presorted sweep (or the whole-file run); returns the per-key CSV and summary texts.
    func run(_ text: String, sources: String, policy: TaintPolicy, presorted: Bool, in dir: URL, memoryLimit: Int? = nil,
             memoryCheckEvery: Int = 65_536, readBuffer: Int? = nil) throws -> (keys: String, summary: String) {
        let t = dir.appendingPathComponent("t.csv").path, s = dir.appendingPathComponent("s.csv").path
        try text.write(toFile: t, atomically: true, encoding: .utf8)
        try sources.write(toFile: s, atomically: true, encoding: .utf8)
        let tag = presorted ? "p" : "w"
        let out = AccountConformance.Outputs(transfers: nil, addresses: dir.appendingPathComponent("\(tag)-a.csv").path,
                                             summary: dir.appendingPathComponent("\(tag)-s.json").path)
        if presorted {
            try PresortedAccountSweep.run(transfersPath: t, sourcesPath: s, policy: policy, outputs: out, memoryLimit: memoryLimit,
                                          memoryCheckEvery: memoryCheckEvery, readBuffer: readBuffer)
        } else {
            try AccountConformance.run(transfersPath: t, sourcesPath: s, policy: policy, outputs: out)
        }
        return (try String(contentsOfFile: out.addresses, encoding: .utf8), try String(contentsOfFile: out.summary, encoding: .utf8))
    }

    func testOnAFileInTheContractsOrderItWritesWhatTheWholeFileRunWrites() throws {
        for seed: UInt64 in [3, 11, 2026] {
            let scenario = Scenario.random(seed: seed, count: 900)
            let rows = Array(scenario.file.rows), order = scenario.file.processingOrder
            let sorted = LedgerPartitionTests.csv(order.map { rows[$0] })
            let sources = LedgerPartitionTests.sourcesCSV(scenario.sources)
            for policy in TaintPolicy.allCases {
                let dir = try newTemporaryDirectory("fundtrace-presorted")
                let whole = try run(sorted, sources: sources, policy: policy, presorted: false, in: dir)
                let streamed = try run(sorted, sources: sources, policy: policy, presorted: true, in: dir)
                XCTAssertEqual(streamed.keys, whole.keys, "seed \(seed), \(policy): per-key output")
                XCTAssertEqual(streamed.summary, whole.summary, "seed \(seed), \(policy): summary")
                XCTAssertGreaterThan(whole.keys.split(separator: "\n").count, 20)
            }
        }
    }

    /// Rows wait two rows for their keys with their fields in the reader's buffer; every refill must key them first.
    /// A buffer of a few rows refills every few rows, so a row keyed after its bytes moved would show here.
    func testRowsStagedAcrossRefillsOfASmallBufferGiveTheSameAnswer() throws {
        let scenario = Scenario.random(seed: 77, count: 600)
        let rows = Array(scenario.file.rows), order = scenario.file.processingOrder
        let sorted = LedgerPartitionTests.csv(order.map { rows[$0] })
        let sources = LedgerPartitionTests.sourcesCSV(scenario.sources)
        for policy in [TaintPolicy.haircut, .fifo, .poison] {
            let dir = try newTemporaryDirectory("fundtrace-presorted")
            let whole = try run(sorted, sources: sources, policy: policy, presorted: false, in: dir)
            for buffer in [256, 300, 1000] {
                let streamed = try run(sorted, sources: sources, policy: policy, presorted: true, in: dir, readBuffer: buffer)
                XCTAssertEqual(streamed.keys, whole.keys, "\(policy), a \(buffer)-byte buffer")
                XCTAssertEqual(streamed.summary, whole.summary, "\(policy), a \(buffer)-byte buffer")
            }
        }
    }

    func testHostileNamesAreWrittenAsTheWholeFileRunWritesThem() throws {
        let names = ["\"a,b\"", "\"q\"\"uote\"", "=cmd()", "-5", "+x", "@sum", "é", "0xabc", "\"line\nbreak\"", " padded "]
        var rows: [String] = []
        for (i, from) in names.enumerated() { rows.append("eth,0x\(i),\(i),0,0,,\(from),\(names[(i + 3) % names.count]),ETH,\(i + 1),1") }
        let text = LedgerPartitionTests.header + "\n" + rows.joined(separator: "\n") + "\n"
        let sources = "type,chain,id,asset,start_block\nwhole_balance,eth,=cmd(),,\n"
        for policy in TaintPolicy.allCases {
            let dir = try newTemporaryDirectory("fundtrace-presorted")
            let whole = try run(text, sources: sources, policy: policy, presorted: false, in: dir)
            let streamed = try run(text, sources: sources, policy: policy, presorted: true, in: dir)
            XCTAssertEqual(streamed.keys, whole.keys, "\(policy)")
            XCTAssertTrue(whole.keys.contains("\"'=cmd()\""), "the formula guard: \(whole.keys)")
        }
    }

    func testARowOutOfOrderOrAChainSplitInTwoStopsTheRunAndWritesNothing() throws {
        let header = LedgerPartitionTests.header
        let cases = [
            ("eth,0xa,5,0,0,,A,B,ETH,1,\neth,0xb,4,9,9,,B,C,ETH,1,", 3, "block 4, tx_index 9, log_index 9 comes after block 5, tx_index 0, log_index 0"),
            ("eth,0xa,5,1,0,,A,B,ETH,1,\neth,0xb,5,0,3,,B,C,ETH,1,", 3, "tx_index 0"),
            ("eth,0xa,5,0,0,,A,B,ETH,1,\nbsc,0xb,1,0,0,,B,C,BNB,1,\neth,0xc,6,0,0,,A,C,ETH,1,", 4, "another chain's came between"),
        ]
        for (body, line, words) in cases {
            let dir = try newTemporaryDirectory("fundtrace-presorted")
            XCTAssertThrowsError(try run(header + "\n" + body + "\n", sources: "type,chain,id,asset,start_block\n", policy: .fifo,
                                         presorted: true, in: dir)) { e in
                let error = e as? IngestError
                XCTAssertEqual(error?.line, line, "\(e)")
                XCTAssertEqual(error?.cause.kind, .inconsistent)
                XCTAssertTrue("\(e)".contains(words) && "\(e)".contains("--presorted"), "\(e)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("p-a.csv").path), "nothing written")
        }
        // Equal positions keep the file's order: not an error.
        let dir = try newTemporaryDirectory("fundtrace-presorted")
        XCTAssertNoThrow(try run(header + "\neth,0xa,5,0,0,,A,B,ETH,1,\neth,0xb,5,0,0,,B,C,ETH,1,\n",
                                 sources: "type,chain,id,asset,start_block\n", policy: .fifo, presorted: true, in: dir))
    }

    func testAnInvalidRowGetsTheWholeFileRunsMessage() throws {
        let header = LedgerPartitionTests.header
        for body in ["eth,0xa,x5,0,0,,A,B,ETH,1,", "eth,0xa,5,0,0,,A,B,ETH,-1,", "eth,0xa,5,0,0,,A,B,ETH,1,2,3",
                     "eth,0xa,99999999999999999999,0,0,,A,B,ETH,1,"] {
            let dir = try newTemporaryDirectory("fundtrace-presorted")
            let text = header + "\neth,0x0,1,0,0,,A,B,ETH,1,\n" + body + "\n"
            var messages: [String] = []
            for presorted in [false, true] {
                XCTAssertThrowsError(try run(text, sources: "type,chain,id,asset,start_block\n", policy: .haircut, presorted: presorted, in: dir)) {
                    messages.append("\($0)")
                }
            }
            XCTAssertEqual(messages.count, 2)
            XCTAssertEqual(messages.first, messages.last, body)
        }
    }

    func testALedgerLargerThanTheMemoryGivenStopsSayingHowFarItGot() throws {
        let rows = (0..<3000).map { "eth,0x\($0),\($0),0,0,,A\($0 % 997),B\($0),ETH,\($0),1" }
        let dir = try newTemporaryDirectory("fundtrace-presorted")
        XCTAssertThrowsError(try run(LedgerPartitionTests.header + "\n" + rows.joined(separator: "\n") + "\n",
                                     sources: "type,chain,id,asset,start_block\n", policy: .fifo, presorted: true, in: dir,
                                     memoryLimit: 1 << 20, memoryCheckEvery: 1024)) { e in
            XCTAssertEqual((e as? IngestError)?.cause.kind, .outOfMemory, "\(e)")
            XCTAssertTrue("\(e)".contains("needs more memory than the 1 MiB given") && "\(e)".contains("after 1024 rows"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("p-a.csv").path), "nothing written")
    }
}

final class AddressKeyTableTests: XCTestCase {
    func testInternsByChainAssetAndBytesAcrossGrowth() {
        var table = AddressKeyTable()
        func intern(_ chain: UInt32, _ asset: UInt32, _ address: String) -> (Int, Bool) {
            var a = address
            return a.withUTF8 { let r = table.intern(chain: chain, asset: asset, address: $0); return (r.index, r.isNew) }
        }
        let addresses = (0..<5000).map { String(format: "0x%040x", $0 * 7919) } + ["", "é", "0xAbC"]
        for (i, a) in addresses.enumerated() { XCTAssertEqual(intern(0, 1, a).0, i) }
        XCTAssertEqual(table.count, addresses.count)
        for (i, a) in addresses.enumerated() {
            XCTAssertEqual(intern(0, 1, a).0, i, "found again after the table grew")
            XCTAssertFalse(intern(0, 1, a).1)
            XCTAssertEqual(String(decoding: table.address(i), as: UTF8.self), a)
        }
        XCTAssertTrue(intern(0, 2, addresses[3]).1, "another asset: another key")
        XCTAssertTrue(intern(9, 1, addresses[3]).1, "another chain: another key")
        XCTAssertTrue(intern(0, 1, "0xabc").1, "bytes compared exactly: case matters")
        XCTAssertEqual(table.chainAndAsset(addresses.count).asset, 2)
    }

    func testAFlaggedKeyIsSaidToBeFlaggedWheneverFoundAndKeepsItsAddress() {
        var table = AddressKeyTable()
        let addresses = (0..<3000).map { String(format: "0x%040x", $0 * 104_729) }
        func intern(_ a: String) -> (index: Int, isNew: Bool, isFlagged: Bool) {
            var a = a
            return a.withUTF8 { table.intern(chain: 0, asset: 0, address: $0) }
        }
        for (i, a) in addresses.enumerated() where intern(a).index == i && i % 7 == 0 { table.flag(i) }
        for (i, a) in addresses.enumerated() {  // the table has grown since: entries moved with their flags
            let r = intern(a)
            XCTAssertEqual(r.index, i)
            XCTAssertEqual(r.isFlagged, i % 7 == 0, "key \(i)")
            XCTAssertEqual(String(decoding: table.address(i), as: UTF8.self), a)
        }
    }
}
