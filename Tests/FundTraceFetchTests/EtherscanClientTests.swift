import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceFetch
import FundTraceIngest
import FundTraceStore
import FundTraceCSV

/// An explorer written from Etherscan's documented account API: `status`/`message`/`result`, at most `offset`
/// rows per page from `startblock`, "No transactions found", "Max rate limit reached", malformed bodies.
final class EtherscanClientTests: XCTestCase {
    static let address = "0x1111111111111111111111111111111111111111"

    /// `count` txlist rows for `address` over blocks 100…, several per block, one block holding `crowded` rows.
    static func rows(count: Int, crowded: Int) -> [[String: String]] {
        var out: [[String: String]] = []
        var block = 100
        while out.count < count {
            let inBlock = block == 130 ? crowded : 1 + block % 4
            for k in 0..<inBlock where out.count < count {
                let n = out.count
                out.append(["blockNumber": String(block), "timeStamp": String(1_700_000_000 + block * 12),
                            "hash": "0x" + String(repeating: "0", count: 56) + String(format: "%08x", n), "nonce": String(n),
                            "transactionIndex": String(k), "from": address, "to": "0x" + String(format: "%040x", n + 1),
                            "value": n == 7 ? "115792089237316195423570985008687907853269984665640564039457584007913129639935" : String(n * 1_000_000_000_000),
                            "gas": "21000", "gasPrice": "1000000000", "isError": n == 5 ? "1" : "0", "txreceipt_status": n == 5 ? "0" : "1",
                            "input": "0x", "contractAddress": "", "cumulativeGasUsed": "21000", "gasUsed": "21000", "confirmations": "100"])
            }
            block += 1
        }
        return out
    }

    /// Serves `rows` as the account API does; `script` may answer a request number first (rate limits, errors).
    func explorer(_ rows: [[String: String]], script: @escaping @Sendable (Int) -> ReplayHTTPServer.Response? = { _ in nil }) throws -> ReplayHTTPServer {
        let counter = Counter()
        let server = try ReplayHTTPServer { request in
            if let scripted = script(counter.next()) { return scripted }
            let q = Dictionary(uniqueKeysWithValues: (URLComponents(string: request.target)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            guard q["action"] == "txlist" else { return .json(#"{"status":"0","message":"No transactions found","result":[]}"#) }
            let start = Int(q["startblock"]!)!, end = Int(q["endblock"]!)!, page = Int(q["page"]!)!, offset = Int(q["offset"]!)!
            let selected = rows.filter { Int($0["blockNumber"]!)! >= start && Int($0["blockNumber"]!)! <= end }
            let slice = selected.dropFirst((page - 1) * offset).prefix(offset)
            if slice.isEmpty { return .json(#"{"status":"0","message":"No transactions found","result":[]}"#) }
            let body = try! JSONSerialization.data(withJSONObject: ["status": "1", "message": "OK", "result": Array(slice)] as [String: Any])
            return .init(body: body)
        }
        addTeardownBlock { server.stop() }
        return server
    }

    func client(_ server: ReplayHTTPServer, pageSize: Int = 100) throws -> EtherscanClient {
        var settings = HTTPTransport.Settings(); settings.requestsPerSecond = 0; settings.retries = 2; settings.backoffSeconds = 0.01
        let transport = HTTPTransport(endpoint: try ServiceEndpoint("http://127.0.0.1:\(server.port)/api"), settings: settings)
        let c = EtherscanClient(transport: transport, chainID: 1, apiKey: "SECRET-KEY-123")
        c.pageSize = pageSize
        c.sleep = { _ in }
        return c
    }

    func testPagingPastTheCapReturnsEveryRowOnceInOrder() throws {
        let rows = Self.rows(count: 1_234, crowded: 250)  // block 130 holds more rows than a page
        let server = try explorer(rows)
        let got = try client(server).history(.transactions, address: Self.address, startBlock: 0, endBlock: 999_999_999)
        XCTAssertEqual(got.map { $0["hash"]?.text ?? "" }, rows.map { $0["hash"]! })
        XCTAssertGreaterThan(server.requests.count, 13, "more than one page")
        XCTAssertTrue(server.requests.allSatisfy { $0.target.contains("apikey=SECRET-KEY-123") && $0.target.contains("chainid=1") })
    }

    func testFetchStoresEachTransferWithFeesFailuresAndProvenanceWithoutTheKey() throws {
        let rows = Self.rows(count: 300, crowded: 3)
        let server = try explorer(rows)
        let dir = try newTemporaryDirectory("fundtrace-etherscan")
        let store = try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
        let job = AddressHistoryFetch(client: try client(server), cache: try FetchCache(directory: dir.appendingPathComponent("cache")), store: store, chain: "ethereum")
        let summary = try job.run(address: Self.address)
        XCTAssertEqual(summary.rowsStored, 300)
        let w = CSVWriter(formulaGuard: false)
        try CanonicalTransfersExporter.export(store: store, to: w)
        let lines = w.text.split(separator: "\n").dropFirst()
        XCTAssertEqual(lines.count, 300)
        XCTAssertTrue(w.text.contains(",115792089237316195423570985008687907853269984665640564039457584007913129639935,"), "2^256−1 kept exactly")
        // The failed transaction (isError 1) moved no value but paid its fee, as the loaders treat failures.
        let failedHash = rows[5]["hash"]!
        XCTAssertTrue(lines.contains { $0.contains(failedHash) && $0.contains(",0,21000000000000") }, lines.filter { $0.contains(failedHash) }.joined())
        let provenance = try store.fetches()
        XCTAssertEqual(provenance.map(\.query), EtherscanClient.Action.allCases.map { "\($0.rawValue) \(Self.address) blocks 0–999999999" },
                       "each query asked is recorded, the empty ones too")
        for text in provenance.map(\.endpoint) + provenance.map(\.query) + summary.queries.map(\.file) { XCTAssertFalse(text.contains("SECRET"), text) }
        // Again: answered from the cache.
        let before = server.requests.count
        XCTAssertEqual(try job.run(address: Self.address).rowsStored, 0)
        XCTAssertEqual(server.requests.count, before)
        XCTAssertEqual(try store.fetches().count, 3, "nothing asked, nothing recorded")
    }

    func testRateLimitsAndServerErrorsAreRetried() throws {
        let server = try explorer(Self.rows(count: 10, crowded: 1)) { n in
            switch n {
            case 0: return .json(#"{"status":"0","message":"NOTOK","result":"Max rate limit reached"}"#)
            case 1: return .json("busy", status: 503)
            case 2: return .init(status: 429, headers: ["Retry-After": "0"], body: Data())
            default: return nil
            }
        }
        let got = try client(server).history(.transactions, address: Self.address, startBlock: 0, endBlock: 999_999_999)
        XCTAssertEqual(got.count, 10)
    }

    func testRefusalsAndMalformedAnswersStopWithTheEndpointAndQueryAndStoreNothing() throws {
        for (response, cause) in [
            (ReplayHTTPServer.Response.json(#"{"status":"0","message":"NOTOK","result":"Invalid API Key"}"#), "the service refused: Invalid API Key"),
            (.json("<html>gateway</html>"), "malformed answer: not a JSON object"),
            (.json(#"{"status":"1","message":"OK","result":[{"blockNumber":"1","hash":"0x12"}]}"#), "not a transaction hash"),
            (.json("gone", status: 404), "HTTP 404"),
        ] {
            let server = try explorer([]) { _ in response }
            let dir = try newTemporaryDirectory("fundtrace-etherscan")
            let store = try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
            let job = AddressHistoryFetch(client: try client(server), cache: try FetchCache(directory: dir.appendingPathComponent("cache")), store: store, chain: "ethereum")
            XCTAssertThrowsError(try job.run(address: Self.address)) { e in
                XCTAssertTrue("\(e)".contains(cause), "\(e)")
                XCTAssertTrue("\(e)".contains("txlist \(Self.address)"), "\(e)")
                XCTAssertFalse("\(e)".contains("SECRET"), "\(e)")
            }
            XCTAssertEqual(try store.loads().count, 0)
            XCTAssertEqual(try store.read { try $0.count(table: "transfers") }, 0)
        }
    }

    func testEndpointsAreShownWithoutSecrets() throws {
        XCTAssertEqual(try ServiceEndpoint("https://api.etherscan.io/v2/api?apikey=ABC&chainid=1").display, "https://api.etherscan.io/v2/api?apikey=***&chainid=1")
        XCTAssertEqual(try ServiceEndpoint("https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef").display, "https://mainnet.infura.io/v3/***")
        XCTAssertEqual(try ServiceEndpoint("https://user:pw@node.example/rpc").display, "https://***:***@node.example/rpc")
        XCTAssertThrowsError(try ServiceEndpoint("file:///etc/passwd"))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock(); private var n = 0
    func next() -> Int { lock.lock(); defer { n += 1; lock.unlock() }; return n }
}
