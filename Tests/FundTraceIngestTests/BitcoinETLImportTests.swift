import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceCSV

final class BitcoinETLImportTests: XCTestCase {
    func testMultiInputTransactionsOfBlocks50001And50002() throws {
        let (store, _) = try newStore()
        let path = try Fixtures.btc.appendingPathComponent("bitcoin/stream_50001_50002/expected_transactions.json").path
        var options = Loader.Options()
        options.chain = "bitcoin"
        let r = try Loader(store: store).load(path: path, options: options)
        XCTAssertEqual(r.record.format, DataFormat.bitcoinETLJSON.rawValue)
        XCTAssertEqual(r.record.rowsStored, 4)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var sawMultiInput = false
        for line in lines {
            let v = try JSONParser.parse(Array(line.utf8))
            let hash = try XCTUnwrap(v["hash"]?.text)
            let tx = try XCTUnwrap(try store.read { try $0.utxoTransaction(chain: "bitcoin", hash: hash) })
            let inputs = v["inputs"]!.arrayValue!, outputs = v["outputs"]!.arrayValue!
            XCTAssertEqual(tx.inputs.count, inputs.count)
            XCTAssertEqual(tx.outputs.count, outputs.count)
            for (i, inp) in inputs.enumerated() {
                XCTAssertEqual(tx.inputs[i].spent.txHash, inp["spent_transaction_hash"]?.text)
                XCTAssertEqual(tx.inputs[i].value?.description, inp["value"]?.text)
                XCTAssertEqual(tx.inputs[i].address, inp["addresses"]?.arrayValue?.first?.text)
            }
            for (i, out) in outputs.enumerated() {
                XCTAssertEqual(tx.outputs[i].value.description, out["value"]?.text, "satoshi exact")
                XCTAssertEqual(tx.outputs[i].address, out["addresses"]?.arrayValue?.first?.text)
            }
            if inputs.count > 1 { sawMultiInput = true }
            XCTAssertEqual(tx.block, UInt64(v["block_number"]!.text!)!)
        }
        XCTAssertTrue(sawMultiInput, "fixture has a multi-input transaction")
    }

    func testEveryBitcoinETLFixtureLoads() throws {
        let (store, _) = try newStore()
        let files = FileManager.default.enumerator(atPath: try Fixtures.btc.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix("expected_transactions.json") }
        XCTAssertGreaterThanOrEqual(files.count, 10)
        var total = 0
        for f in files {
            var options = Loader.Options()
            options.chain = f.components(separatedBy: "/")[0]
            let r = try Loader(store: store).load(path: try Fixtures.btc.appendingPathComponent(f).path, options: options)
            XCTAssertEqual(r.record.rowsRejected, 0)
            total += r.record.rowsRead
        }
        XCTAssertEqual(total, 34)   // the README's count of bitcoin-etl transactions
    }

    /// `export utxo` of every bitcoin-etl fixture, loaded with its chain: the
    /// canonical CSV (§4.1) that `load` reads back into the same transactions,
    /// and one chain's rows alone with `chain`.
    func testExportedUTXOCSVLoadsBackTheSameTransactions() throws {
        let (store, dir) = try newStore()
        let files = FileManager.default.enumerator(atPath: try Fixtures.btc.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix("expected_transactions.json") }.sorted()
        for f in files {
            var options = Loader.Options()
            options.chain = f.components(separatedBy: "/")[0]
            _ = try Loader(store: store).load(path: try Fixtures.btc.appendingPathComponent(f).path, options: options)
        }
        let path = dir.appendingPathComponent("utxo.csv").path
        let w = try CSVWriter(path: path)
        let exported = try CanonicalUTXOExporter.export(store: store, to: w)
        try w.close()
        XCTAssertGreaterThan(exported, 20)
        let rows = Fixtures.rows(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(Set(rows.map { $0["chain"]! }), ["bitcoin", "bitcoin_cash", "dogecoin", "zcash"])

        let (copy, _) = try newStore()
        _ = try Loader(store: copy).load(path: path)
        func transactions(_ s: TransferStore) throws -> [UTXOTransaction] {
            try s.read { reader in
                var all: [UTXOTransaction] = []
                for chain in ["bitcoin", "bitcoin_cash", "dogecoin", "zcash"] { try reader.forEachUTXOTransaction(chain: chain) { all.append($0) } }
                return all
            }
        }
        XCTAssertEqual(try transactions(copy), try transactions(store))

        let one = dir.appendingPathComponent("doge.csv").path
        let w2 = try CSVWriter(path: one)
        let dogecoin = try CanonicalUTXOExporter.export(store: store, chain: "dogecoin", to: w2)
        try w2.close()
        let dogeRows = Fixtures.rows(try String(contentsOfFile: one, encoding: .utf8))
        XCTAssertEqual(Set(dogeRows.map { $0["chain"]! }), ["dogecoin"])
        XCTAssertEqual(Set(dogeRows.map { $0["tx_hash"]! }).count, dogecoin)
    }

    /// The same transactions from a file without input values, then one
    /// with them: the inputs take the address and value the second gives.
    func testALaterFileFillsInInputValuesAnEarlierOneLacked() throws {
        let (store, _) = try newStore()
        var options = Loader.Options()
        options.chain = "bitcoin"
        let bare = try Fixtures.btc.appendingPathComponent("bitcoin/block_with_transactions/expected_transactions.json").path
        let enriched = try Fixtures.btc.appendingPathComponent("bitcoin/stream_50001_50002/expected_transactions.json").path
        func inputs() throws -> [UTXOInput] {
            try XCTUnwrap(try store.read { try $0.utxoTransaction(chain: "bitcoin", hash: "7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a") }).inputs
        }
        _ = try Loader(store: store).load(path: bare, options: options)
        XCTAssertEqual(try inputs().map(\.value), [nil, nil], "the bare file gives no input values")
        let r = try Loader(store: store).load(path: enriched, options: options)
        XCTAssertEqual(try inputs().map(\.value), [Amount(5_000_000_000), Amount(5_000_000_000)])
        XCTAssertEqual(try inputs().map(\.address), ["1DoQeKfU3dYhN9bxMpFFcVUnufCPDqSPae", "1PZMgkF2x161qvfP7dhoWSEEU3SjnQE1m9"])
        XCTAssertGreaterThan(r.record.rowsStored, 0, "filling in counts as storing")
    }

    /// An outpoint has one history: a row restating an output or input with
    /// other content is rejected with its line and column, and the store
    /// stays as it was; one restating it as stored is a duplicate.
    func testContradictingUTXORowsAreRejected() throws {
        let (store, dir) = try newStore()
        let header = "chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n\n"
        let base = "btc,t1,1,0,,out,0,A,50,,\nbtc,t2,2,0,,in,0,,,t1,0\nbtc,t2,2,0,,out,0,C,40,,\n"
        func file(_ name: String, _ rows: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try (header + rows).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        _ = try Loader(store: store).load(path: try file("base.csv", base))
        let before = try store.read { try $0.utxoTransaction(chain: "btc", hash: "t2") }
        for (rows, line, reason) in [("btc,t1,1,0,,out,0,B,50,,\n", 2, "output t1:0"), ("btc,t1,1,0,,out,0,A,51,,\n", 2, "output t1:0"),
                                     ("btc,t2,2,0,,in,0,,,t9,0\n", 2, "input t2:0"), ("btc,t2,2,0,,in,0,,,t1,1\n", 2, "input t2:0"),
                                     ("btc,t3,3,0,,out,0,D,1,,\nbtc,t3,3,0,,out,0,E,1,,\n", 3, "output t3:0")] {
            XCTAssertThrowsError(try Loader(store: store).load(path: try file("bad\(line)-\(rows.count).csv", rows))) { e in
                guard let e = e as? IngestError else { return XCTFail("\(e)") }
                XCTAssertEqual([e.line, e.column], [line, 7], "\(e)")
                XCTAssertTrue(e.description.contains(reason), "\(e)")
            }
        }
        XCTAssertEqual(try store.loads().count, 1, "no failed load recorded")
        XCTAssertEqual(try store.read { try $0.utxoTransaction(chain: "btc", hash: "t3") }?.outputs.count ?? 0, 0)
        let again = try Loader(store: store).load(path: try file("same.csv", "btc,t1,1,0,,out,0,A,50,,\nbtc,t2,2,0,,in,0,C,50,t1,0\n"))
        XCTAssertEqual([again.record.rowsStored, again.record.rowsDuplicate], [1, 1], "restating is a duplicate; an input's value fills in")
        XCTAssertEqual(try store.read { try $0.utxoTransaction(chain: "btc", hash: "t2") }?.outputs, before?.outputs)
    }
}
