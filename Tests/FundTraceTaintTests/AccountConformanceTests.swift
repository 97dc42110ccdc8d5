import Foundation
import XCTest
import FundTraceCSV
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// EX1–EX4 and EX7–EX9 of the contract under every policy.
final class AccountConformanceTests: XCTestCase {
    func testWorkedExamplesUnderEveryPolicy() throws {
        let v = try ContractVectors.load()
        let examples = v.examples("transfers")
        XCTAssertEqual(examples, ["EX1", "EX2", "EX3", "EX4", "EX7", "EX8", "EX9"])
        for ex in examples {
            let dir = temporaryDirectory()
            let tPath = dir.appendingPathComponent("t.csv").path, sPath = dir.appendingPathComponent("s.csv").path
            try v.inputs["\(ex) transfers"]!.write(toFile: tPath, atomically: true, encoding: .utf8)
            try v.inputs["\(ex) sources"]!.write(toFile: sPath, atomically: true, encoding: .utf8)
            for policy in TaintPolicy.allCases {
                let p = policy.rawValue
                let out = AccountConformance.Outputs(transfers: dir.appendingPathComponent("ot-\(p).csv").path,
                                                     addresses: dir.appendingPathComponent("oa-\(p).csv").path,
                                                     summary: dir.appendingPathComponent("s-\(p).json").path)
                try AccountConformance.run(transfersPath: tPath, sourcesPath: sPath, policy: policy, outputs: out)
                let transfers = try readCSV(out.transfers!)
                let byRow = Dictionary(uniqueKeysWithValues: transfers.map { ($0["row"]!, $0) })
                let t = v.expects["\(ex) transfers"]!
                let col = t.header.firstIndex(of: p)!
                for row in t.rows {
                    let r = byRow[row[0]]
                    assertContractValue(r?["tainted_amount"], row[col], policy: p, scale: Double(row[3])!, "\(ex) \(p) row \(row[0]) tainted_amount")
                }
                if let fees = v.expects["\(ex) fees"] {
                    let c = fees.header.firstIndex(of: p)!
                    for row in fees.rows {
                        assertContractValue(byRow[row[0]]?["fee_tainted"], row[c], policy: p, scale: 100, "\(ex) \(p) row \(row[0]) fee_tainted")
                    }
                }
                let keys = try readCSV(out.addresses)
                let held = v.expects["\(ex) held"]!
                let hc = held.header.firstIndex(of: p)!
                for row in held.rows {
                    let k = keys.first { $0["address"] == row[0] && $0["asset"] == row[1] }
                    assertContractValue(k?["tainted_held"], row[hc], policy: p, scale: 100, "\(ex) \(p) held by \(row[0])")
                }
                let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.summary))) as! [String: String]
                if let s = v.expects["\(ex) summary"] {
                    let sc = s.header.firstIndex(of: p)!
                    for row in s.rows {
                        assertContractValue(summary[row[0]], row[sc], policy: p, scale: 100, "\(ex) \(p) summary \(row[0])")
                    }
                }
                // L1 for conserving policies: held + fee_sink + reabsorbed + absorbed = created.
                if policy.isConserving {
                    let total = ["held", "fee_sink", "reabsorbed", "absorbed"].map { Double(summary[$0]!)! }.reduce(0, +)
                    XCTAssertEqual(total, Double(summary["created"]!)!, accuracy: 1e-9 * 100, "\(ex) \(p) L1")
                }
            }
        }
    }

    func testInvalidInputNamesFileLineAndWritesNothing() throws {
        let dir = temporaryDirectory()
        let tPath = dir.appendingPathComponent("t.csv").path, sPath = dir.appendingPathComponent("s.csv").path
        try "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\neth,0x1,1,0,0,,A,B,ETH,10,\neth,0x2,2,0,0,,B,C,ETH,1.5,\n"
            .write(toFile: tPath, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\naddress,eth,A,*,\n".write(toFile: sPath, atomically: true, encoding: .utf8)
        let out = AccountConformance.Outputs(transfers: dir.appendingPathComponent("ot.csv").path,
                                             addresses: dir.appendingPathComponent("oa.csv").path,
                                             summary: dir.appendingPathComponent("s.json").path)
        XCTAssertThrowsError(try AccountConformance.run(transfersPath: tPath, sourcesPath: sPath, policy: .fifo, outputs: out)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("t.csv:3:10"), text)
            XCTAssertTrue(text.contains("not an integer"), text)
        }
        for p in [out.transfers!, out.addresses, out.summary] { XCTAssertFalse(FileManager.default.fileExists(atPath: p)) }
        for (bad, reason) in [("-5", "negative number"), ("abc", "invalid character at offset 0 in number"), ("", "empty number")] {
            try "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\neth,0x1,\(bad),0,0,,A,B,ETH,10,\n"
                .write(toFile: tPath, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try AccountConformance.run(transfersPath: tPath, sourcesPath: sPath, policy: .poison, outputs: out), "block '\(bad)'") { e in
                XCTAssertTrue("\(e)".contains("t.csv:2:3: column 'block': \(reason)"), "\(e)")
                XCTAssertEqual((e as? IngestError)?.cause.kind, .value, "\(e)")
            }
        }
    }

    /// Each phase reports its progress, in order, and never more than its rows.
    func testProgressComesPhaseByPhase() throws {
        let dir = temporaryDirectory()
        let tPath = dir.appendingPathComponent("t.csv").path, sPath = dir.appendingPathComponent("s.csv").path
        var csv = "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\n"
        for i in 0..<5 { csv += "eth,0x\(i),\(5 - i),0,0,,A,B,ETH,\(i + 1),\n" }  // rows out of order: the sweep sorts them
        try csv.write(toFile: tPath, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\naddress,eth,A,*,\n".write(toFile: sPath, atomically: true, encoding: .utf8)
        let out = AccountConformance.Outputs(transfers: dir.appendingPathComponent("ot.csv").path,
                                             addresses: dir.appendingPathComponent("oa.csv").path,
                                             summary: dir.appendingPathComponent("s.json").path)
        var seen: [String] = []
        try AccountConformance.run(transfersPath: tPath, sourcesPath: sPath, policy: .lifo, outputs: out, progress: { p in
            switch p {
            case .read(let n): seen.append("read \(n)")
            case .swept(let n, let total): seen.append("swept \(n)/\(total)")
            case .written(let n, let total): seen.append("written \(n)/\(total)")
            }
        }, every: 2)
        XCTAssertEqual(seen, ["read 2", "read 4", "swept 2/5", "swept 4/5", "written 2/5", "written 4/5"])
        XCTAssertEqual(try String(contentsOfFile: out.transfers!, encoding: .utf8).split(separator: "\n").count, 6)
    }

    /// Without a per-transfer output path the command writes only the per-key rows and the summary, the same bytes.
    func testThePerTransferOutputMayBeLeftOut() throws {
        let dir = temporaryDirectory()
        let t = dir.appendingPathComponent("t.csv").path, sPath = dir.appendingPathComponent("s.csv").path
        try "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\neth,0x1,1,0,0,,A,B,ETH,10,1\neth,0x2,2,0,0,,B,C,ETH,4,\n"
            .write(toFile: t, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\naddress,eth,B,,\n".write(toFile: sPath, atomically: true, encoding: .utf8)
        let all = AccountConformance.Outputs(transfers: dir.appendingPathComponent("ot.csv").path, addresses: dir.appendingPathComponent("a1.csv").path,
                                             summary: dir.appendingPathComponent("s1.json").path)
        let some = AccountConformance.Outputs(transfers: nil, addresses: dir.appendingPathComponent("a2.csv").path, summary: dir.appendingPathComponent("s2.json").path)
        for policy in TaintPolicy.allCases {
            try AccountConformance.run(transfersPath: t, sourcesPath: sPath, policy: policy, outputs: all)
            try AccountConformance.run(transfersPath: t, sourcesPath: sPath, policy: policy, outputs: some)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: all.addresses)), try Data(contentsOf: URL(fileURLWithPath: some.addresses)), "\(policy)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: all.summary)), try Data(contentsOf: URL(fileURLWithPath: some.summary)), "\(policy)")
        }
    }
}
