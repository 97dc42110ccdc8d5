import Foundation
import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters
import FundTraceCSV

/// EX5 and EX6 of the contract under every policy, and §4.2's rejections.
final class UTXOConformanceTests: XCTestCase {
    func testWorkedExamplesUnderEveryPolicy() throws {
        let v = try ContractVectors.load()
        XCTAssertEqual(v.examples("utxo"), ["EX5", "EX6"])
        for ex in v.examples("utxo") {
            let dir = temporaryDirectory()
            let uPath = dir.appendingPathComponent("u.csv").path, sPath = dir.appendingPathComponent("s.csv").path
            try v.inputs["\(ex) utxo"]!.write(toFile: uPath, atomically: true, encoding: .utf8)
            try v.inputs["\(ex) sources"]!.write(toFile: sPath, atomically: true, encoding: .utf8)
            for policy in TaintPolicy.allCases {
                let p = policy.rawValue
                let oo = dir.appendingPathComponent("oo-\(p).csv").path, oa = dir.appendingPathComponent("oa-\(p).csv").path
                let sum = dir.appendingPathComponent("s-\(p).json").path
                try UTXOConformance.run(transactionsPath: uPath, sourcesPath: sPath, policy: policy, outOutputs: oo, outAddresses: oa, summaryPath: sum)
                let rows = try readCSV(oo)
                let outputs = v.expects["\(ex) outputs"]!
                let c = outputs.header.firstIndex(of: p)!
                for row in outputs.rows {
                    let id = row[0].split(separator: ":")
                    let r = rows.first { $0["kind"] == "out" && $0["tx_hash"] == String(id[0]) && $0["n"] == String(id[1]) }
                    assertContractValue(r?["tainted_amount"], row[c], policy: p, scale: Double(row[2])!, "\(ex) \(p) output \(row[0])")
                }
                let fees = v.expects["\(ex) fees"]!
                let fc = fees.header.firstIndex(of: p)!
                for row in fees.rows {
                    let r = rows.first { $0["kind"] == "fee" && $0["tx_hash"] == row[0] }
                    XCTAssertEqual(r?["amount"], row[1], "\(ex) fee of \(row[0])")
                    assertContractValue(r?["tainted_amount"], row[fc], policy: p, scale: 10, "\(ex) \(p) fee of \(row[0])")
                }
                let addresses = try readCSV(oa)
                let held = v.expects["\(ex) held"]!
                let hc = held.header.firstIndex(of: p)!
                for row in held.rows {
                    assertContractValue(addresses.first { $0["address"] == row[0] }?["tainted_held"], row[hc], policy: p, scale: 10, "\(ex) \(p) held by \(row[0])")
                }
                let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sum))) as! [String: String]
                if policy.isConserving {  // L2
                    let total = ["held", "fee_sink", "reabsorbed"].map { Double(summary[$0]!)! }.reduce(0, +)
                    XCTAssertEqual(total, Double(summary["created"]!)!, accuracy: 1e-9 * 100, "\(ex) \(p) L2")
                }
            }
        }
    }

    /// A sources file shared with the account model: its `transfer` and
    /// `whole_balance` rules mark nothing here, and the run names them.
    func testAccountOnlyRulesAreIgnoredAndNamed() throws {
        let dir = temporaryDirectory()
        let u = dir.appendingPathComponent("u.csv").path, s = dir.appendingPathComponent("s.csv").path
        try "chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n\nbtc,a,1,0,,out,0,X,5,,\n"
            .write(toFile: u, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\ntransfer,btc,a:0,,\nwhole_balance,btc,X,,\noutpoint,btc,a:0,,\n"
            .write(toFile: s, atomically: true, encoding: .utf8)
        let sum = dir.appendingPathComponent("s.json").path
        let ignored = try UTXOConformance.run(transactionsPath: u, sourcesPath: s, policy: .poison, outOutputs: dir.appendingPathComponent("oo.csv").path,
                                              outAddresses: dir.appendingPathComponent("oa.csv").path, summaryPath: sum)
        XCTAssertEqual(ignored.map { "\($0.kind.rawValue) \($0.count)" }, ["transfer 1", "whole_balance 1"])
        XCTAssertTrue(try String(contentsOfFile: sum, encoding: .utf8).contains("\"created\": \"5\""), "the outpoint rule still marks")
    }

    /// Rows may stop before the trailing `prev_tx_hash`, `prev_n`, which
    /// output rows leave empty: the same outputs as with the fields given.
    func testRowsMayOmitTrailingEmptyFields() throws {
        let header = "chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n\n"
        let dir = temporaryDirectory()
        let s = dir.appendingPathComponent("s.csv").path
        try "type,chain,id,asset,start_block\naddress,btc,X,,\n".write(toFile: s, atomically: true, encoding: .utf8)
        var written: [String] = []
        for body in ["btc,a,1,0,,out,0,X,5,,\nbtc,b,2,0,,in,0,,,a,0\nbtc,b,2,0,,out,0,Y,4,,\n",
                     "btc,a,1,0,,out,0,X,5\nbtc,b,2,0,,in,0,,,a,0\nbtc,b,2,0,,out,0,Y,4\n"] {
            let u = dir.appendingPathComponent("u.csv").path, oo = dir.appendingPathComponent("oo.csv").path
            try (header + body).write(toFile: u, atomically: true, encoding: .utf8)
            try UTXOConformance.run(transactionsPath: u, sourcesPath: s, policy: .fifo, outOutputs: oo,
                                    outAddresses: dir.appendingPathComponent("oa.csv").path,
                                    summaryPath: dir.appendingPathComponent("s.json").path)
            written.append(try String(contentsOfFile: oo, encoding: .utf8))
        }
        XCTAssertEqual(written[0], written[1])
        XCTAssertTrue(written[1].contains("btc,b,out,0,Y,4,fifo,4,"), written[1])
    }

    func testRejectsInvalidTransactions() throws {
        let header = "chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n\n"
        let cases: [(String, String, IngestError.Cause.Kind)] = [
            ("btc,a,1,0,,out,0,X,5,,\nbtc,b,2,0,,in,0,,,a,0\nbtc,b,2,0,,out,0,Y,6,,\n", "exceed", .inconsistent),
            ("btc,a,1,0,,out,0,X,5,,\nbtc,b,2,0,,in,0,,,a,0\nbtc,b,2,0,,out,0,Y,5,,\nbtc,c,3,0,,in,0,,,a,0\nbtc,c,3,0,,out,0,Z,5,,\n", "spent twice", .inconsistent),
            ("btc,b,1,0,,in,0,,,a,0\nbtc,b,1,0,,out,0,Y,5,,\nbtc,a,2,0,,out,0,X,5,,\n", "created later", .inconsistent),
            ("btc,a,1,0,,out,0,X,5,,\nbtc,a,1,0,,out,2,X,5,,\n", "without gaps", .inconsistent),
            ("btc,b,1,0,,in,0,,,ext,0\nbtc,b,1,0,,out,0,Y,5,,\n", "not in the data", .inconsistent),
            ("btc,a,1,0,,out,0,X,5\nbtc,b,2,0,,in,0,,,a\nbtc,b,2,0,,out,0,Y,5\n", "input rows need prev_n", .value),
            ("btc,a,1,0,,out,0,X,5,,,\n", "expected 11 fields, found 12", .syntax),
            // prev_n past Int.max used to trap converting it.
            ("btc,b,1,0,,in,0,X,5,ext,18446744073709551615\nbtc,b,1,0,,out,0,Y,5,,\n", "u.csv:2:11: column 'prev_n': value too large", .value),
            // An input naming an output index its transaction does not have spends something outside the data.
            ("btc,a,1,0,,out,0,X,5,,\nbtc,b,2,0,,in,0,,,a,1\nbtc,b,2,0,,out,0,Y,5,,\n", "not in the data", .inconsistent),
        ]
        let dir = temporaryDirectory()
        let s = dir.appendingPathComponent("s.csv").path
        try "type,chain,id,asset,start_block\naddress,btc,X,,\n".write(toFile: s, atomically: true, encoding: .utf8)
        for (body, reason, kind) in cases {
            let u = dir.appendingPathComponent("u.csv").path
            try (header + body).write(toFile: u, atomically: true, encoding: .utf8)
            let oo = dir.appendingPathComponent("oo.csv").path
            XCTAssertThrowsError(try UTXOConformance.run(transactionsPath: u, sourcesPath: s, policy: .fifo, outOutputs: oo,
                                                         outAddresses: dir.appendingPathComponent("oa.csv").path,
                                                         summaryPath: dir.appendingPathComponent("s.json").path)) { e in
                XCTAssertTrue("\(e)".contains(reason), "\(e)")
                XCTAssertTrue("\(e)".contains("u.csv:"), "\(e)")
                XCTAssertEqual((e as? IngestError)?.cause.kind, kind, "\(e)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: oo))
        }
    }

    /// Each phase reports its progress, in order: rows read, transactions swept (and their output rows written), address rows written.
    func testProgressComesPhaseByPhase() throws {
        let dir = temporaryDirectory()
        let u = dir.appendingPathComponent("u.csv").path, s = dir.appendingPathComponent("s.csv").path
        try """
            chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n
            btc,a,1,0,,out,0,X,5,,
            btc,b,2,0,,in,0,,,a,0
            btc,b,2,0,,out,0,Y,4,,
            btc,c,3,0,,in,0,,,b,0
            btc,c,3,0,,out,0,Z,3,,

            """.write(toFile: u, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\naddress,btc,X,,\n".write(toFile: s, atomically: true, encoding: .utf8)
        var seen: [String] = []
        try UTXOConformance.run(transactionsPath: u, sourcesPath: s, policy: .haircut, outOutputs: dir.appendingPathComponent("oo.csv").path,
                                outAddresses: dir.appendingPathComponent("oa.csv").path, summaryPath: dir.appendingPathComponent("s.json").path,
                                progress: { p in
            switch p {
            case .read(let n): seen.append("read \(n)")
            case .swept(let n, let total): seen.append("swept \(n)/\(total)")
            case .written(let n, let total): seen.append("written \(n)/\(total)")
            }
        }, every: 2)
        XCTAssertEqual(seen, ["read 2", "read 4", "swept 2/3", "written 2/3"], "3 transactions, output rows written as swept; 3 address rows")
    }
}
