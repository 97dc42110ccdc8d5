import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceFetch
import FundTraceIngest
import FundTraceStore
import FundTraceCSV

/// Fetching recorded mainnet blocks from a node gives exactly the transfers ethereum-etl exported for them.
final class BlockRangeFetcherTests: XCTestCase {
    static func resources(_ p: String) throws -> URL { try SharedData.url("ethereum-etl/tests/resources/\(p)") }

    /// Fetches `blocks` from the recordings in `folder` into a new store and returns it with the summary.
    func fetch(_ folder: URL, _ blocks: ClosedRange<UInt64>, parts: BlockRangeFetcher.Parts, window: UInt64 = 50,
               missingMethod: Int = -32000) throws -> (TransferStore, FetchSummary, FetchCache, ReplayHTTPServer) {
        let server = try RecordedNode.server(folder, missingMethod: missingMethod)
        addTeardownBlock { server.stop() }
        let dir = try newTemporaryDirectory("fundtrace-fetch")
        let store = try TransferStore(path: dir.appendingPathComponent("f.sqlite").path)
        var settings = HTTPTransport.Settings(); settings.requestsPerSecond = 0; settings.retries = 0
        let client = JSONRPCClient(transport: HTTPTransport(endpoint: try ServiceEndpoint("http://127.0.0.1:\(server.port)/"), settings: settings))
        let cache = try FetchCache(directory: dir.appendingPathComponent("cache"))
        var job = BlockRangeFetch(fetcher: BlockRangeFetcher(client: client, parts: parts), cache: cache, store: store, chain: "ethereum")
        job.window = window
        return (store, try job.run(blocks), cache, server)
    }

    /// The store after loading ethereum-etl's own exports of the same blocks.
    func exported(_ files: [URL]) throws -> TransferStore {
        let store = try TransferStore(path: try newTemporaryDirectory("fundtrace-etl").appendingPathComponent("e.sqlite").path)
        for f in files { _ = try Loader(store: store).load(path: f.path) }
        return store
    }

    func canonical(_ store: TransferStore) throws -> String {
        let w = CSVWriter(formulaGuard: false)
        try CanonicalTransfersExporter.export(store: store, to: w)
        return w.text
    }

    func testStreamBlocksWithReceiptsAndTokenTransfersMatchEthereumETL() throws {
        let folder = try Self.resources("test_stream/blocks_1755634_1755635")
        let (store, summary, _, _) = try fetch(folder, 1_755_634...1_755_635, parts: [.transactions, .receipts])
        let expected = try exported([folder.appendingPathComponent("expected_transactions.json"), folder.appendingPathComponent("expected_token_transfers.json")])
        XCTAssertEqual(try canonical(store), try canonical(expected))
        XCTAssertEqual(summary.rowsStored, try expected.read { try $0.count(table: "transfers") }, "every transfer, each once")
        XCTAssertGreaterThan(summary.rowsStored, 2)
    }

    /// The records themselves agree with ethereum-etl's, field by field, for every field the importers read.
    func testFetchedRecordsEqualEthereumETLsFieldByField() throws {
        let folder = try Self.resources("test_stream/blocks_1755634_1755635")
        let (_, summary, cache, _) = try fetch(folder, 1_755_634...1_755_635, parts: [.transactions, .receipts])
        let fetched = try records(cache.path(summary.queries[0].file))
        for (file, type, key, fields) in [
            ("expected_transactions.json", "transaction", "hash", ["nonce", "transaction_index", "from_address", "to_address", "value", "gas", "gas_price",
                                                                    "input", "block_timestamp", "block_number", "block_hash", "receipt_gas_used",
                                                                    "receipt_cumulative_gas_used", "receipt_status", "receipt_effective_gas_price",
                                                                    "receipt_contract_address", "receipt_root", "transaction_type"]),
            ("expected_token_transfers.json", "token_transfer", "log_index", ["token_address", "from_address", "to_address", "value", "transaction_hash",
                                                                             "block_number", "block_timestamp", "block_hash"]),
        ] {
            let expected = try records(folder.appendingPathComponent(file).path)
            let mine = fetched.filter { $0["type"]?.text == type }
            XCTAssertEqual(mine.count, expected.count, file)
            for e in expected {
                guard let m = mine.first(where: { $0[key] == e[key] }) else { XCTFail("\(file): no fetched \(e[key]?.text ?? "?")"); continue }
                for f in fields { XCTAssertEqual(m[f] ?? .null, e[f] ?? .null, "\(file) \(e[key]?.text ?? "") \(f)") }
            }
        }
    }

    func testTransactionsOnlyMatchTheBlocksExport() throws {
        let folder = try Self.resources("test_export_blocks_job/blocks_with_transactions")
        let (store, _, _, _) = try fetch(folder, 47_218...47_219, parts: [.transactions])
        XCTAssertEqual(try canonical(store), try canonical(try exported([folder.appendingPathComponent("expected_transactions.csv")])))
    }

    /// trace_block: calls, creations, self-destructs, failed calls (and the calls nested in them), as ethereum-etl exports them.
    func testTracesMatchTheTracesExport() throws {
        for (name, block) in [("block_with_subtraces", UInt64(0xf4240)), ("block_with_create", 0xf44f2), ("block_with_error", 0xf45bf), ("block_with_suicide", 0xf7105), ("block_without_transactions", 0)] {
            let folder = try Self.resources("test_export_traces_job/\(name)")
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(RecordedNode.fileName("trace_block", [.quantity(block)])).path) else {
                XCTFail("\(name): no recording for block \(block)"); continue
            }
            let (store, _, _, _) = try fetch(folder, block...block, parts: [.traces])
            let export = folder.appendingPathComponent("expected_traces.csv")
            let isEmpty = (try FileManager.default.attributesOfItem(atPath: export.path)[.size] as? Int) == 0  // ethereum-etl wrote nothing
            XCTAssertEqual(try canonical(store), try canonical(try exported(isEmpty ? [] : [export])), name)
        }
    }

    func testStreamTracesMatchTheStreamExport() throws {
        for (name, block) in [("blocks_508110_508110", UInt64(508_110)), ("blocks_2112234_2112234", 2_112_234)] {
            let folder = try Self.resources("test_stream/\(name)")
            let (store, _, _, _) = try fetch(folder, block...block, parts: [.traces])
            XCTAssertEqual(try canonical(store), try canonical(try exported([folder.appendingPathComponent("expected_traces.json")])), name)
        }
    }

    /// A second run sends no request and stores nothing new; a node without trace_block is said, not hidden.
    func testASecondRunIsAnsweredFromTheCache() throws {
        let folder = try Self.resources("test_stream/blocks_1755634_1755635")
        let (store, first, cache, server) = try fetch(folder, 1_755_634...1_755_635, parts: [.transactions, .receipts, .traces], window: 1,
                                                      missingMethod: JSONRPCClient.methodNotFound)
        XCTAssertEqual(first.queries.count, 2)
        XCTAssertTrue(first.notes.contains { $0.contains("trace_block") }, "\(first.notes)")
        let sent = server.requests.count
        var settings = HTTPTransport.Settings(); settings.requestsPerSecond = 0
        let client = JSONRPCClient(transport: HTTPTransport(endpoint: try ServiceEndpoint("http://127.0.0.1:\(server.port)/"), settings: settings))
        var again = BlockRangeFetch(fetcher: BlockRangeFetcher(client: client, parts: [.transactions, .receipts, .traces]), cache: cache, store: store, chain: "ethereum")
        again.window = 1
        let second = try again.run(1_755_634...1_755_635)
        XCTAssertEqual(server.requests.count, sent, "no request the second time")
        XCTAssertEqual(second.rowsStored, 0)
        XCTAssertTrue(second.queries.allSatisfy(\.cached))
        let provenance = try store.fetches()
        XCTAssertEqual(provenance.count, 2)
        XCTAssertTrue(provenance.allSatisfy { $0.endpoint.hasPrefix("http://127.0.0.1:") && $0.requests > 0 }, "\(provenance)")
    }

    /// Hostile or broken node answers stop the fetch with the endpoint and the call, and nothing reaches the store.
    func testMalformedNodeAnswersAreRefusedWithoutTouchingTheStore() throws {
        func blockAnswer(to: String, value: String) -> String {
            let tx = "{\"hash\":\"0x\(String(repeating: "b", count: 64))\",\"from\":\"0x\(String(repeating: "1", count: 40))\","
                + "\"to\":\"\(to)\",\"value\":\"\(value)\",\"transactionIndex\":\"0x0\"}"
            return "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"number\":\"0x1\",\"timestamp\":\"0x5\","
                + "\"hash\":\"0x\(String(repeating: "a", count: 64))\",\"transactions\":[\(tx)]}}"
        }
        let goodTo = "0x" + String(repeating: "2", count: 40)
        for (answer, cause) in [
            ("<html>502</html>", "not JSON"),
            (#"[{"jsonrpc":"2.0","id":7,"result":null}]"#, "matches no call"),
            (blockAnswer(to: "0x12", value: "0x1"), "is not an address"),
            (blockAnswer(to: goodTo, value: "0x1" + String(repeating: "0", count: 64)), "not a hex quantity"),
            (#"{"jsonrpc":"2.0","id":0,"error":{"code":-32005,"message":"limit exceeded\u001b[2J"}}"#, "the service refused: -32005 limit exceeded"),
        ] {
            let server = try ReplayHTTPServer { _ in .json(answer) }
            addTeardownBlock { server.stop() }
            let dir = try newTemporaryDirectory("fundtrace-fetch")
            let store = try TransferStore(path: dir.appendingPathComponent("f.sqlite").path)
            var settings = HTTPTransport.Settings(); settings.requestsPerSecond = 0; settings.retries = 0
            let client = JSONRPCClient(transport: HTTPTransport(endpoint: try ServiceEndpoint("http://127.0.0.1:\(server.port)/"), settings: settings))
            var job = BlockRangeFetch(fetcher: BlockRangeFetcher(client: client, parts: [.transactions]), cache: try FetchCache(directory: dir), store: store, chain: "ethereum")
            XCTAssertThrowsError(try job.run(1...1)) { e in
                XCTAssertTrue("\(e)".contains(cause), "\(e)")
                XCTAssertTrue("\(e)".contains("eth_getBlockByNumber(0x1, true)"), "\(e)")
                XCTAssertFalse("\(e)".contains("\u{1b}"), "control characters are shown, not acted on")
            }
            XCTAssertEqual(try store.loads().count, 0)
        }
    }

    func records(_ path: String) throws -> [JSONValue] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }
}
