import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceFetch
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Esplora fetches give the store what bitcoin-etl's export of the same real 2010 blocks gives.
final class EsploraFetchTests: XCTestCase {
    func testRIPEMD160MatchesThePublishedVectors() {
        for (text, digest) in [("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"), ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
                               ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
                               ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b"),
                               (String(repeating: "1234567890", count: 8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb")] {
            XCTAssertEqual(RIPEMD160.hash(Array(text.utf8)).map { String(format: "%02x", $0) }.joined(), digest, text)
        }
    }

    /// bitcoin-etl's real transactions of blocks 50001–50002.
    static func fixture() throws -> [JSONValue] {
        let url = try SharedData.url("bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin/stream_50001_50002/expected_transactions.json")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    func testBarePubkeyOutputsAreNamedAsBitcoinETLNamesThem() throws {
        var checked = 0
        for tx in try Self.fixture() {
            for o in tx["outputs"]?.arrayValue ?? [] where o["type"]?.text == "pubkey" {
                let key = BitcoinKeyAddress.publicKey(inP2PK: HexText.bytes(o["script_hex"]!.text!)!)!
                XCTAssertEqual(BitcoinKeyAddress.p2pkh(publicKey: key), o["addresses"]?.arrayValue?.first?.text)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 1)
    }

    /// bitcoin-etl's types in Esplora's spelling.
    static let esploraType = Dictionary(uniqueKeysWithValues: EsploraRecords.typeNames.map { ($0.value, $0.key) })

    /// The fixture's transactions as an Esplora server serves them (a bare-pubkey output or prevout has no address,
    /// and a prevout's script is not in the fixture), plus an unconfirmed one.
    static func esplora(_ txs: [JSONValue]) -> [String: String] {
        var out: [String: String] = [:]
        func output(_ o: JSONValue, script: Bool) -> [String: Any] {
            let type = o["type"]?.text ?? ""
            var r: [String: Any] = ["scriptpubkey_type": esploraType[type] ?? "unknown", "value": Int(o["value"]!.text!)!]
            if type != "pubkey", let a = o["addresses"]?.arrayValue?.first?.text { r["scriptpubkey_address"] = a }
            if script { r["scriptpubkey"] = o["script_hex"]?.text ?? "" }
            return r
        }
        var byAddress: [String: [[String: Any]]] = [:]
        for tx in txs {
            let id = tx["hash"]!.text!
            let vin: [[String: Any]] = tx["is_coinbase"] == .bool(true)
                ? [["txid": String(repeating: "0", count: 64), "vout": 4294967295, "is_coinbase": true, "prevout": NSNull()]]
                : (tx["inputs"]?.arrayValue ?? []).map { i in
                    ["txid": i["spent_transaction_hash"]!.text!, "vout": Int(i["spent_output_index"]!.text!)!, "is_coinbase": false, "prevout": output(i, script: false)]
                }
            let e: [String: Any] = ["txid": id, "vin": vin, "vout": (tx["outputs"]?.arrayValue ?? []).map { output($0, script: true) },
                                    "status": ["confirmed": true, "block_height": Int(tx["block_number"]!.text!)!, "block_hash": tx["block_hash"]!.text!,
                                               "block_time": Int(tx["block_timestamp"]!.text!)!]]
            let text = String(decoding: try! JSONSerialization.data(withJSONObject: e), as: UTF8.self)
            out["tx/\(id)"] = text
            out["tx/\(id)/merkle-proof"] = "{\"block_height\":\(tx["block_number"]!.text!),\"merkle\":[],\"pos\":\(tx["index"]!.text!)}"
            let addresses = Set(((tx["inputs"]?.arrayValue ?? []) + (tx["outputs"]?.arrayValue ?? [])).compactMap { $0["addresses"]?.arrayValue?.first?.text })
            for a in addresses { byAddress[a, default: []].insert(e, at: 0) }
        }
        for (a, list) in byAddress { out["address/\(a)/txs/chain"] = String(decoding: try! JSONSerialization.data(withJSONObject: list), as: UTF8.self) }
        return out
    }

    func serve(_ answers: [String: String]) throws -> ReplayHTTPServer {
        let server = try ReplayHTTPServer { request in
            let path = String(request.target.dropFirst("/api/".count))
            return answers[path].map { .json($0) } ?? .json("Not Found", status: 404)
        }
        addTeardownBlock { server.stop() }
        return server
    }

    func job(_ server: ReplayHTTPServer, _ dir: URL) throws -> EsploraFetch {
        var settings = HTTPTransport.Settings(); settings.requestsPerSecond = 0; settings.retries = 0
        let client = EsploraClient(transport: HTTPTransport(endpoint: try ServiceEndpoint("http://127.0.0.1:\(server.port)/api"), settings: settings))
        return EsploraFetch(client: client, cache: try FetchCache(directory: dir.appendingPathComponent("cache")),
                            store: try TransferStore(path: dir.appendingPathComponent("f.sqlite").path))
    }

    func utxoRows(_ store: TransferStore) throws -> [[String]] {
        let w = CSVWriter(formulaGuard: false)
        _ = try CanonicalUTXOExporter.export(store: store, to: w)
        return w.text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func testFetchingEachTransactionGivesBitcoinETLsStore() throws {
        let txs = try Self.fixture()
        let server = try serve(Self.esplora(txs))
        let dir = try newTemporaryDirectory("fundtrace-esplora")
        let fetch = try job(server, dir)
        for tx in txs { _ = try fetch.run(transaction: tx["hash"]!.text!, spenders: false) }
        let expected = try TransferStore(path: dir.appendingPathComponent("e.sqlite").path)
        var options = Loader.Options(); options.chain = "bitcoin"
        _ = try Loader(store: expected).load(path: try SharedData.url("bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin/stream_50001_50002/expected_transactions.json").path, options: options)
        let got = try utxoRows(fetch.store), want = try utxoRows(expected)
        XCTAssertEqual(got.count, want.count)
        XCTAssertGreaterThan(got.count, 5)
        // Esplora cannot name an input spending a bare-pubkey output whose script it was not given: compare its address column only elsewhere.
        let pubkeyInputs = Set(txs.flatMap { tx in (tx["inputs"]?.arrayValue ?? []).filter { $0["type"]?.text == "pubkey" }.map { "\(tx["hash"]!.text!)|\($0["index"]!.text!)" } })
        let header = want[0]
        let io = header.firstIndex(of: "io")!, n = header.firstIndex(of: "n")!, hash = header.firstIndex(of: "tx_hash")!, address = header.firstIndex(of: "address")!
        for (g, w) in zip(got, want) {
            if w[io] == "in" && pubkeyInputs.contains("\(w[hash])|\(w[n])") {
                var g2 = g, w2 = w; g2[address] = ""; w2[address] = ""
                XCTAssertEqual(g2, w2)
            } else {
                XCTAssertEqual(g, w)
            }
        }
    }

    func testAnAddressHistoryIsPagedAndUnconfirmedTransactionsWait() throws {
        let address = "1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ"
        var answers: [String: String] = [:]
        var all: [String] = []
        for k in 0..<60 {  // newest first, as Esplora lists them
            let id = String(format: "%064x", 1000 - k)
            let confirmed = k != 0
            let tx = "{\"txid\":\"\(id)\",\"vin\":[{\"txid\":\"\(String(repeating: "a", count: 64))\",\"vout\":\(k),\"is_coinbase\":false,"
                + "\"prevout\":{\"scriptpubkey_type\":\"p2pkh\",\"scriptpubkey_address\":\"1PkqKGbNLDdDJGveCcNUMV9CEFH77ADrPQ\",\"value\":\(k + 1000)}}],"
                + "\"vout\":[{\"scriptpubkey_type\":\"p2pkh\",\"scriptpubkey_address\":\"\(address)\",\"value\":\(k + 1000)}],"
                + "\"status\":{\"confirmed\":\(confirmed)\(confirmed ? ",\"block_height\":\(700 - k),\"block_hash\":\"00\",\"block_time\":1600000000" : "")}}"
            all.append(tx)
            answers["tx/\(id)/merkle-proof"] = "{\"pos\":1}"
        }
        answers["address/\(address)/txs/chain"] = "[" + all[0..<25].joined(separator: ",") + "]"
        answers["address/\(address)/txs/chain/\(String(format: "%064x", 1000 - 24))"] = "[" + all[25..<50].joined(separator: ",") + "]"
        answers["address/\(address)/txs/chain/\(String(format: "%064x", 1000 - 49))"] = "[" + all[50..<60].joined(separator: ",") + "]"
        let server = try serve(answers)
        let summary = try job(server, try newTemporaryDirectory("fundtrace-esplora")).run(address: address)
        XCTAssertEqual(summary.queries.first?.records, 59, "every confirmed transaction, each once; the unconfirmed one waits")
        XCTAssertEqual(summary.queries.first?.rowsStored, 59)
    }
}
