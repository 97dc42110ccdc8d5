import Foundation
import FundTraceIngest
import FundTraceModel
@testable import FundTraceStore
import XCTest
@testable import FundTraceTaint
import FundTraceCSV
@testable import FundTraceTaintAdapters
import FundTraceTestSupport

/// `fundtrace score` on a store's UTXO chains gives the conformance
/// command's numbers on the store's canonical UTXO export, and refuses data
/// the contract rejects.
final class StoreUTXOSweepTests: XCTestCase {
    /// A random UTXO history as the canonical CSV (§4.1): coinbases, spends of
    /// one to three outputs, unknown-history inputs, fees, zero-value outputs,
    /// several transactions per block, values up to 2^255, and inputs that
    /// repeat the spent output's address and value or leave them out.
    static func randomHistory(seed: UInt64, transactions: Int) -> String {
        var state = seed
        func next(_ n: UInt64) -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return (state >> 17) % n }
        var rows = [FormatDetector.canonicalUTXOHeader.joined(separator: ",")]
        var unspent: [(tx: String, n: Int, address: String, value: Amount)] = []
        for t in 0..<transactions {
            let hash = "t\(t)", block = t / 4, position = t % 4
            var inputs: [(tx: String, n: Int, address: String, value: Amount, known: Bool)] = []
            switch next(10) {
            case 0: break  // coinbase
            case 1, 2: inputs.append(("ext\(t)", Int(next(3)), "X\(next(15))", Amount(next(1_000_000_000_000) + 1), false))
            default:
                for _ in 0..<min(unspent.count, Int(next(3)) + 1) {
                    let u = unspent.remove(at: Int(next(UInt64(unspent.count))))
                    inputs.append((u.tx, u.n, u.address, u.value, true))
                }
                if inputs.isEmpty { inputs.append(("ext\(t)", 0, "X\(next(15))", Amount(next(1_000_000) + 1), false)) }
            }
            var left = inputs.reduce(Amount.zero) { $0 + $1.value }
            if inputs.isEmpty { left = next(20) == 0 ? Amount(w0: 0, w1: 0, w2: 0, w3: 1 << 63) : Amount(5_000_000_000) }
            else if next(3) > 0 { left -= Amount(next(left.uint64Value.map { min($0, 10_000) + 1 } ?? 10_001)) }
            let count = Int(next(3)) + 1
            var outputs: [Amount] = []
            for k in 0..<count {
                let v = k == count - 1 ? left : (left.uint64Value.map { Amount(next($0 + 1)) } ?? left.quotientAndRemainder(dividingBy: 3).quotient)
                outputs.append(v); left -= v
            }
            for (i, inp) in inputs.enumerated() {
                let given = !inp.known || next(2) == 0
                rows.append("btc,\(hash),\(block),\(position),,in,\(i),\(given ? inp.address : ""),\(given ? inp.value.description : ""),\(inp.tx),\(inp.n)")
            }
            for (k, v) in outputs.enumerated() {
                let address = "A\(next(30))"
                rows.append("btc,\(hash),\(block),\(position),,out,\(k),\(address),\(v),,")
                unspent.append((hash, k, address, v))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A store holding the random history and the bitcoin-etl fixtures' real
    /// mainnet blocks (as chain `bitcoin`), with a sources file naming
    /// addresses of both and an outpoint.
    func makeStore() throws -> (store: TransferStore, sources: String, dir: URL) {
        let dir = temporaryDirectory()
        let store = try TransferStore(path: dir.appendingPathComponent("u.sqlite").path)
        let history = dir.appendingPathComponent("history.csv").path
        try Self.randomHistory(seed: 5, transactions: 600).write(toFile: history, atomically: true, encoding: .utf8)
        _ = try Loader(store: store).load(path: history)
        let btc = try SharedData.url("bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin")
        var options = Loader.Options()
        options.chain = "bitcoin"
        for f in ["stream_50001_50002", "block_with_transactions"] {
            _ = try Loader(store: store).load(path: btc.appendingPathComponent(f + "/expected_transactions.json").path, options: options)
        }
        let sources = dir.appendingPathComponent("sources.csv").path
        try """
            type,chain,id,asset,start_block
            address,btc,A3,,
            address,btc,A7,,40
            outpoint,btc,t5:0,,
            address,bitcoin,1DoQeKfU3dYhN9bxMpFFcVUnufCPDqSPae,,
            outpoint,bitcoin,e1882d41800d96d0fddc196cd8d3f0b45d65b030c652d97eaba79a1174e64d58:0,,

            """.write(toFile: sources, atomically: true, encoding: .utf8)
        return (store, sources, dir)
    }

    func testScoreEqualsConformanceOnExportUnderEveryPolicy() throws {
        let (store, sources, dir) = try makeStore()
        let export = dir.appendingPathComponent("export.csv").path
        let w = try CSVWriter(path: export)
        let transactions = try CanonicalUTXOExporter.export(store: store, to: w)
        try w.close()
        XCTAssertEqual(transactions, 600 + 4)
        for policy in TaintPolicy.allCases {
            let scorePath = dir.appendingPathComponent("score-\(policy).csv").path
            let sw = try CSVWriter(path: scorePath)
            let result = try StoreScorer.score(store: store, sources: try SourceSpec.readForStore(path: sources), policy: policy, to: sw)
            try sw.close()
            XCTAssertEqual(result.transfers, 0)
            XCTAssertEqual(result.utxoTransactions, transactions)
            let oa = dir.appendingPathComponent("oa.csv").path, sum = dir.appendingPathComponent("sum.json").path
            try UTXOConformance.run(transactionsPath: export, sourcesPath: sources, policy: policy,
                                    outOutputs: dir.appendingPathComponent("oo.csv").path, outAddresses: oa, summaryPath: sum)
            let conformance = try readCSV(oa), scored = try readCSV(scorePath)
            XCTAssertEqual(scored.count, conformance.count, "\(policy)")
            XCTAssertEqual(result.keys, conformance.count)
            let byKey = Dictionary(uniqueKeysWithValues: conformance.map { ($0["chain"]! + "/" + $0["address"]!, $0) })
            var tainted = 0
            for row in scored {
                let c = try XCTUnwrap(byKey[row["chain"]! + "/" + row["address"]!])
                for col in LedgerKeyReport.columns { XCTAssertEqual(row[col], c[col], "\(policy) \(row["address"]!) \(col)") }
                if row["tainted_held"] != "0" { tainted += 1 }
            }
            XCTAssertGreaterThan(tainted, 3, "\(policy): the history spreads taint")
            XCTAssertEqual(result.summaryJSON, try String(contentsOfFile: sum, encoding: .utf8), "\(policy): the summary too")
            let heldRows = scored.filter { $0["tainted_held"]!.contains { ("1"..."9").contains($0) } }
            XCTAssertEqual(result.heldByAsset.reduce(0) { $0 + $1.holders }, heldRows.count, "\(policy)")
            XCTAssertEqual(Set(result.heldByAsset.map(\.asset)), [""], "UTXO rows have no asset")
        }
    }

    /// `--addresses` keeps exactly the listed addresses' rows, as the full
    /// report writes them, and names the listed ones no transaction touches.
    func testAnAddressListKeepsExactlyThoseRows() throws {
        let (store, sources, dir) = try makeStore()
        func score(_ addresses: Set<String>?) throws -> (rows: [[String: String]], unmatched: [String]) {
            let path = dir.appendingPathComponent("list.csv").path
            let w = try CSVWriter(path: path)
            let r = try StoreScorer.score(store: store, sources: try SourceSpec.readForStore(path: sources), policy: .fifo, addresses: addresses, to: w)
            try w.close()
            return (try readCSV(path), r.unmatchedAddresses)
        }
        let all = try score(nil).rows
        let listed: Set<String> = ["A3", "A11", "1dOqEKFu3DyHn9BXmPffCvuNUFcPdQspAe", "1DoQeKfU3dYhN9bxMpFFcVUnufCPDqSPae", "nobody"]
        let (some, unmatched) = try score(listed)
        XCTAssertEqual(some, all.filter { listed.contains($0["address"]!) })
        XCTAssertEqual(Set(some.map { $0["address"]! }), ["A3", "A11", "1DoQeKfU3dYhN9bxMpFFcVUnufCPDqSPae"])
        XCTAssertEqual(unmatched, ["1dOqEKFu3DyHn9BXmPffCvuNUFcPdQspAe", "nobody"], "Bitcoin addresses are case-sensitive")
    }

    /// Rules of a kind their chain's model does not have taint nothing and
    /// are named, apart from rules naming what the store lacks.
    func testRulesOfTheOtherModelAreNamed() throws {
        let (store, _, _) = try makeStore()
        let spec = SourceSpec(rules: [.init(kind: .transfer, chain: "btc", id: "t5:0"), .init(kind: .wholeBalance, chain: "btc", id: "A3"),
                                      .init(kind: .outpoint, chain: "btc", id: "t5:0"), .init(kind: .outpoint, chain: "btc", id: "nope:0")])
        let result = try StoreScorer.score(store: store, sources: spec, policy: .poison, to: CSVWriter())
        XCTAssertEqual(result.inapplicableSources.map(\.description), ["transfer btc t5:0", "whole_balance btc A3"])
        XCTAssertEqual(result.unresolvedSources.map(\.description), ["outpoint btc nope:0"])
        XCTAssertGreaterThan(result.created, .zero, "the outpoint rule marks")
    }

    /// Hops along tainted outputs, as the account sweep counts them: the
    /// source address 0, each spend of its taint one more; a zero-value
    /// output and untouched addresses none.
    func testHopsFollowTaintedOutputs() throws {
        let dir = temporaryDirectory()
        let store = try TransferStore(path: dir.appendingPathComponent("h.sqlite").path)
        let history = dir.appendingPathComponent("h.csv").path
        try """
            chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n
            btc,c,1,0,,out,0,S,50,,
            btc,d,2,0,,in,0,,,c,0
            btc,d,2,0,,out,0,A,49,,
            btc,e,3,0,,in,0,,,d,0
            btc,e,3,0,,out,0,B,40,,
            btc,e,3,0,,out,1,C,0,,
            btc,f,3,1,,out,0,D,50,,

            """.write(toFile: history, atomically: true, encoding: .utf8)
        _ = try Loader(store: store).load(path: history)
        let sources = dir.appendingPathComponent("s.csv").path
        try "type,chain,id,asset,start_block\naddress,btc,S,,\n".write(toFile: sources, atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("score.csv").path
        let w = try CSVWriter(path: path)
        _ = try StoreScorer.score(store: store, sources: try SourceSpec.readForStore(path: sources), policy: .poison, to: w)
        try w.close()
        let hops = Dictionary(uniqueKeysWithValues: try readCSV(path).map { ($0["address"]!, $0["hops"]!) })
        XCTAssertEqual(hops, ["S": "0", "A": "1", "B": "2", "C": "", "D": ""])
    }

    /// What the contract rejects in a file (§4.2) the sweep rejects in the
    /// store, naming the transaction: here a double spend, an input with
    /// unknown history and no value, and outputs exceeding inputs. The chain
    /// is left out of the score, and the others (chains are independent
    /// ledgers) are scored as if it were not there.
    func testAChainWhoseDataTheContractRejectsIsSkippedAndNamed() throws {
        let good = "ltc,g,1,0,,out,0,G,7,,\n"
        let cases = [
            ("btc,a,1,0,,out,0,S,50,,\nbtc,b,2,0,,in,0,,,a,0\nbtc,b,2,0,,out,0,A,50,,\nbtc,c,3,0,,in,0,,,a,0\nbtc,c,3,0,,out,0,B,50,,\n",
             "btc transaction c spends a:0, which an earlier transaction spent or which is created later"),
            ("btc,b,2,0,,in,0,X,,z,0\nbtc,b,2,0,,out,0,A,50,,\n", "btc transaction b spends z:0, which the store does not hold"),
            ("btc,a,1,0,,out,0,S,50,,\nbtc,b,2,0,,in,0,,,a,0\nbtc,b,2,0,,out,0,A,51,,\n", "btc transaction b pays out 51, more than its inputs' 50"),
        ]
        for (body, message) in cases {
            let dir = temporaryDirectory()
            let store = try TransferStore(path: dir.appendingPathComponent("bad.sqlite").path)
            let path = dir.appendingPathComponent("bad.csv").path
            try (FormatDetector.canonicalUTXOHeader.joined(separator: ",") + "\n" + good + body).write(toFile: path, atomically: true, encoding: .utf8)
            _ = try Loader(store: store).load(path: path)
            let scores = dir.appendingPathComponent("scores.csv").path
            let w = try CSVWriter(path: scores)
            let result = try StoreScorer.score(store: store, sources: SourceSpec(rules: []), policy: .fifo, to: w)
            try w.close()
            XCTAssertEqual(result.skippedUTXOChains.map(\.chain), ["btc"])
            XCTAssertTrue(result.skippedUTXOChains.first?.reason.hasPrefix(message) ?? false, "\(result.skippedUTXOChains)")
            XCTAssertEqual(try readCSV(scores).map { $0["chain"]! + " " + $0["address"]! }, ["ltc G"])
        }
    }
}
