import Foundation
import XCTest
@testable import FundTraceIngest
import FundTraceModel
import FundTraceStore

final class BitcoinETLImportTests: XCTestCase {
    func testMultiInputTransactionsOfBlocks50001And50002() throws {
        let (store, _) = try Fixtures.newStore()
        let path = Fixtures.btc.appendingPathComponent("bitcoin/stream_50001_50002/expected_transactions.json").path
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
        let (store, _) = try Fixtures.newStore()
        let files = FileManager.default.enumerator(atPath: Fixtures.btc.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix("expected_transactions.json") }
        XCTAssertGreaterThanOrEqual(files.count, 10)
        var total = 0
        for f in files {
            var options = Loader.Options()
            options.chain = f.components(separatedBy: "/")[0]
            let r = try Loader(store: store).load(path: Fixtures.btc.appendingPathComponent(f).path, options: options)
            XCTAssertEqual(r.record.rowsRejected, 0)
            total += r.record.rowsRead
        }
        XCTAssertEqual(total, 34)   // the README's count of bitcoin-etl transactions
    }
}
