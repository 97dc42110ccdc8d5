import Foundation
import FundTraceIngest
import FundTraceModel
@testable import FundTraceStore
import XCTest
import FundTraceTestSupport
@testable import FundTraceTaint
import FundTraceCSV
@testable import FundTraceTaintAdapters

/// `fundtrace score` on a store gives the conformance command's numbers on
/// the store's canonical export.
final class StoreScorerTests: XCTestCase {
    /// A store of the shipped sample theft plus a random multi-chain scenario, and a sources file for it.
    func makeStore() throws -> (store: TransferStore, sources: String, dir: URL) {
        let dir = temporaryDirectory()
        let store = try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
        let loader = Loader(store: store)
        // The shipped sample theft (ethereum-etl) and a random multi-chain scenario (canonical CSV).
        let sample = SharedData.inRepository("Datasets/sample-theft")
        for f in ["blocks.csv", "transactions.csv", "receipts.csv", "token_transfers.csv", "tokens.csv"] {
            _ = try loader.load(path: sample.appendingPathComponent(f).path)
        }
        let scenario = Scenario.random(seed: 11, count: 800)
        var csv = FormatDetector.canonicalTransfersHeader.joined(separator: ",") + "\n"
        for r in scenario.file.rows {
            csv += "\(r.chain),\(r.txHash),\(r.block),\(r.txIndex),\(r.logIndex),,\(r.from),\(r.to),\(r.asset),\(r.amount),\(r.fee)\n"
        }
        let scenarioPath = dir.appendingPathComponent("scenario.csv").path
        try csv.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        _ = try loader.load(path: scenarioPath)

        let sourcesPath = dir.appendingPathComponent("sources.csv").path
        try (try String(contentsOf: sample.appendingPathComponent("sources.csv"), encoding: .utf8)
             + "address,eth,A0,*,100\nwhole_balance,eth,A2,ETH,\naddress,bsc,A1,USDT,\n")
            .write(toFile: sourcesPath, atomically: true, encoding: .utf8)
        return (store, sourcesPath, dir)
    }

    func testScoreEqualsConformanceOnExportUnderEveryPolicy() throws {
        let (store, sourcesPath, dir) = try makeStore()
        let exportPath = dir.appendingPathComponent("export.csv").path
        let w = try CSVWriter(path: exportPath)
        let exported = try CanonicalTransfersExporter.export(store: store, to: w)
        try w.close()
        XCTAssertGreaterThan(exported, 800)

        for policy in TaintPolicy.allCases {
            let scorePath = dir.appendingPathComponent("score-\(policy).csv").path
            let sw = try CSVWriter(path: scorePath)
            let result = try StoreScorer.score(store: store, sources: try SourceSpec.read(path: sourcesPath), policy: policy, to: sw)
            try sw.close()
            XCTAssertEqual(result.transfers, exported)
            let out = AccountConformance.Outputs(transfers: dir.appendingPathComponent("ot.csv").path,
                                                 addresses: dir.appendingPathComponent("oa-\(policy).csv").path,
                                                 summary: dir.appendingPathComponent("sum.json").path)
            try AccountConformance.run(transfersPath: exportPath, sourcesPath: sourcesPath, policy: policy, outputs: out)
            let conformance = try readCSV(out.addresses)
            let scored = try readCSV(scorePath)
            XCTAssertEqual(scored.count, conformance.count)
            let byKey = Dictionary(uniqueKeysWithValues: conformance.map { ($0["chain"]! + "/" + $0["address"]! + "/" + $0["asset"]!, $0) })
            var tainted = 0
            for row in scored {
                let c = try XCTUnwrap(byKey[row["chain"]! + "/" + row["address"]! + "/" + row["asset"]!])
                for col in LedgerKeyReport.columns { XCTAssertEqual(row[col], c[col], "\(policy) \(row["address"]!) \(col)") }
                if row["tainted_held"] != "0" { tainted += 1 }
            }
            XCTAssertGreaterThan(tainted, 5, "\(policy): the scenario spreads taint")
            let conformanceSummary = try String(contentsOfFile: out.summary, encoding: .utf8)
            // Haircut's totals beyond 2^53 are sums of doubles: equal only because
            // both sweep the chains whole, in the same order, and number keys alike.
            XCTAssertEqual(result.summaryJSON, conformanceSummary, "\(policy): the summary too")
            // Held per asset: the score rows' tainted_held, summed exactly, and the keys holding any.
            var held: [String: (String, Int)] = [:]
            for row in scored where row["whole_balance_source"] == "0" {
                let text = row["tainted_held"]!
                if !text.contains(where: { ("1"..."9").contains($0) }) { continue }
                let e = held[row["chain"]! + "/" + row["asset"]!] ?? ("0", 0)
                held[row["chain"]! + "/" + row["asset"]!] = (policy == .haircut ? "" : decimalSum(e.0, text), e.1 + 1)
            }
            if policy == .haircut { continue }  // rows round haircut's held to 9 decimals: a tiny holding reads as 0
            XCTAssertEqual(result.heldByAsset.count, held.count, "\(policy)")
            for a in result.heldByAsset {
                let e = try XCTUnwrap(held[a.chain + "/" + a.asset])
                XCTAssertEqual(a.holders, e.1, "\(policy) \(a.asset)")
                XCTAssertEqual(a.held, e.0, "\(policy) \(a.asset)")
            }
        }
    }

    /// The sum of two non-negative decimal integers as text (held totals pass
    /// 2^256, beyond what ``Amount`` parses).
    func decimalSum(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8.reversed()), y = Array(b.utf8.reversed())
        var digits: [UInt8] = [], carry: UInt8 = 0
        for i in 0..<max(x.count, y.count) {
            let s = (i < x.count ? x[i] - 48 : 0) + (i < y.count ? y[i] - 48 : 0) + carry
            digits.append(s % 10 + 48); carry = s / 10
        }
        if carry > 0 { digits.append(carry + 48) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// `--addresses`: the rows of the listed addresses (every asset of each),
    /// exactly as the full report writes them, and no others.
    func testAnAddressListKeepsExactlyThoseRows() throws {
        let (store, sourcesPath, _) = try makeStore()
        var unmatched: [String] = []
        func score(_ addresses: Set<String>?) throws -> [Substring] {
            let w = CSVWriter()
            unmatched = try StoreScorer.score(store: store, sources: try SourceSpec.read(path: sourcesPath), policy: .fifo, addresses: addresses, to: w)
                .unmatchedAddresses
            return w.text.split(separator: "\n")
        }
        let all = try score(nil)
        XCTAssertEqual(unmatched, [])
        let address = { (line: Substring) in String(line.split(separator: ",", omittingEmptySubsequences: false)[1]) }
        let everyAddress = Array(Set(all.dropFirst().map(address))).sorted()
        let listed = Set(everyAddress.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        XCTAssertGreaterThan(listed.count, 2)
        let filtered = try score(listed.union(["0x0000000000000000000000000000000000000bad"]))
        XCTAssertEqual(unmatched, ["0x0000000000000000000000000000000000000bad"], "the listed address no transfer touches is reported")
        XCTAssertEqual(filtered.first, all.first)
        XCTAssertEqual(Array(filtered.dropFirst()), all.dropFirst().filter { listed.contains(address($0)) })
    }

    /// Source rules naming a chain, address or transaction the store lacks
    /// are reported, in the file's order; the rules that resolve are not.
    func testSourcesTheStoreDoesNotHoldAreReported() throws {
        let (store, sourcesPath, _) = try makeStore()
        let extra = "address,ethereum,0x0000000000000000000000000000000000000bad,,\naddress,eth-typo,A0,,\ntransfer,eth,0xnone:0,,\n"
        try (try String(contentsOfFile: sourcesPath, encoding: .utf8) + extra).write(toFile: sourcesPath, atomically: true, encoding: .utf8)
        let result = try StoreScorer.score(store: store, sources: try SourceSpec.read(path: sourcesPath), policy: .poison, to: CSVWriter())
        XCTAssertEqual(result.unresolvedSources.map(\.id), ["0x0000000000000000000000000000000000000bad", "A0", "0xnone:0"])
        XCTAssertEqual(result.unresolvedSources.map(\.chain), ["ethereum", "eth-typo", "eth"])
    }

    /// The sweep's two threads meet in batches; where the batches split the
    /// transfers changes nothing (here: many batches of 7, one of 4096).
    func testScoreDoesNotDependOnTheBatchSize() throws {
        let (store, sourcesPath, dir) = try makeStore()
        for policy in [TaintPolicy.fifo, .haircut, .poison] {
            var outputs: [String] = []
            for batchSize in [7, 4096] {
                let path = dir.appendingPathComponent("b\(batchSize)-\(policy).csv").path
                let w = try CSVWriter(path: path)
                var reported: [Int] = []
                let result = try StoreScorer.score(store: store, sources: try SourceSpec.read(path: sourcesPath), policy: policy, to: w,
                                                   batchSize: batchSize) { reported.append($0) }
                try w.close()
                XCTAssertGreaterThan(result.transfers, 800)
                XCTAssertTrue(reported.isEmpty, "progress comes every 100,000 transfers")
                outputs.append(try String(contentsOfFile: path, encoding: .utf8))
            }
            XCTAssertEqual(outputs[0], outputs[1], "\(policy)")
            XCTAssertTrue(outputs[0].contains("\n"))
        }
    }

    /// A row the reader cannot decode mid-sweep stops both threads and
    /// surfaces as the reader's error, naming the transfer.
    func testAnUnreadableRowMidSweepIsReportedNotHung() throws {
        let (store, sourcesPath, dir) = try makeStore()
        try store.queue.write { try $0.execute(sql: "UPDATE transfers SET amount = '12x' WHERE id = (SELECT id FROM transfers ORDER BY id LIMIT 1 OFFSET 500)") }
        let w = try CSVWriter(path: dir.appendingPathComponent("bad.csv").path)
        XCTAssertThrowsError(try StoreScorer.score(store: store, sources: try SourceSpec.read(path: sourcesPath), policy: .fifo, to: w,
                                                   batchSize: 7)) { error in
            XCTAssertTrue("\(error)".contains("amount of transfer"), "\(error)")
        }
    }

    func testHopsCountTaintedTransfersFromTheSources() throws {
        // V → S (marked) → A → B, and C → D untouched.
        let rows: [AccountTransferFile.Row] = [
            .init(row: 1, chain: "eth", txHash: "0x1", block: 1, txIndex: 0, logIndex: 0, from: "V", to: "S", asset: "ETH", amount: 10),
            .init(row: 2, chain: "eth", txHash: "0x2", block: 2, txIndex: 0, logIndex: 0, from: "S", to: "A", asset: "ETH", amount: 5),
            .init(row: 3, chain: "eth", txHash: "0x3", block: 3, txIndex: 0, logIndex: 0, from: "A", to: "B", asset: "ETH", amount: 5),
            .init(row: 4, chain: "eth", txHash: "0x4", block: 4, txIndex: 0, logIndex: 0, from: "C", to: "D", asset: "ETH", amount: 5),
        ]
        let (engine, keys, _) = AccountConformance.sweep(TIHOPolicy.self, AccountTransferFile(rows: rows),
                                                         SourceSpec(rules: [.init(kind: .address, chain: "eth", id: "S")]))
        func hops(_ a: String) -> Int32 { engine.record(keys.lookup(LedgerKey(chain: "eth", address: a, asset: "ETH"))!).hops }
        XCTAssertEqual(hops("S"), 0)
        XCTAssertEqual(hops("A"), 1)
        XCTAssertEqual(hops("B"), 2)
        XCTAssertEqual(hops("D"), .max)
    }
}
