import ArgumentParser
import Foundation
import XCTest
import FundTraceStore
import FundTraceTestSupport
@testable import fundtrace

/// `fundtrace fetch` as a user runs it, against a local explorer speaking Etherscan's account API.
final class FetchCommandTests: XCTestCase {
    func testFetchEtherscanStoresTheHistoryAndKeepsTheKeyOutOfEverything() throws {
        let address = "0x3333333333333333333333333333333333333333"
        let server = try ReplayHTTPServer { request in
            guard request.target.contains("action=txlist&") else { return .json(#"{"status":"0","message":"No transactions found","result":[]}"#) }
            return .json("""
                {"status":"1","message":"OK","result":[{"blockNumber":"15","timeStamp":"1700000000","hash":"0x\(String(repeating: "c", count: 64))",
                "nonce":"0","transactionIndex":"0","from":"\(address)","to":"0x4444444444444444444444444444444444444444","value":"1000000000000000000",
                "gas":"21000","gasPrice":"2000000000","isError":"0","txreceipt_status":"1","input":"0x","contractAddress":"","cumulativeGasUsed":"21000","gasUsed":"21000"}]}
                """)
        }
        addTeardownBlock { server.stop() }
        setenv("FUNDTRACE_TEST_KEY", "TOPSECRET", 1)
        let dir = try newTemporaryDirectory("fundtrace-fetch-cli")
        let db = dir.appendingPathComponent("f.sqlite").path
        var command = try FundTrace.parseAsRoot(["fetch", "etherscan", "--db", db, "--url", "http://127.0.0.1:\(server.port)/api",
                                                 "--address", address.uppercased().replacingOccurrences(of: "0X", with: "0x"),
                                                 "--key-env", "FUNDTRACE_TEST_KEY", "--rate", "0", "--json"])
        try command.run()
        XCTAssertTrue(server.requests.allSatisfy { $0.target.contains("apikey=TOPSECRET") }, "the key is sent")
        let store = try TransferStore(path: db, create: false)
        let files = try FileManager.default.subpathsOfDirectory(atPath: db + ".fetched").filter { $0.hasSuffix(".jsonl") }
        let fetched = try files.map { try String(contentsOfFile: db + ".fetched/" + $0, encoding: .utf8) }.joined()
        XCTAssertEqual(try store.read { try $0.count(table: "transfers") }, 1, fetched)
        XCTAssertEqual(try store.fetches().count, 3)
        let everything = try FileManager.default.subpathsOfDirectory(atPath: db + ".fetched").joined()
            + (try store.fetches().map { "\($0)" }.joined()) + (try String(contentsOfFile: db, encoding: .isoLatin1))
        XCTAssertFalse(everything.contains("TOPSECRET"), "never stored")
    }

    func testBadArgumentsAreRefusedBeforeAnyRequest() throws {
        for arguments in [["fetch", "rpc", "--url", "http://127.0.0.1:1/", "--blocks", "9-3"],
                          ["fetch", "rpc", "--url", "http://127.0.0.1:1/", "--blocks", "1-2", "--parts", "receipts"],
                          ["fetch", "etherscan", "--address", "0x12"],
                          ["fetch", "rpc", "--url", "ftp://node/", "--blocks", "1"],
                          ["fetch", "rpc", "--url", "http://127.0.0.1:9/", "--blocks", "1", "--retries", "0"]] {  // nothing listens
            let db = try newTemporaryDirectory("fundtrace-fetch-cli").appendingPathComponent("f.sqlite").path
            XCTAssertThrowsError(try { var c = try FundTrace.parseAsRoot(arguments + ["--db", db]); try c.run() }(), "\(arguments)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: db), "\(arguments): no store left behind")
        }
    }
}
