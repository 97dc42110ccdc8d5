import FundTraceModel
import XCTest
@testable import FundTraceTaint

final class AccountTaintEngineTests: XCTestCase {
    /// The sweep is bound by memory access: every policy's per-key record
    /// must stay within one aligned pair of cache lines.
    func testEveryPolicysRecordFitsTwoCacheLines() {
        XCTAssertEqual(AccountTaintEngine<PoisonPolicy>.recordStride, 128)
        XCTAssertEqual(AccountTaintEngine<HaircutPolicy>.recordStride, 128)
        XCTAssertEqual(AccountTaintEngine<TIHOPolicy>.recordStride, 128)
        XCTAssertEqual(AccountTaintEngine<FIFOPolicy>.recordStride, 128)
        XCTAssertEqual(AccountTaintEngine<LIFOPolicy>.recordStride, 128)
    }

    /// Prefetching queue storage is invisible: the same transfers give the
    /// same taint with and without it, for clean and tainted keys alike.
    func testPrefetchingQueueStorageChangesNothing() {
        func run<P: AccountTaintPolicy>(_: P.Type, prefetch: Bool) -> [String] {
            let engine = AccountTaintEngine<P>()
            for k in 0..<50 { engine.addKey(k, isSource: k < 3) }
            var x: UInt64 = 7
            func next() -> UInt64 { x = x &* 6364136223846793005 &+ 1442695040888963407; return x >> 20 }
            var out: [String] = []
            for _ in 0..<5000 {
                let from = Int(next() % 50), to = Int(next() % 50)
                if prefetch { for k in 0..<50 { engine.prefetchStorage(k) } }
                let t = engine.process(from: from, to: to, amount: Amount(next() % 1_000_000), fee: Amount(next() % 100), marked: to < 3)
                out.append(t.tainted.decimalText)
            }
            for k in 0..<50 { out.append(engine.held(k).decimalText) }
            return out
        }
        XCTAssertEqual(run(FIFOPolicy.self, prefetch: true), run(FIFOPolicy.self, prefetch: false))
        XCTAssertEqual(run(LIFOPolicy.self, prefetch: true), run(LIFOPolicy.self, prefetch: false))
        XCTAssertEqual(run(HaircutPolicy.self, prefetch: true), run(HaircutPolicy.self, prefetch: false))
        XCTAssertTrue(run(FIFOPolicy.self, prefetch: true).contains { $0 != "0" }, "some taint moved")
    }
}
