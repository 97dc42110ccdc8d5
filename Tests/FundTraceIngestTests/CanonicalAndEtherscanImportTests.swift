import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceCSV

final class CanonicalAndEtherscanImportTests: XCTestCase {
    func testCanonicalCSVRoundTripsExactlyUpTo2To256() throws {
        let (store, dir) = try newStore()
        let max = Amount.maxInput.description
        let text = """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            eth,0xb2,2,0,0,1700000002,Y,U,ETH,5,
            eth,0xb1,1,0,0,1700000001,X,S,ETH,10,3
            polygon,0xc1,1,0,4,,P,Q,0xToken,\(max),

            """
        let path = dir.appendingPathComponent("c.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Loader(store: store).load(path: path)
        XCTAssertEqual(r.record.format, DataFormat.canonicalTransfers.rawValue)
        XCTAssertEqual(r.record.rowsStored, 3)
        let out = try Fixtures.export(store)
        XCTAssertEqual(out, """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            eth,0xb1,1,0,0,1700000001,X,S,ETH,10,3
            eth,0xb2,2,0,0,1700000002,Y,U,ETH,5,
            polygon,0xc1,1,0,4,,P,Q,0xToken,\(max),

            """)
    }

    /// Rows naming one transaction may state different blocks, positions,
    /// fees and times (§3.1 takes each row as it is); each comes back as stated.
    func testCanonicalRowsOfOneTransactionKeepTheirOwnFields() throws {
        let (store, dir) = try newStore()
        let text = """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            eth,0xb1,1,0,0,1700000001,X,S,ETH,10,3
            eth,0xb1,2,5,1,1700000099,S,T,0xToken,7,
            eth,0xb1,3,1,2,,T,X,0xToken,2,1

            """
        let path = dir.appendingPathComponent("c.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Loader(store: store).load(path: path).record.rowsStored, 3)
        XCTAssertEqual(Fixtures.rows(try Fixtures.export(store)).map { [$0["block"]!, $0["tx_index"]!, $0["timestamp"]!, $0["fee"]!] }, [
            ["1", "0", "1700000001", "3"],
            ["2", "5", "1700000099", ""],
            // An empty time takes the transaction's, as a row of another format would.
            ["3", "1", "1700000001", "1"],
        ])
    }

    /// The canonical format names a transfer by `(tx_hash, log_index)` alone,
    /// which need not be unique: rows sharing it are kept, in file order,
    /// unless they repeat a stored row's content, so loading them again adds nothing.
    func testCanonicalRowsSharingTheirLogIndexAreAllKept() throws {
        let (store, dir) = try newStore()
        let text = """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            eth,0xb1,1,0,0,,X,S,ETH,10,3
            eth,0xb1,1,0,0,,S,T,ETH,7,
            eth,0xb1,1,0,0,,X,S,ETH,10,3
            eth,0xb1,1,0,0,,T,X,ETH,2,
            eth,0xb1,1,0,0,,X,S,0xToken,10,

            """
        let path = dir.appendingPathComponent("c.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try Loader(store: store).load(path: path).record
        XCTAssertEqual([first.rowsStored, first.rowsDuplicate], [4, 1])
        // The same rows in another file, with one more: only that one is new.
        let morePath = dir.appendingPathComponent("more.csv").path
        try (text + "eth,0xb1,1,0,0,,S,X,ETH,1,\n").write(toFile: morePath, atomically: true, encoding: .utf8)
        let again = try Loader(store: store).load(path: morePath).record
        XCTAssertEqual([again.rowsStored, again.rowsDuplicate], [1, 5])
        XCTAssertEqual(Fixtures.rows(try Fixtures.export(store)).map { [$0["from"]!, $0["to"]!, $0["asset"]!, $0["amount"]!] }, [
            ["X", "S", "ETH", "10"], ["S", "T", "ETH", "7"], ["T", "X", "ETH", "2"], ["S", "X", "ETH", "1"], ["X", "S", "0xToken", "10"],
        ])
    }

    /// A store's export lists internal transfers beside their transaction's
    /// own, all with log index 0: loaded into a new store, it gives the same
    /// export (real ethereum-etl traces with subtraces).
    func testAStoresExportLoadsIntoTheSameTransfers() throws {
        let (store, dir) = try newStore()
        _ = try Loader(store: store).load(path: try Fixtures.etl("test_export_traces_job/block_with_subtraces/expected_traces.csv"))
        let exported = try Fixtures.export(store)
        XCTAssertEqual(Fixtures.rows(exported).count, 3)
        let path = dir.appendingPathComponent("export.csv").path
        try exported.write(toFile: path, atomically: true, encoding: .utf8)
        let (copy, _) = try newStore()
        XCTAssertEqual(try Loader(store: copy).load(path: path).record.rowsStored, 3)
        XCTAssertEqual(try Fixtures.export(copy), exported)
        // Into the store it came from, whose internal transfer is of another
        // kind than the canonical row's: every row is already there.
        let back = try Loader(store: store).load(path: path).record
        XCTAssertEqual([back.rowsStored, back.rowsDuplicate], [0, 3])
        XCTAssertEqual(try Fixtures.export(store), exported)
    }

    /// `fee` is optional (§3.1): a canonical file may leave its column out,
    /// and is still recognised and loaded with fees of 0.
    /// Gas prices, the mixer heuristics' evidence, from a canonical file's optional column and from pool event files.
    func testGasPricesFromCanonicalColumnAndPoolEvents() throws {
        let (store, dir) = try newStore()
        let transfers = dir.appendingPathComponent("t.csv").path, events = dir.appendingPathComponent("events.csv").path
        try """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee,gas_price
            l2,0xa1,1,0,0,1700000001,X,POOL,GAS,100,21,7000000000
            l2,0xa2,9,0,0,1700000901,POOL,Y,GAS,99,,

            """.write(toFile: transfers, atomically: true, encoding: .utf8)
        try """
            chain,tx_hash,pool,action,account,amount,gas_price,timestamp
            l2,0xa2,POOL,withdrawal,Y,99,3100000001,2023-11-14T22:28:21Z
            l2,0xa3,POOL,deposit,Z,100,,

            """.write(toFile: events, atomically: true, encoding: .utf8)
        let loader = Loader(store: store)
        XCTAssertEqual(try loader.load(path: transfers).record.rowsStored, 2)
        let e = try loader.load(path: events)
        XCTAssertEqual(e.record.format, DataFormat.poolEvents.rawValue)
        XCTAssertEqual(e.record.rowsStored, 2)
        try store.read { r in
            let chain = try XCTUnwrap(try r.chainNames().first { $0.value == "l2" }?.key)
            let ids = try ["0xa1", "0xa2"].map { try XCTUnwrap(try r.transactionID(chainID: chain, hash: $0)) }
            let gas = try r.gasPrices(ids)
            XCTAssertEqual(gas[ids[0]], Amount(7_000_000_000))
            XCTAssertEqual(gas[ids[1]], Amount(3_100_000_001))
            XCTAssertEqual(try r.labels(address: "POOL").map(\.category), [.mixer])
        }
        // A bad action names its line and column.
        try "chain,tx_hash,pool,action,account,amount,gas_price,timestamp\nl2,0xa4,POOL,deposited,Z,1,,\n"
            .write(toFile: events, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try loader.load(path: events)) { err in
            XCTAssertTrue("\(err)".contains(":2:4:"), "\(err)")
            XCTAssertEqual((err as? IngestError)?.cause.kind, .value, "\(err)")
        }
    }

    /// Identifiers that look like spreadsheet formulas stay as written in the canonical export, which loads back
    /// into the same store as nothing new (the formula guard is for files a person opens, not exchange formats).
    func testTheCanonicalExportRoundTripsFormulaLikeIdentifiers() throws {
        let (store, dir) = try newStore()
        let text = """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            c,=C4(),1,0,0,1700000001,@SUM(A1),-2+3,+TOKEN,10,

            """
        let path = dir.appendingPathComponent("f.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Loader(store: store).load(path: path).record.rowsStored, 1)
        let out = try Fixtures.export(store)
        XCTAssertEqual(out, text)
        let again = dir.appendingPathComponent("again.csv").path
        try out.write(toFile: again, atomically: true, encoding: .utf8)
        XCTAssertTrue(try Loader(store: store).load(path: again).alreadyLoaded, "the same bytes as the file loaded")
        XCTAssertEqual(CSVWriter.escape("=C4()"), "\"'=C4()\"", "human-facing files keep the guard")
    }

    func testCanonicalCSVWithoutTheFeeColumn() throws {
        let (store, dir) = try newStore()
        let path = dir.appendingPathComponent("c.csv").path
        try "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount\neth,0xb1,1,0,0,,X,S,ETH,10\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try FormatDetector.detect(path: path), .canonicalTransfers)
        let r = try Loader(store: store).load(path: path)
        XCTAssertEqual(r.record.rowsStored, 1)
        XCTAssertEqual(try Fixtures.export(store), """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            eth,0xb1,1,0,0,,X,S,ETH,10,

            """)
    }

    func testEtherscanExportsByHeaderName() throws {
        let (store, dir) = try newStore()
        let h1 = "0x" + String(repeating: "1", count: 64), h2 = "0x" + String(repeating: "2", count: 64)
        let a = "0x" + String(repeating: "a", count: 40), b = "0x" + String(repeating: "B", count: 40)
        let normal = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","CurrentValue @ $3000/Eth","TxnFee(ETH)","TxnFee(USD)","Historical $Price/Eth","Status","ErrCode","Method"
            "\(h1)","100","1700000000","2023-11-14 22:13:20","\(a)","\(b)","","0","1.5","4500","0.000441","1.3","3000","","","Transfer"
            "\(h2)","101","1700000012","2023-11-14 22:13:32","\(a)","\(b)","","0","2","6000","0.000441","1.3","3000","Error(0)","Out of gas","Transfer"

            """
        let p1 = dir.appendingPathComponent("normal.csv").path
        try normal.write(toFile: p1, atomically: true, encoding: .utf8)
        let r1 = try Loader(store: store).load(path: p1)
        XCTAssertEqual(r1.record.format, DataFormat.etherscanTransactions.rawValue)
        let tokens = """
            "Transaction Hash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"
            "\(h1)","100","1700000000","2023-11-14 22:13:20","\(a)","\(b)","1,234.56","$1,234.56","0xdac17f958d2ee523a2206206994597c13d831ec7","Tether <script>alert(1)</script>","USDT"

            """
        let p2 = dir.appendingPathComponent("tokens.csv").path
        try tokens.write(toFile: p2, atomically: true, encoding: .utf8)
        let r2 = try Loader(store: store).load(path: p2)
        XCTAssertEqual(r2.record.format, DataFormat.etherscanTokens.rawValue)
        let rows = Fixtures.rows(try Fixtures.export(store))
        XCTAssertEqual(rows.count, 3)
        let eth = rows.first { $0["tx_hash"] == h1 && $0["asset"] == "ETH" }
        XCTAssertEqual(eth?["amount"], "1500000000000000000")
        XCTAssertEqual(eth?["fee"], "441000000000000")
        XCTAssertEqual(eth?["to"], b.lowercased())
        let failed = rows.first { $0["tx_hash"] == h2 }
        XCTAssertEqual(failed?["amount"], "0", "a reverted transaction moves no value")
        XCTAssertEqual(failed?["fee"], "441000000000000", "but pays its fee")
        let usdt = rows.first { $0["asset"] == "0xdac17f958d2ee523a2206206994597c13d831ec7" }
        XCTAssertEqual(usdt?["amount"], "1234560000")
    }

    func testEtherscanTokenWithUnknownDecimalsIsRejectedSayingWhy() throws {
        let (store, dir) = try newStore()
        let text = """
            Txhash,Blockno,UnixTimestamp,From,To,TokenValue,ContractAddress,TokenName,TokenSymbol
            0x\(String(repeating: "1", count: 64)),1,1,0x\(String(repeating: "a", count: 40)),0x\(String(repeating: "b", count: 40)),1.5,0x\(String(repeating: "c", count: 40)),Foo,FOO

            """
        let p = dir.appendingPathComponent("t.csv").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Loader(store: store).load(path: p)) { XCTAssertTrue("\($0)".contains("--decimals"), "\($0)") }
        var options = Loader.Options()
        options.tokenDecimals = ["FOO": 2]
        XCTAssertEqual(try Loader(store: store).load(path: p, options: options).record.rowsStored, 1)
        XCTAssertEqual(Fixtures.rows(try Fixtures.export(store)).first?["amount"], "150")
        // Decimals already in the store (from tokens.csv) are used too.
        let (other, dir2) = try newStore()
        let tokens = dir2.appendingPathComponent("tokens.csv").path
        try "address,symbol,name,decimals,total_supply,block_number\n0x\(String(repeating: "c", count: 40)),FOO,Foo,3,,\n"
            .write(toFile: tokens, atomically: true, encoding: .utf8)
        _ = try Loader(store: other).load(path: tokens)
        XCTAssertEqual(try Loader(store: other).load(path: p).record.rowsStored, 1)
        XCTAssertEqual(Fixtures.rows(try Fixtures.export(other)).first?["amount"], "1500")
    }

    func testFormatDetection() throws {
        _ = try Fixtures.btc  // skips here when ../shared is absent, not inside an assertion
        XCTAssertEqual(try FormatDetector.detect(path: try Fixtures.blocksCSV), .ethereumETLTransactions)
        XCTAssertEqual(try FormatDetector.detect(path: try Fixtures.etl("test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv")), .ethereumETLTokenTransfers)
        XCTAssertEqual(try FormatDetector.detect(path: try Fixtures.etl("test_export_blocks_job/blocks_with_transactions_and_withdrawals/expected_blocks.csv")), .ethereumETLBlocks)
        XCTAssertEqual(try FormatDetector.detect(path: try Fixtures.btc.appendingPathComponent("bitcoin/block_1/expected_transactions.json").path), .bitcoinETLJSON)
        XCTAssertEqual(try FormatDetector.detect(path: try Fixtures.etl("test_export_tokens_job/token_with_alternative_return_type/expected_tokens.csv")), .ethereumETLTokens)
        // A table that merely mentions tokens (a case's cash-outs) is not ethereum-etl's tokens.csv.
        XCTAssertNil(FormatDetector.detect(header: ["chain", "address", "exchange", "asset", "symbol", "decimals", "stolen_amount", "deposits"]))
    }
}
