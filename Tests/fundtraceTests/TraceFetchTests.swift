import ArgumentParser
import Foundation
import XCTest
import FundTraceStore
import FundTraceTestSupport
@testable import fundtrace

/// `trace --fetch`: from nothing but a theft address and a label file, the trace fetches each address it would
/// follow from an explorer, stops at the labelled exchange, and finds the deposit address.
final class TraceFetchTests: XCTestCase {
    static func a(_ c: Character) -> String { "0x" + String(repeating: c, count: 40) }
    // Victim V pays thief T 10 ETH; T splits to B (6) and C (4); B pays deposit D; D sweeps to the exchange's hot wallet H.
    // Unrelated traffic: H pays out to a customer, who is never fetched.
    static let world: [(block: Int, from: String, to: String, eth: Int)] = [
        (10, a("1"), a("2"), 10), (11, a("2"), a("b"), 6), (12, a("2"), a("c"), 4), (13, a("b"), a("d"), 6), (14, a("d"), a("e"), 6),
        (15, a("e"), a("f"), 3),
    ]

    func explorer() throws -> ReplayHTTPServer {
        let server = try ReplayHTTPServer { request in
            let q = Dictionary(uniqueKeysWithValues: (URLComponents(string: request.target)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            guard q["action"] == "txlist", let address = q["address"] else { return .json(#"{"status":"0","message":"No transactions found","result":[]}"#) }
            let rows = Self.world.enumerated().filter { $0.element.from == address || $0.element.to == address }.map { i, t in
                """
                {"blockNumber":"\(t.block)","timeStamp":"\(1_700_000_000 + t.block * 12)","hash":"0x\(String(format: "%064x", i + 1))","nonce":"\(i)",
                "transactionIndex":"0","from":"\(t.from)","to":"\(t.to)","value":"\(t.eth)000000000000000000","gas":"21000","gasPrice":"1",
                "isError":"0","txreceipt_status":"1","input":"0x","contractAddress":"","cumulativeGasUsed":"21000","gasUsed":"21000"}
                """
            }
            return rows.isEmpty ? .json(#"{"status":"0","message":"No transactions found","result":[]}"#)
                : .json(#"{"status":"1","message":"OK","result":["# + rows.joined(separator: ",") + "]}")
        }
        addTeardownBlock { server.stop() }
        return server
    }

    func testATraceFromNothingButTheTheftAddressFetchesWhatItFollows() throws {
        let server = try explorer()
        let dir = try newTemporaryDirectory("fundtrace-crawl")
        let db = dir.appendingPathComponent("case.sqlite").path
        let labels = dir.appendingPathComponent("labels.csv").path
        try "chain,address,label,category,source\nethereum,\(Self.a("e")),Orca Exchange hot wallet,exchange,test\n".write(toFile: labels, atomically: true, encoding: .utf8)
        var importLabels = try FundTrace.parseAsRoot(["labels", "import", "--db", db, labels])
        try importLabels.run()
        let arguments = ["trace", "--db", db, "--from", Self.a("2"), "--chain", "ethereum", "--fetch", "http://127.0.0.1:\(server.port)/api",
                         "--fetch-rate", "0", "--out-dir", dir.appendingPathComponent("out").path, "--json"]
        var trace = try FundTrace.parseAsRoot(arguments)
        try trace.run()
        let asked = Set(server.requests.compactMap { URLComponents(string: $0.target)?.queryItems?.first { $0.name == "address" }?.value })
        XCTAssertEqual(asked, [Self.a("2"), Self.a("b"), Self.a("c"), Self.a("d")], "the thief, the hops and the deposit address; never the exchange")
        let endpoints = try String(contentsOfFile: dir.appendingPathComponent("out/endpoints.csv").path, encoding: .utf8)
        XCTAssertTrue(endpoints.split(separator: "\n").contains { $0.contains(Self.a("d")) && $0.hasSuffix(",exchange_deposit") }, endpoints)
        XCTAssertTrue(endpoints.split(separator: "\n").contains { $0.contains(Self.a("c")) && $0.hasSuffix(",held") }, endpoints)
        // Again: everything comes from the cache.
        let sent = server.requests.count
        var again = try FundTrace.parseAsRoot(arguments)
        try again.run()
        XCTAssertEqual(server.requests.count, sent, "a second run fetches nothing")
    }
}
