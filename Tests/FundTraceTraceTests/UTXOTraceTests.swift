import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceTaintAdapters

/// Tracing on a UTXO chain, with a CoinJoin under each mixer mode.
final class UTXOTraceTests: XCTestCase {
    func h(_ n: Int) -> String { String(format: "%064x", n) }

    /// V's coin (the source) → T → a three-party CoinJoin (T, P2, P3 each get 0.4 BTC and change) → T's change
    /// to D, and one mixed output to X.
    func store() throws -> TransferStore {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        var rows = [FormatDetector.canonicalUTXOHeader.joined(separator: ",")]
        func out(_ tx: Int, _ block: Int, _ n: Int, _ a: String, _ v: Int) { rows.append("bitcoin,\(h(tx)),\(block),0,,out,\(n),\(a),\(v),,") }
        func inp(_ tx: Int, _ block: Int, _ n: Int, _ prev: Int, _ pn: Int, _ a: String = "", _ v: Int? = nil) {
            rows.append("bitcoin,\(h(tx)),\(block),0,,in,\(n),\(a),\(v.map(String.init) ?? ""),\(h(prev)),\(pn)")
        }
        out(1, 1, 0, "V", 100_000_000)
        inp(2, 2, 0, 1, 0); out(2, 2, 0, "T", 99_000_000)
        inp(3, 3, 0, 2, 0)
        inp(3, 3, 1, 900, 0, "P2", 50_000_000)   // unknown history: clean coins
        inp(3, 3, 2, 901, 0, "P3", 50_000_000)
        out(3, 3, 0, "M1", 40_000_000); out(3, 3, 1, "M2", 40_000_000); out(3, 3, 2, "M3", 40_000_000)
        out(3, 3, 3, "T", 58_990_000); out(3, 3, 4, "P2", 9_990_000); out(3, 3, 5, "P3", 9_990_000)
        inp(4, 4, 0, 3, 3); out(4, 4, 0, "D", 58_980_000)
        inp(5, 5, 0, 3, 0); out(5, 5, 0, "X", 39_990_000)
        let path = dir.appendingPathComponent("utxo.csv").path
        try (rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let st = try TransferStore(path: dir.appendingPathComponent("u.sqlite").path)
        _ = try Loader(store: st).load(path: path)
        return st
    }

    func trace(_ st: TransferStore, _ mode: MixerMode, _ policy: TaintPolicy = .haircut) throws -> TraceResult {
        var p = TraceParameters()
        p.policy = policy
        p.mixerMode = mode
        return try Investigation(store: st, labels: try LabelBook(store: st), parameters: p)
            .run(sources: SourceSpec(rules: [.init(kind: .outpoint, chain: "bitcoin", id: h(1) + ":0")]))
    }

    func testCoinJoinUnderEachMixerMode() throws {
        let st = try store()
        func endpoints(_ r: TraceResult) -> [String: EndpointReason] {
            Dictionary(r.endpoints.map { ($0.address, $0.reason) }, uniquingKeysWith: { a, _ in a })
        }
        let stop = try trace(st, .stop)
        XCTAssertEqual(endpoints(stop), ["M1": .mixer, "M2": .mixer, "M3": .mixer, "T": .mixer, "P2": .mixer, "P3": .mixer])
        XCTAssertTrue(stop.endpoints.first { $0.address == "M1" }!.label.hasPrefix("CoinJoin (3 participants"))
        XCTAssertTrue(stop.totals[0].reconciled)
        XCTAssertEqual(stop.totals[0].asset, "BTC")
        XCTAssertEqual(stop.totals[0].created, "100000000")

        let link = try trace(st, .link)
        XCTAssertEqual(endpoints(link)["D"], .held, "T's change is followed to D")
        XCTAssertNil(endpoints(link)["X"], "the mixed outputs stop")
        XCTAssertEqual(endpoints(link)["M1"], .mixer)
        XCTAssertTrue(link.totals[0].reconciled)

        let pool = try trace(st, .pool)
        XCTAssertEqual(endpoints(pool)["D"], .held)
        XCTAssertEqual(endpoints(pool)["X"], .held, "pool mode follows every output")
        XCTAssertFalse(pool.endpoints.contains { $0.reason == .mixer })
        XCTAssertTrue(pool.totals[0].reconciled)
        for policy in [TaintPolicy.fifo, .lifo, .tiho] { XCTAssertTrue(try trace(st, .pool, policy).totals[0].reconciled, "\(policy)") }
        // FIFO: T's 0.99 BTC is spent first, into M1, M2 and most of M3 — not into T's change.
        let fifo = try trace(st, .pool, .fifo)
        XCTAssertNil(fifo.endpoints.first { $0.address == "D" })
        XCTAssertEqual(fifo.endpoints.first { $0.address == "X" }?.taintedAmount, "39990000")
    }
}
