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

    /// Everything a recipient always touches lies in the record's first
    /// cache line, which is all ``AccountTaintEngine/prefetch(recipient:)``
    /// loads; a FIFO/LIFO state's inline tainted count, touched only by
    /// tainted credits (which prefetch it), lies in the second.
    func testWhatARecipientTouchesFitsTheFirstLine() {
        func stateOffset<P: AccountTaintPolicy>(_: P.Type) -> Int {
            typealias R = AccountTaintEngine<P>.Record
            XCTAssertLessThan(MemoryLayout<R>.offset(of: \R.receivedSource)!, MemoryLayout<R>.offset(of: \R.state)!, "fields keep declaration order")
            return MemoryLayout<R>.offset(of: \R.state)!
        }
        let line = AccountTaintEngine<PoisonPolicy>.recipientBytes
        XCTAssertLessThanOrEqual(stateOffset(PoisonPolicy.self) + MemoryLayout<Bool>.size, line)
        XCTAssertLessThanOrEqual(stateOffset(HaircutPolicy.self) + MemoryLayout<Double>.size, line)
        XCTAssertLessThanOrEqual(stateOffset(TIHOPolicy.self) + MemoryLayout<PackedAmount>.size, line)
        for (name, offset) in [("fifo", stateOffset(FIFOPolicy.self)), ("lifo", stateOffset(LIFOPolicy.self))] {
            let inlineTainted = offset + MemoryLayout<SegmentQueue>.offset(of: \SegmentQueue.inlineTainted)!
            XCTAssertLessThanOrEqual(offset + MemoryLayout<SegmentQueue>.offset(of: \SegmentQueue.covered)! + MemoryLayout<PackedAmount>.size, line, name)
            XCTAssertGreaterThanOrEqual(inlineTainted, line, name)
            XCTAssertLessThanOrEqual(inlineTainted + MemoryLayout<PackedAmount>.size, 2 * line, name)
        }
    }

    /// A key made a `whole_balance` source after it took part in transfers
    /// keeps the tainted-received total it had, under a policy that derives it.
    func testLateWholeBalanceSourceKeepsItsTaintedReceived() {
        let engine = AccountTaintEngine<TIHOPolicy>()
        for k in 0..<3 { engine.addKey(k, isSource: k == 0) }
        _ = engine.process(from: 1, to: 0, amount: Amount(100), fee: .zero, marked: true)  // 0 receives 100 tainted
        _ = engine.process(from: 0, to: 2, amount: Amount(30), fee: .zero, marked: false)  // 2 receives 30 tainted
        XCTAssertEqual(engine.taintedReceived(2), Amount(30))
        engine.addKey(2, isWholeBalanceSource: true)
        XCTAssertEqual(engine.taintedReceived(2), Amount(30))
        _ = engine.process(from: 0, to: 2, amount: Amount(20), fee: .zero, marked: false)  // absorbed
        XCTAssertEqual(engine.taintedReceived(2), Amount(50))
        XCTAssertEqual(engine.taintedReceived(0), Amount(100))
        XCTAssertEqual(engine.taintedSent(0), Amount(50))
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
                if prefetch { for k in 0..<50 { engine.prefetchStorage(from: k, to: 49 - k, marked: k % 2 == 0) } }
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

    /// Segment counts of 2^126 and more are exact and their slots are reused:
    /// the side table grows with the large segments alive, not with transfers.
    func testHugeSegmentCountsStayExactAndTheirSlotsAreReused() {
        let engine = AccountTaintEngine<FIFOPolicy>()
        for k in 0..<4 { engine.addKey(k, isSource: k == 0) }
        let huge = Amount.maxInput - Amount(12345)  // 2^256 − 12346
        _ = engine.process(from: 3, to: 0, amount: huge, fee: .zero, marked: true)   // key 0: huge tainted (3 injected)
        _ = engine.process(from: 2, to: 0, amount: Amount(7), fee: .zero, marked: false)  // key 0: + 7 clean
        for round in 0..<300 {
            let (a, b) = round % 2 == 0 ? (0, 1) : (1, 0)
            let bal = engine.balance(a)
            _ = engine.process(from: a, to: b, amount: bal - Amount(UInt64(round % 5)), fee: Amount(1), marked: false)
            _ = engine.process(from: 2, to: a, amount: Amount(3), fee: .zero, marked: false)
        }
        for k in 0..<4 {
            let segments = engine.policy.segments(of: engine.record(k).state, balance: engine.balance(k))
            if !segments.isEmpty {
                XCTAssertEqual(segments.reduce(Amount.zero) { $0 + $1.count }, engine.balance(k), "key \(k): segments sum to the balance")
                XCTAssertEqual(segments.filter(\.tainted).reduce(Amount.zero) { $0 + $1.count }, engine.held(k), "key \(k): tainted segments are the taint held")
            }
        }
        XCTAssertEqual(engine.held(0) + engine.held(1) + engine.summary.feeSink, huge, "no tainted unit lost or made")
        XCTAssertLessThanOrEqual(engine.policy.counts.values.count, 8, "slots reused across 600 huge draws")
    }

    /// The engine runs transfers whose amounts and balances fit 127 bits
    /// through one specialised copy of its rules and all others through a
    /// general one. Scaling every amount by 2^130 moves a scenario from the
    /// first to the second and, since a power of two scales integers and
    /// doubles exactly, must scale every result exactly, under every policy.
    func testWideTransfersFollowTheSameRulesAsNarrowOnes() {
        func scaled(_ a: Amount) -> Amount {  // a · 2^130, for a < 2^62
            precondition(a.w1 == 0 && a.w0 < 1 << 62)
            return Amount(w0: 0, w1: 0, w2: a.w0 << 2, w3: 0)
        }
        func scaled<Q: TaintQuantity>(_ q: Q) -> Q {
            if let a = q as? Amount { return scaled(a) as! Q }
            let h = q as! HaircutAmount
            return (h.exact.map { HaircutAmount(exact: scaled($0)) } ?? HaircutAmount(approximate: h.approximate * 0x1p130)) as! Q
        }
        func run<P: AccountTaintPolicy>(_: P.Type, wide: Bool) -> [String] {
            let engine = AccountTaintEngine<P>()
            for k in 0..<40 { engine.addKey(k, isWholeBalanceSource: k == 39, isSource: k < 3) }
            var x: UInt64 = 11
            func next() -> UInt64 { x = x &* 6364136223846793005 &+ 1442695040888963407; return x >> 24 }
            func amount(_ a: UInt64) -> Amount { wide ? scaled(Amount(a)) : Amount(a) }
            func text(_ q: P.Quantity) -> String { (wide ? q : scaled(q)).decimalText }
            var out: [String] = []
            for i in 0..<4000 {
                let from = Int(next() % 40), to = Int(next() % 40)
                let t = engine.process(from: from, to: to, amount: amount(next() % (1 << 40)), fee: amount(i % 3 == 0 ? next() % 1000 : 0),
                                       marked: to < 3)
                out += [text(t.tainted), text(t.feeTainted), text(t.carried)]
            }
            for k in 0..<40 { out += [text(engine.held(k)), text(engine.taintedReceived(k)), text(engine.taintedSent(k))] }
            return out
        }
        func check<P: AccountTaintPolicy>(_ p: P.Type, _ name: String) {
            let narrow = run(p, wide: false), wide = run(p, wide: true)
            XCTAssertEqual(narrow, wide, name)
            XCTAssertTrue(narrow.contains { $0 != "0" }, "\(name): some taint moved")
        }
        check(PoisonPolicy.self, "poison")
        check(HaircutPolicy.self, "haircut")
        check(TIHOPolicy.self, "tiho")
        check(FIFOPolicy.self, "fifo")
        check(LIFOPolicy.self, "lifo")
    }
}
