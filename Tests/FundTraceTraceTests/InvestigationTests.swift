import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceTaintAdapters

final class InvestigationTests: XCTestCase {
    typealias R = TraceFixtures.Row
    let hour: Int64 = 3600
    let t0: Int64 = 1_719_079_200  // 2024-06-22T18:00:00Z

    func trace(_ store: TransferStore, _ rules: [SourceSpec.Rule], _ edit: (inout TraceParameters) -> Void = { _ in }) throws -> TraceResult {
        var p = TraceParameters()
        p.policy = .fifo
        edit(&p)
        return try Investigation(store: store, labels: try LabelBook(store: store), parameters: p).run(sources: SourceSpec(rules: rules))
    }

    func endpoint(_ r: TraceResult, _ address: String, asset: String = "ETH") -> TraceEndpoint? {
        r.endpoints.first { $0.address == address && $0.asset == asset }
    }

    /// Victims → thief → hop → deposit address → exchange hot wallet; the hot wallet also takes clean deposits.
    func testCashOutStopsAtTheDetectedDepositAddressNamingTheExchange() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let rows: [R] = [
            R(from: "V1", to: "T", amount: "700", block: 1, time: t0),
            R(from: "V2", to: "T", amount: "300", block: 2, time: t0 + 60),
            R(from: "T", to: "A", amount: "900", block: 3, fee: "10", time: t0 + 120),
            R(from: "C", to: "D", amount: "50", block: 4, time: t0 + 180),        // clean money into the deposit address first
            R(from: "A", to: "D", amount: "900", block: 5, time: t0 + 240),
            R(from: "D", to: "HOT", amount: "950", block: 6, time: t0 + 2 * hour),  // the sweep
            R(from: "K", to: "HOT", amount: "5000", block: 7, time: t0 + 3 * hour),
            R(from: "HOT", to: "Z", amount: "4000", block: 8, time: t0 + 4 * hour),
        ]
        let labels = [AddressLabel(chain: "eth", address: "HOT", label: "Kraken 4", category: .exchange, source: "test")]
        let store = try TraceFixtures.store(rows, labels: labels, in: dir)
        let sources: [SourceSpec.Rule] = [.init(kind: .address, chain: "eth", id: "T")]
        for policy in [TaintPolicy.fifo, .haircut, .tiho, .lifo] {
            let r = try trace(store, sources) { $0.policy = policy }
            let d = try XCTUnwrap(endpoint(r, "D"), "\(policy)")
            XCTAssertEqual(d.reason, .exchangeDeposit)
            XCTAssertEqual(d.category, "exchange_deposit")
            XCTAssertEqual(d.label, "Kraken deposit")
            XCTAssertEqual(d.taintedAmount, "900", "\(policy): D keeps what it received; its sweep is not followed")
            XCTAssertEqual(d.firstTx, String(format: "0x%064x", 5))
            XCTAssertEqual(d.firstTime.map(TraceTime.iso8601), "2024-06-22T18:04:00Z")
            XCTAssertNil(endpoint(r, "HOT"), "the hot wallet is past the deposit address")
            XCTAssertNil(endpoint(r, "Z"))
            let eth = try XCTUnwrap(r.totals.first)
            XCTAssertEqual(eth.created, "1000")
            XCTAssertEqual(eth.feeSink, "10")
            XCTAssertTrue(eth.reconciled, "\(policy): 1000 = 900 at D + 90 held by A? + fees")
            XCTAssertEqual(r.endpoints.map(\.reason).sorted { $0.rawValue < $1.rawValue }, [.exchangeDeposit, .held], "\(policy)")
            XCTAssertEqual(endpoint(r, "T")?.taintedAmount, "90", "the thief still holds 1000 − 900 − 10")
        }
        // Without deposit detection the trace stops at the labelled hot wallet instead.
        let r = try trace(store, sources) { $0.stopAt = [.exchange] }
        XCTAssertEqual(endpoint(r, "HOT")?.reason, .service)
        XCTAssertEqual(endpoint(r, "HOT")?.label, "Kraken 4")
        XCTAssertEqual(endpoint(r, "HOT")?.taintedAmount, "900")
        XCTAssertNil(endpoint(r, "D"))
    }

    func testASlowForwarderIsNotADepositAddress() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store([
            R(from: "V", to: "T", amount: "10", block: 1, time: t0),
            R(from: "T", to: "D", amount: "10", block: 2, time: t0 + 60),
            R(from: "D", to: "HOT", amount: "10", block: 3, time: t0 + 10 * 86_400),
        ], labels: [AddressLabel(chain: "eth", address: "HOT", label: "Binance 14", category: .exchange, source: "test")], in: dir)
        let r = try trace(store, [.init(kind: .address, chain: "eth", id: "T")])
        XCTAssertNil(endpoint(r, "D"))
        XCTAssertEqual(endpoint(r, "HOT")?.reason, .service)
        XCTAssertEqual(r.nodes.first { $0.address == "D" }?.role, .followed)
    }

    func testHopLimitMinimumValueAndHotWalletsEndTheTrace() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        var rows: [R] = [
            R(from: "V", to: "S", amount: "1000", block: 1),
            R(from: "S", to: "A", amount: "600", block: 2),
            R(from: "A", to: "B", amount: "600", block: 3),
            R(from: "B", to: "C", amount: "600", block: 4),
            R(from: "S", to: "DUST", amount: "3", block: 5),
            R(from: "S", to: "HOTC", amount: "397", block: 6),
        ]
        for i in 0..<30 { rows.append(R(from: "U\(i)", to: "HOTC", amount: "1", block: 7 + UInt64(i))) }
        let store = try TraceFixtures.store(rows, in: dir)
        let r = try trace(store, [.init(kind: .address, chain: "eth", id: "S")]) {
            $0.maxHops = 2; $0.minValue = Amount(10); $0.maxDegree = 20
        }
        XCTAssertEqual(endpoint(r, "B")?.reason, .hopLimit)
        XCTAssertEqual(endpoint(r, "B")?.taintedAmount, "600")
        XCTAssertNil(endpoint(r, "C"), "past the hop limit")
        XCTAssertEqual(endpoint(r, "DUST")?.reason, .belowMin)
        XCTAssertEqual(endpoint(r, "HOTC")?.reason, .incomplete)
        XCTAssertEqual(endpoint(r, "HOTC")?.taintedAmount, "397")
        XCTAssertEqual(r.nodes.first { $0.address == "A" }?.hop, 1)
        XCTAssertEqual(r.nodes.first { $0.address == "B" }?.hop, 2)
        XCTAssertTrue(r.totals.allSatisfy(\.reconciled))
        // Stop nowhere: the full chain is followed and C holds the 600.
        let all = try trace(store, [.init(kind: .address, chain: "eth", id: "S")]) { $0.stopAt = []; $0.maxDegree = 1000 }
        XCTAssertEqual(endpoint(all, "C")?.reason, .held)
        XCTAssertEqual(endpoint(all, "C")?.taintedAmount, "600")
    }

    func testTransferSourcesAndAWindow() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store([
            R(from: "VICTIM", to: "THIEF", amount: "80", block: 10, asset: "USDT", time: t0, tx: "0x" + String(repeating: "ab", count: 32), log: 3),
            R(from: "OTHER", to: "THIEF", amount: "20", block: 11, asset: "USDT", time: t0 + 60),
            R(from: "THIEF", to: "X", amount: "100", block: 12, asset: "USDT", time: t0 + 120),
            R(from: "X", to: "Y", amount: "100", block: 20, asset: "USDT", time: t0 + 86_400),
        ], in: dir)
        let rule = SourceSpec.Rule(kind: .transfer, chain: "eth", id: "0x" + String(repeating: "ab", count: 32) + ":3")
        let r = try trace(store, [rule])
        XCTAssertEqual(r.totals.first?.created, "80")
        XCTAssertEqual(endpoint(r, "Y", asset: "USDT")?.taintedAmount, "80", "FIFO: the first 80 units out are the stolen ones")
        // --until before the last hop: X still holds it.
        let early = try trace(store, [rule]) { $0.until = .time(t0 + 3600) }
        XCTAssertEqual(endpoint(early, "X", asset: "USDT")?.taintedAmount, "80")
        XCTAssertNil(endpoint(early, "Y", asset: "USDT"))
        XCTAssertEqual(early.windows.first?.lastBlock, 12)
    }

    /// Source rules the store cannot resolve — a mistyped address, a chain
    /// it does not hold, a transaction it lacks — are listed in the trace's
    /// statistics, in the order given, in both directions; the others are not.
    func testSourcesTheStoreDoesNotHoldAreListed() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store([R(from: "V", to: "T", amount: "10", block: 1, time: t0)], in: dir)
        let rules: [SourceSpec.Rule] = [.init(kind: .address, chain: "eth", id: "T"), .init(kind: .address, chain: "eth", id: "TYPO"),
                                        .init(kind: .address, chain: "ethereum", id: "T"), .init(kind: .transfer, chain: "eth", id: "0xnone:0"),
                                        .init(kind: .outpoint, chain: "eth", id: "0xnone:1", asset: "BTC")]
        let expected = ["address eth TYPO", "address ethereum T", "transfer eth 0xnone:0", "outpoint eth 0xnone:1 BTC"]
        for direction in [TraceDirection.forward, .backward] {
            let r = try trace(store, rules) { $0.direction = direction }
            XCTAssertEqual(r.statistics.unresolvedSources, 4, "\(direction)")
            XCTAssertEqual(r.statistics.unresolvedSourceRules, expected, "\(direction)")
        }
    }

    func testBackwardFindsTheFundersOfTheThief() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store([
            R(from: "EXCH", to: "GAS", amount: "5", block: 1),
            R(from: "GAS", to: "THIEF", amount: "1", block: 2),
            R(from: "V", to: "THIEF", amount: "100", block: 3),
            R(from: "THIEF", to: "LATER", amount: "50", block: 4),
            R(from: "GAS", to: "THIEF", amount: "1", block: 5),  // after the theft: still funding before the window end
        ], labels: [AddressLabel(chain: "eth", address: "EXCH", label: "Binance 1", category: .exchange, source: "t")], in: dir)
        let r = try trace(store, [.init(kind: .address, chain: "eth", id: "THIEF")]) { $0.direction = .backward }
        XCTAssertEqual(endpoint(r, "EXCH")?.reason, .service)
        XCTAssertEqual(endpoint(r, "EXCH")?.taintedAmount, "5")
        XCTAssertEqual(endpoint(r, "V")?.reason, .incomplete)
        XCTAssertEqual(r.nodes.first { $0.address == "GAS" }?.hop, 1)
        XCTAssertNil(r.nodes.first { $0.address == "LATER" })
    }

    func testValueComingBackFromAnEndpointIsCleanAndTheEndpointKeepsItsTaint() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store([
            R(from: "V", to: "S", amount: "100", block: 1),
            R(from: "S", to: "A", amount: "100", block: 2),
            R(from: "A", to: "EX", amount: "100", block: 3),   // into the exchange
            R(from: "K", to: "EX", amount: "900", block: 4),
            R(from: "EX", to: "A", amount: "40", block: 5),    // a withdrawal back to the thief's hop
            R(from: "A", to: "B", amount: "40", block: 6),
        ], labels: [AddressLabel(chain: "eth", address: "EX", label: "Binance 7", category: .exchange, source: "t")], in: dir)
        let r = try trace(store, [.init(kind: .address, chain: "eth", id: "S", startBlock: 0)]) { $0.policy = .haircut }
        XCTAssertEqual(endpoint(r, "EX")?.taintedAmount, "100")
        XCTAssertEqual(endpoint(r, "EX")?.reason, .service)
        XCTAssertNil(endpoint(r, "B"), "the withdrawal re-enters clean")
        XCTAssertEqual(r.statistics.reentries, 1)
        XCTAssertTrue(r.totals.allSatisfy(\.reconciled))
    }

    func testOutputFilesHaveTheContractHeaders() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TraceFixtures.store([R(from: "V", to: "S", amount: "5", block: 1), R(from: "S", to: "A", amount: "5", block: 2)],
                                            labels: [AddressLabel(chain: "eth", address: "A", label: "evil,\"name\"\n<x>", category: .other, source: "t")],
                                            in: dir)
        let r = try trace(store, [.init(kind: .address, chain: "eth", id: "S")])
        let out = dir.appendingPathComponent("out").path
        try TraceWriter.write(r, to: out)
        let endpoints = try String(contentsOfFile: out + "/endpoints.csv", encoding: .utf8)
        XCTAssertTrue(endpoints.hasPrefix("chain,address,category,label,asset,tainted_amount,first_tx,last_tx,first_time,last_time,reason\n"))
        XCTAssertTrue(endpoints.contains("\"evil,\"\"name\"\"\n<x>\""), "labels are CSV-quoted")
        XCTAssertTrue(try String(contentsOfFile: out + "/flows.csv", encoding: .utf8).hasPrefix(TraceWriter.flowsHeader.joined(separator: ",")))
        let back = try TraceWriter.read(out + "/trace.json")
        XCTAssertEqual(back.endpoints, r.endpoints)
        XCTAssertEqual(back.nodes, r.nodes)
        XCTAssertEqual(back.parameters.policy, .fifo)
        XCTAssertEqual(try TraceWriter.read(out).endpoints, r.endpoints, "the directory stands for its trace.json")

        // Not a trace: said with the file, and the line and column where the JSON breaks.
        let broken = dir.appendingPathComponent("broken.json").path
        try Data("{\"tool\": \"fundtrace\",\n  \"sources\": [1, 2\n".utf8).write(to: URL(fileURLWithPath: broken))
        XCTAssertThrowsError(try TraceWriter.read(broken)) { e in
            XCTAssertEqual("\(e)", "\(broken):3:1: invalid JSON: truncated JSON: ']' expected")
        }
        let summary = dir.appendingPathComponent("summary.json").path
        try Data(#"{"created": "5", "held": "1"}"#.utf8).write(to: URL(fileURLWithPath: summary))
        XCTAssertThrowsError(try TraceWriter.read(summary)) { e in
            XCTAssertEqual("\(e)", "\(summary): not a trace.json written by `fundtrace trace`: no 'tool'")
        }
    }
}

final class TraceParametersCodingTests: XCTestCase {
    /// A trace.json written before bridges and mixer modes existed still reads, with today's defaults;
    /// stop categories are written sorted.
    func testOlderParametersDecodeWithDefaultsAndEncodingIsStable() throws {
        let old = #"{"policy":"fifo","direction":"forward","max_hops":6,"min_value":"5","stop_at":["mixer","exchange"],"max_degree":100,"deposit_window":60,"deposit_share":0.9}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let p = try decoder.decode(TraceParameters.self, from: Data(old.utf8))
        XCTAssertEqual(p.policy, .fifo)
        XCTAssertEqual(p.maxHops, 6)
        XCTAssertEqual(p.minValue, Amount(5))
        XCTAssertEqual(p.stopAt, [.mixer, .exchange])
        XCTAssertEqual(p.mixerMode, .link)
        XCTAssertEqual(p.bridgeWindow, 7_200)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(TraceParameters()), as: UTF8.self)
        XCTAssertTrue(text.contains(#""stop_at":["bridge","dex","exchange","exchange_deposit","mixer","sanctioned"]"#), text)
        XCTAssertEqual(try decoder.decode(TraceParameters.self, from: Data(text.utf8)).stopAt, TraceParameters().stopAt)
    }
}
