import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Real mainnet fixtures of ethereum-etl, checked row by row against the files.
final class EthereumETLImportTests: XCTestCase {
    func testTransactionsOfBlocks17173049To17173050() throws {
        let (store, _) = try newStore()
        let r = try Loader(store: store).load(path: try Fixtures.blocksCSV)
        XCTAssertEqual(r.record.format, DataFormat.ethereumETLTransactions.rawValue)
        XCTAssertEqual(r.record.rowsRead, 298)
        XCTAssertEqual(r.record.rowsStored, 298)
        let exported = Fixtures.rows(try Fixtures.export(store))
        XCTAssertEqual(exported.count, 298)
        let fixture = Fixtures.rows(try String(contentsOfFile: try Fixtures.blocksCSV, encoding: .utf8))
        let byHash = Dictionary(uniqueKeysWithValues: exported.map { ($0["tx_hash"]!, $0) })
        var total = Amount.zero
        for f in fixture {
            let e = try XCTUnwrap(byHash[f["hash"]!])
            XCTAssertEqual(e["amount"], f["value"], "exact value of \(f["hash"]!)")
            XCTAssertEqual(e["from"], f["from_address"])
            XCTAssertEqual(e["block"], f["block_number"])
            XCTAssertEqual(e["tx_index"], f["transaction_index"])
            XCTAssertEqual(e["timestamp"], f["block_timestamp"])
            total += Amount(f["value"]!)!
        }
        let volume = try store.read { try $0.volumeByAsset() }
        XCTAssertEqual(volume.first { $0.asset == "ETH" }?.total, total)
        // Exported in (block, tx_index) order.
        let keys = exported.map { UInt64($0["block"]!)! * 100_000 + UInt64($0["tx_index"]!)! }
        XCTAssertEqual(keys, keys.sorted())
    }

    func testStreamJSONOfTheSameBlocksAddsReceiptsAndTokenTransfers() throws {
        let (store, _) = try newStore()
        let loader = Loader(store: store)
        let txs = try loader.load(path: try Fixtures.etl(Fixtures.streamDir + "expected_transactions.json"))
        XCTAssertEqual(txs.record.format, DataFormat.ethereumETLJSON.rawValue)
        XCTAssertEqual(txs.record.rowsStored, 298)
        let tokens = try loader.load(path: try Fixtures.etl(Fixtures.streamDir + "expected_token_transfers.json"))
        XCTAssertEqual(tokens.record.rowsStored, 291)
        let logs = try loader.load(path: try Fixtures.etl(Fixtures.streamDir + "expected_logs.json"))
        let logLines = try String(contentsOfFile: try Fixtures.etl(Fixtures.streamDir + "expected_logs.json"), encoding: .utf8)
            .split(separator: "\n").count
        XCTAssertEqual(logs.record.rowsRead, logLines)
        XCTAssertEqual(logs.record.rowsSkipped, logLines, "logs carry no value")
        let stats = try store.read { try $0.statistics() }
        XCTAssertEqual(stats.chains.first?.nativeTransfers, 298)
        XCTAssertEqual(stats.chains.first?.tokenTransfers, 291)
        // Fees come from the receipts in the stream: gas used × effective gas price, exactly.
        let exported = Fixtures.rows(try Fixtures.export(store))
        let first = try XCTUnwrap(exported.first { $0["tx_hash"] == "0xeb107a40ba73a50c79a9f2026e902d758d1c5e5e211f7a7db1b294f88f118dd0" })
        XCTAssertEqual(first["fee"], (Amount(85143).multipliedReportingOverflow(by: Amount(80869370967)).partialValue).description)
        // Token values exactly as in the file (one line per transfer).
        let lines = try String(contentsOfFile: try Fixtures.etl(Fixtures.streamDir + "expected_token_transfers.json"), encoding: .utf8).split(separator: "\n")
        for line in lines.prefix(50) {
            let v = try JSONParser.parse(Array(line.utf8))
            let row = exported.first { $0["tx_hash"] == v["transaction_hash"]?.text && $0["log_index"] == v["log_index"]?.text
                && $0["asset"] == v["token_address"]?.text }
            XCTAssertEqual(row?["amount"], v["value"]?.text)
            XCTAssertEqual(row?["from"], v["from_address"]?.text)
        }
    }

    func testCSVAndJSONOfTheSameDataGiveTheSameStoreInAnyOrder() throws {
        let files = [try Fixtures.blocksCSV, try Fixtures.etl(Fixtures.streamDir + "expected_transactions.json"),
                     try Fixtures.etl(Fixtures.streamDir + "expected_token_transfers.json")]
        var exports: [String] = []
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let (store, _) = try newStore()
            for i in order { _ = try Loader(store: store).load(path: files[i]) }
            exports.append(try Fixtures.export(store))
        }
        XCTAssertEqual(Set(exports).count, 1, "the store does not depend on load order")
        XCTAssertEqual(Fixtures.rows(exports[0]).count, 298 + 291)
    }

    func testTracesOfBlock1000000ExcludeFailedTraces() throws {
        let (store, _) = try newStore()
        let loader = Loader(store: store)
        let r = try loader.load(path: try Fixtures.etl("test_export_traces_job/block_with_subtraces/expected_traces.csv"))
        XCTAssertEqual(r.record.format, DataFormat.ethereumETLTraces.rawValue)
        XCTAssertEqual(r.record.rowsRead, 4)
        XCTAssertEqual(r.record.rowsStored, 3)   // two top-level calls and one inner callcode
        XCTAssertEqual(r.skippedReasons["reward trace: no sending address"], 1)
        let e = try loader.load(path: try Fixtures.etl("test_export_traces_job/block_with_error/expected_traces.csv"))
        XCTAssertEqual(e.skippedReasons["failed trace"], 1)   // "Out of gas": 1 ETH that never moved
        XCTAssertEqual(e.record.rowsStored, 1)
        let exported = Fixtures.rows(try Fixtures.export(store))
        XCTAssertFalse(exported.contains { $0["from"] == "0xad9253df75b066c67aff5cdd9d6d2b9245444726" }, "failed trace stored")
        XCTAssertTrue(exported.contains { $0["amount"] == "1100000000000000000" && $0["block"] == "1000895" })
        let stats = try store.read { try $0.statistics() }
        XCTAssertEqual(stats.chains.first?.internalTransfers, 1)
        XCTAssertEqual(stats.chains.first?.nativeTransfers, 3)
    }

    func testGethTracesAndTokensAndReceipts() throws {
        let (store, _) = try newStore()
        let loader = Loader(store: store)
        let tokens = try loader.load(path: try Fixtures.etl("test_export_tokens_job/token_with_alternative_return_type/expected_tokens.csv"))
        XCTAssertEqual(tokens.record.format, DataFormat.ethereumETLTokens.rawValue)
        let txs = try loader.load(path: try Fixtures.etl("test_export_blocks_job/block_with_logs/expected_transactions.csv"))
        let receipts = try loader.load(path: try Fixtures.etl("test_export_receipts_job/receipts_with_logs/expected_receipts.csv"))
        XCTAssertEqual(receipts.record.format, DataFormat.ethereumETLReceipts.rawValue)
        XCTAssertGreaterThan(txs.record.rowsStored, 0)
        let exported = Fixtures.rows(try Fixtures.export(store))
        // Receipt 0x463d…: gas used 21000 at 50 gwei.
        let row = exported.first { $0["tx_hash"] == "0x463d53f0ad57677a3b430a007c1c31d15d62c37fab5eee598551697c297c235c" }
        XCTAssertEqual(row?["fee"], "1050000000000000")
    }

    func testTransactionsOfAContractCreationPayTheCreatedContract() {
        // Known vector: sender 0x6ac7…dbf0 with nonces 0 and 1.
        XCTAssertEqual(ContractAddress.created(by: "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0", nonce: 0), "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d")
        XCTAssertEqual(ContractAddress.created(by: "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0", nonce: 1), "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8")
    }

    func testLoadingTheSameFileTwiceChangesNothing() throws {
        let (store, _) = try newStore()
        let loader = Loader(store: store)
        _ = try loader.load(path: try Fixtures.blocksCSV)
        let before = try Fixtures.export(store)
        let again = try loader.load(path: try Fixtures.blocksCSV)
        XCTAssertTrue(again.alreadyLoaded)
        XCTAssertEqual(try Fixtures.export(store), before)
        XCTAssertEqual(try store.loads().count, 1)
    }
}

final class LoadOrderTests: XCTestCase {
    /// Receipts before or after transactions, blocks before or after: the same store.
    func testReceiptsTransactionsAndBlocksInAnyOrder() throws {
        let files = [try Fixtures.etl("test_export_blocks_job/block_with_logs/expected_transactions.csv"),
                     try Fixtures.etl("test_export_receipts_job/receipts_with_logs/expected_receipts.csv"),
                     try Fixtures.etl("test_export_blocks_job/block_with_logs/expected_blocks.csv")]
        var exports: [String] = []
        for order in [[0, 1, 2], [1, 2, 0], [2, 0, 1]] {
            let (store, _) = try newStore()
            for i in order { _ = try Loader(store: store).load(path: files[i]) }
            exports.append(try Fixtures.export(store))
        }
        XCTAssertEqual(Set(exports).count, 1)
        let rows = Fixtures.rows(exports[0])
        XCTAssertFalse(rows.isEmpty)
        XCTAssertTrue(rows.allSatisfy { !($0["timestamp"] ?? "").isEmpty }, "timestamps from blocks.csv")
        XCTAssertTrue(rows.contains { $0["fee"] == "1050000000000000" }, "fees from receipts.csv")
    }

    func testTruncatedJSONLineIsRejectedWithItsLine() throws {
        let (store, dir) = try newStore()
        let lines = try String(contentsOfFile: try Fixtures.etl(Fixtures.streamDir + "expected_token_transfers.json"), encoding: .utf8)
            .split(separator: "\n")
        let cut = lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(100)
        let path = dir.appendingPathComponent("cut.json").path
        try cut.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Loader(store: store).load(path: path)) { e in
            XCTAssertEqual((e as? IngestError)?.line, 4, "\(e)")
            XCTAssertEqual((e as? IngestError)?.cause.kind, .syntax, "\(e)")
            XCTAssertTrue("\(e)".contains("truncated JSON"), "\(e)")
        }
        XCTAssertEqual(try store.read { try $0.count(table: "transfers") }, 0)
        var options = Loader.Options()
        options.skipBadRows = true
        options.rejectsPath = dir.appendingPathComponent("rejects.csv").path
        let r = try Loader(store: store).load(path: path, options: options)
        XCTAssertEqual(r.record.rowsStored, 3)
        XCTAssertEqual(r.record.rowsRejected, 1)
    }
    /// ethereum-etl's JSON writes `trace_address` as a list: `[0, 1]` is a nested call, stored as an internal
    /// transfer beside the transaction's own value, not mistaken for the top-level trace.
    func testJSONTraceAddressListsAreNestedCalls() throws {
        let (store, dir) = try newStore()
        let tx = "0x" + String(repeating: "ab", count: 32)
        let a = "0x" + String(repeating: "1", count: 40), b = "0x" + String(repeating: "2", count: 40), c = "0x" + String(repeating: "3", count: 40)
        let lines = [
            #"{"type":"trace","transaction_hash":"\#(tx)","block_number":1,"from_address":"\#(a)","to_address":"\#(b)","value":7,"trace_type":"call","call_type":"call","trace_address":[],"status":1}"#,
            #"{"type":"trace","transaction_hash":"\#(tx)","block_number":1,"from_address":"\#(b)","to_address":"\#(c)","value":5,"trace_type":"call","call_type":"call","trace_address":[0,1],"status":1}"#,
        ]
        let path = dir.appendingPathComponent("traces.json").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Loader(store: store).load(path: path)
        XCTAssertEqual(r.record.rowsStored, 2, "\(r.record)")
        XCTAssertTrue(try Fixtures.export(store).contains(",\(b),\(c),ETH,5,"))
    }
}
