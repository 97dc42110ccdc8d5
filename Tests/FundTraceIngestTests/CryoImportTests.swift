import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceIngest
import FundTraceStore
import FundTraceCSV

/// cryo's datasets, written here in cryo's schema (paradigmxyz/cryo: `crates/freeze/src/datasets`) from ethereum-etl's
/// real exports of the same mainnet blocks, load into the same store as ethereum-etl's files.
final class CryoImportTests: XCTestCase {
    static func etl(_ p: String) throws -> URL { try SharedData.url("ethereum-etl/tests/resources/\(p)") }

    static func jsonLines(_ url: URL) throws -> [[String: JSONValue]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            guard case .object(let o) = try JSONParser.parse(Array($0.utf8)) else { throw IngestError(file: url.path, line: 0, .format("a line is not a JSON object")) }
            return o
        }
    }

    static func csvRows(_ url: URL) throws -> [[String: String]] {
        let reader = try CSVReader(path: url.path)
        try reader.readHeader()
        var rows: [[String: String]] = []
        while try reader.next() {
            rows.append(Dictionary(uniqueKeysWithValues: reader.header.enumerated().map { ($0.element, reader.string($0.offset) ?? "") }))
        }
        return rows
    }

    /// A U256 as cryo writes it: `_binary` (hex, 32 bytes), `_string` (decimal), `_f64`.
    static func u256(_ name: String, _ decimal: String) -> [(String, String)] {
        [("\(name)_binary", hex32(decimal)), ("\(name)_string", decimal), ("\(name)_f64", String(Double(decimal) ?? 0))]
    }

    /// Decimal text as 32 big-endian bytes in hex (long division by 16).
    static func hex32(_ decimal: String) -> String {
        var digits = decimal.compactMap { $0.wholeNumberValue }
        var out: [Character] = []
        while digits.contains(where: { $0 != 0 }) {
            var remainder = 0, next: [Int] = []
            for d in digits {
                let v = remainder * 10 + d
                if !next.isEmpty || v / 16 != 0 { next.append(v / 16) }
                remainder = v % 16
            }
            out.append(Character(String(remainder, radix: 16)))
            digits = next
        }
        return "0x" + String(repeating: "0", count: 64 - out.count) + String(out.reversed())
    }

    func write(_ rows: [[(String, String)]], csv: Bool, name: String) throws -> String {
        let dir = try newTemporaryDirectory("fundtrace-cryo")
        if csv {
            let w = CSVWriter(formulaGuard: false)
            try w.write(rows[0].map(\.0))
            for r in rows { try w.write(r.map(\.1)) }
            return try temporaryFile(name + ".csv", Data(w.text.utf8))
        }
        let objects = rows.map { r -> JSONValue in
            .object(Dictionary(uniqueKeysWithValues: r.map { k, v in (k, v.isEmpty ? .null : (Int(v) != nil || k.hasSuffix("_f64") ? .number(v) : .string(v))) }))
        }
        let path = dir.appendingPathComponent(name + ".json").path
        try ("[\n" + objects.map(\.jsonText).joined(separator: ",\n") + "\n]\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func canonical(_ paths: [String], options: Loader.Options = Loader.Options()) throws -> String {
        let (store, _) = try newStore()
        for p in paths { _ = try Loader(store: store).load(path: p, options: options) }
        let w = CSVWriter(formulaGuard: false)
        try CanonicalTransfersExporter.export(store: store, to: w)
        return w.text
    }

    func testTransactionsAndERC20TransfersAsEthereumETLsOwn() throws {
        let folder = try Self.etl("test_stream/blocks_1755634_1755635")
        let txs = try Self.jsonLines(folder.appendingPathComponent("expected_transactions.json")).map { t -> [(String, String)] in
            func s(_ k: String) -> String { t[k]?.text ?? "" }
            return [("block_number", s("block_number")), ("transaction_index", s("transaction_index")), ("transaction_hash", s("hash")),
                    ("nonce", s("nonce")), ("from_address", s("from_address")), ("to_address", s("to_address"))]
                + Self.u256("value", s("value"))
                + [("input", s("input")), ("gas_limit", s("gas")), ("gas_used", s("receipt_gas_used")), ("gas_price", s("receipt_effective_gas_price")),
                   ("transaction_type", s("transaction_type")), ("max_priority_fee_per_gas", ""), ("max_fee_per_gas", ""),
                   ("success", s("receipt_status") == "0" ? "false" : "true"), ("chain_id", "1"), ("timestamp", s("block_timestamp"))]
        }
        let transfers = try Self.jsonLines(folder.appendingPathComponent("expected_token_transfers.json")).map { t -> [(String, String)] in
            func s(_ k: String) -> String { t[k]?.text ?? "" }
            return [("block_number", s("block_number")), ("transaction_index", "0"), ("log_index", s("log_index")), ("transaction_hash", s("transaction_hash")),
                    ("erc20", s("token_address")), ("from_address", s("from_address")), ("to_address", s("to_address"))] + Self.u256("value", s("value")) + [("chain_id", "1")]
        }
        let expected = try canonical([folder.appendingPathComponent("expected_transactions.json").path, folder.appendingPathComponent("expected_token_transfers.json").path])
        for csv in [true, false] {
            let paths = [try write(txs, csv: csv, name: "transactions"), try write(transfers, csv: csv, name: "erc20_transfers")]
            XCTAssertEqual(try FormatDetector.detect(path: paths[0]), csv ? .cryoTransactions : .cryoJSON)
            XCTAssertEqual(try canonical(paths), expected, csv ? "CSV" : "JSON")
        }
    }

    /// cryo's logs: the Transfer logs among them are the token transfers ethereum-etl extracted from the same receipts.
    func testLogsGiveTheTokenTransfersOfTheirTransferEvents() throws {
        let folder = try Self.etl("test_stream/blocks_1755634_1755635")
        let logs = try Self.jsonLines(folder.appendingPathComponent("expected_logs.json")).map { l -> [(String, String)] in
            let topics = (l["topics"]?.arrayValue ?? []).compactMap(\.text)
            func topic(_ i: Int) -> String { i < topics.count ? topics[i] : "" }
            return [("block_number", l["block_number"]?.text ?? ""), ("transaction_index", l["transaction_index"]?.text ?? ""),
                    ("log_index", l["log_index"]?.text ?? ""), ("transaction_hash", l["transaction_hash"]?.text ?? ""), ("address", l["address"]?.text ?? ""),
                    ("topic0", topic(0)), ("topic1", topic(1)), ("topic2", topic(2)), ("topic3", topic(3)), ("data", l["data"]?.text ?? ""),
                    ("n_data_bytes", "32"), ("chain_id", "1")]
        }
        // An Approval event of the same token, and a Transfer with a fourth word too many: neither moves value.
        var extra = logs[0]
        extra[2].1 = "7"  // own log indices: were they read as transfers, they would be stored beside the real one
        extra[5].1 = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"
        var malformed = logs[0]
        malformed[2].1 = "8"
        malformed[9].1 += String(repeating: "0", count: 64)
        let rows = logs + [extra, malformed]
        XCTAssertGreaterThan(rows.count, 2)
        // cryo's logs carry no time (it comes with the transactions or blocks loaded beside them): compared without it.
        func untimed(_ text: String) -> String {
            text.split(separator: "\n").map { line in
                var f = line.split(separator: ",", omittingEmptySubsequences: false); f[5] = ""; return f.joined(separator: ",")
            }.joined(separator: "\n")
        }
        let expected = untimed(try canonical([folder.appendingPathComponent("expected_token_transfers.json").path]))
        XCTAssertEqual(expected.split(separator: "\n").count, 2, "the fixture's one Transfer event")
        for csv in [true, false] {
            let path = try write(rows, csv: csv, name: "logs")
            XCTAssertEqual(untimed(try canonical([path])), expected, csv ? "CSV" : "JSON")
        }
        XCTAssertEqual(try FormatDetector.detect(path: try write(rows, csv: true, name: "logs")), .cryoLogs)
    }

    /// Traces with failures: cryo keeps a failed call and the calls inside it; neither moved value.
    func testTracesLeaveOutFailedCallsAndTheCallsInsideThem() throws {
        for job in ["block_with_error", "block_with_subtraces", "block_with_create", "block_with_suicide"] {
            let csvURL = try Self.etl("test_export_traces_job/\(job)/expected_traces.csv")
            let rows = try Self.csvRows(csvURL).map { t -> [(String, String)] in
                let type = t["trace_type"] ?? ""
                return [("action_from", t["from_address"] ?? ""), ("action_to", type == "create" ? "" : t["to_address"] ?? ""),
                        ("action_value", t["value"] ?? ""), ("action_gas", t["gas"] ?? ""), ("action_input", t["input"] ?? ""),
                        ("action_call_type", t["call_type"] ?? ""), ("action_type", type == "suicide" ? "selfdestruct" : type),
                        ("result_address", type == "create" ? t["to_address"] ?? "" : ""),
                        ("trace_address", (t["trace_address"] ?? "").replacingOccurrences(of: ",", with: "_")), ("subtraces", t["subtraces"] ?? ""),
                        ("transaction_index", t["transaction_index"] ?? ""), ("transaction_hash", t["transaction_hash"] ?? ""),
                        ("block_number", t["block_number"] ?? ""), ("error", t["error"] ?? ""), ("chain_id", "1")]
            }
            let expected = try canonical([csvURL.path])
            for csv in [true, false] { XCTAssertEqual(try canonical([try write(rows, csv: csv, name: "traces")]), expected, "\(job) \(csv ? "CSV" : "JSON")") }
        }
    }

    /// A call inside a failed one has no error of its own, yet its value never moved.
    func testACallInsideAFailedCallMovesNothing() throws {
        let tx = "0x" + String(repeating: "c", count: 64)
        func row(_ path: String, _ from: Character, _ to: Character, _ value: String, error: String = "") -> [(String, String)] {
            [("action_from", "0x" + String(repeating: from, count: 40)), ("action_to", "0x" + String(repeating: to, count: 40)), ("action_value", value),
             ("action_call_type", "call"), ("action_type", "call"), ("result_address", ""), ("trace_address", path), ("transaction_index", "0"),
             ("transaction_hash", tx), ("block_number", "9"), ("error", error), ("chain_id", "1")]
        }
        let rows = [row("", "1", "2", "0"), row("0", "2", "3", "50", error: "Reverted"), row("0_0", "3", "4", "40"), row("0_0_1", "4", "5", "30"),
                    row("1", "2", "6", "20")]
        let text = try canonical([try write(rows, csv: true, name: "traces")])
        let amounts = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[9] }
        XCTAssertEqual(amounts.sorted(), ["0", "20"], text)
    }

    func testNativeTransfersNeedAnExportWithoutFailedCalls() throws {
        let hash = "0x" + String(repeating: "a", count: 64)
        let rows: [[(String, String)]] = [0, 1, 2].map { (i: Int) -> [(String, String)] in
            let from = "0x" + String(repeating: String(i + 1), count: 40), to = "0x" + String(repeating: String(i + 4), count: 40)
            let head: [(String, String)] = [("block_number", "5"), ("transaction_index", "0"), ("transfer_index", String(i)),
                                            ("transaction_hash", i == 2 ? "" : hash), ("from_address", from), ("to_address", to)]
            return head + Self.u256("value", String(1000 * (i + 1))) + [("chain_id", "1")]
        }
        let path = try write(rows, csv: true, name: "native_transfers")
        XCTAssertThrowsError(try canonical([path])) { e in
            XCTAssertEqual((e as? IngestError)?.cause.kind, .format)
            XCTAssertTrue("\(e)".contains("--exclude-failed"), "\(e)")
        }
        var options = Loader.Options(); options.cryoExcludedFailed = true
        let text = try canonical([path], options: options)
        XCTAssertEqual(text.split(separator: "\n").count, 3, "the transaction's own value and one internal transfer; the reward (no transaction) is left out\n\(text)")
    }
}
