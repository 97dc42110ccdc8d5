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
    /// The same on Bitcoin from an Esplora server: each hop's outputs are fetched through their address.
    func testABitcoinTraceFetchesFromEsplora() throws {
        // tx1: V pays T 5 BTC; tx2: T pays B 3 and C 2 (C keeps it); tx3: B pays E 3.
        let v = "1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ", t = "1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ", b = "1CvMvWyKJvfg6wQSGdHraoJ7NFu8KaTL1u"
        let c = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", e = "1dice8EMZmqKvrGE4Qc9bUFf9PX3xaYDp"
        func id(_ n: Int) -> String { String(format: "%064x", n) }
        func output(_ a: String, _ sats: Int) -> String { "{\"scriptpubkey_type\":\"p2pkh\",\"scriptpubkey_address\":\"\(a)\",\"value\":\(sats)}" }
        func tx(_ n: Int, spends: (Int, Int, String, Int)?, _ outs: [(String, Int)]) -> String {
            let vin = spends.map { s in "[{\"txid\":\"\(id(s.0))\",\"vout\":\(s.1),\"is_coinbase\":false,\"prevout\":\(output(s.2, s.3))}]" }
                ?? "[{\"txid\":\"\(String(repeating: "0", count: 64))\",\"vout\":4294967295,\"is_coinbase\":true,\"prevout\":null}]"
            return "{\"txid\":\"\(id(n))\",\"vin\":\(vin),\"vout\":[\(outs.map { output($0.0, $0.1) }.joined(separator: ","))],"
                + "\"status\":{\"confirmed\":true,\"block_height\":\(100 + n),\"block_hash\":\"00\",\"block_time\":\(1_600_000_000 + n * 600)}}"
        }
        let txs = [1: tx(1, spends: nil, [(t, 500_000_000)]), 2: tx(2, spends: (1, 0, t, 500_000_000), [(b, 300_000_000), (c, 200_000_000)]),
                   3: tx(3, spends: (2, 0, b, 300_000_000), [(e, 300_000_000)])]
        let involving: [String: [Int]] = [v: [], t: [2, 1], b: [3, 2], c: [2], e: [3]]
        let server = try ReplayHTTPServer { request in
            let path = request.target.split(separator: "/").map(String.init)  // api, address, A, txs, chain
            if path.count >= 5, path[1] == "address", let list = involving[path[2]] { return .json("[" + list.map { txs[$0]! }.joined(separator: ",") + "]") }
            if path.count == 4, path[1] == "tx", path[3] == "merkle-proof" { return .json("{\"pos\":1}") }
            return .json("not found", status: 404)
        }
        addTeardownBlock { server.stop() }
        let dir = try newTemporaryDirectory("fundtrace-crawl-btc")
        let db = dir.appendingPathComponent("case.sqlite").path
        var trace = try FundTrace.parseAsRoot(["trace", "--db", db, "--from", t, "--chain", "bitcoin", "--fetch", "esplora:http://127.0.0.1:\(server.port)/api",
                                               "--fetch-rate", "0", "--out-dir", dir.appendingPathComponent("out").path, "--json"])
        try trace.run()
        let asked = Set(server.requests.compactMap { r -> String? in
            let p = r.target.split(separator: "/"); return p.count >= 3 && p[1] == "address" ? String(p[2]) : nil
        })
        XCTAssertEqual(asked, [t, b, c, e], "the thief and every address the stolen coins reached")
        let endpoints = try String(contentsOfFile: dir.appendingPathComponent("out/endpoints.csv").path, encoding: .utf8)
        let traceJSON = try String(contentsOfFile: dir.appendingPathComponent("out/trace.json").path, encoding: .utf8)
        XCTAssertTrue(endpoints.contains(c) && endpoints.contains(e), endpoints + traceJSON.prefix(4000))
    }
}
