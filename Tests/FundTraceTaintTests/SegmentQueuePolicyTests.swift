import FundTraceModel
import XCTest
@testable import FundTraceTaint

/// The FIFO/LIFO policy stores only part of each queue (the ring up to the
/// newest tainted segment; the rest is an implicit clean tail). These tests
/// hold it to a model that keeps every key's whole segment list explicitly,
/// written straight from the contract's rules (§3.6, §3.8).
final class SegmentQueuePolicyTests: XCTestCase {
    /// The contract's queue of one key, every unit explicit.
    struct ExplicitQueue {
        var segments: [Segment] = []

        mutating func prepend(_ s: Segment) {
            if s.count.isZero { return }
            if let first = segments.first, first.tainted == s.tainted { segments[0].count = first.count + s.count } else { segments.insert(s, at: 0) }
        }

        /// Takes `n` units from the front or the back; returns them in queue order.
        mutating func take(_ n: Amount, fromFront: Bool) -> [Segment] {
            var need = n, out: [Segment] = []
            while !need.isZero {
                let i = fromFront ? 0 : segments.count - 1
                let s = segments[i]
                if s.count <= need {
                    out.append(s); segments.remove(at: i); need -= s.count
                } else {
                    out.append(Segment(need, tainted: s.tainted)); segments[i].count = s.count - need; need = .zero
                }
            }
            return fromFront ? out : out.reversed()
        }
    }

    struct Step: Equatable { var carried: Amount, fee: Amount, tainted: Amount }

    /// Runs `transfers` through the engine and through explicit queues, and
    /// compares every transfer's taint and, every few transfers, every key's
    /// whole queue.
    func check<Order: QueueOrder>(_ order: Order.Type, seed: UInt64, keys: Int, transfers: Int, huge: Bool) {
        var rng = SplitMix64(seed: seed)
        func amount() -> Amount {
            switch rng.next() % 10 {
            case 0: return .zero
            case 1: return huge ? Amount(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next()) : Amount(rng.next() >> 1)
            case 2: return huge ? Amount.maxInput : Amount(rng.next() % 3)
            default: return Amount(rng.next() % 100)
            }
        }
        let engine = AccountTaintEngine<SegmentQueuePolicy<Order>>()
        for k in 0..<keys { engine.addKey(k) }
        var model = [ExplicitQueue](repeating: ExplicitQueue(), count: keys)
        var balances = [Amount](repeating: .zero, count: keys)
        for i in 0..<transfers {
            let from = Int(rng.next() % UInt64(keys))
            let to = rng.next() % 10 == 0 ? from : Int(rng.next() % UInt64(keys))
            let x = amount(), φ = rng.next() % 3 == 0 ? Amount(rng.next() % 20) : Amount.zero
            let marked = rng.next() % 15 == 0
            let got = engine.process(from: from, to: to, amount: x, fee: φ, marked: marked)

            // The model: inject, draw the amount then the fee, debit, credit.
            let d = x + φ
            if balances[from] < d {
                let s = d - balances[from]
                model[from].prepend(Segment(s, tainted: false))
                balances[from] = d
            }
            let block = model[from].take(x, fromFront: Order.fromFront)
            let feeBlock = model[from].take(φ, fromFront: Order.fromFront)
            balances[from] -= d
            let carried = block.filter(\.tainted).reduce(Amount.zero) { $0 + $1.count }
            let feeTainted = feeBlock.filter(\.tainted).reduce(Amount.zero) { $0 + $1.count }
            for s in marked ? [Segment(x, tainted: true)] : block {
                if s.count.isZero { continue }
                if let last = model[to].segments.last, last.tainted == s.tainted {
                    model[to].segments[model[to].segments.count - 1].count = last.count + s.count
                } else {
                    model[to].segments.append(s)
                }
            }
            balances[to] += x
            XCTAssertEqual(Step(carried: got.carried, fee: got.feeTainted, tainted: got.tainted),
                           Step(carried: carried, fee: feeTainted, tainted: marked ? x : carried),
                           "\(Order.policy) seed \(seed) transfer \(i)")
            if i % 37 == 0 || i == transfers - 1 {
                for k in 0..<keys {
                    XCTAssertEqual(engine.balance(k), balances[k])
                    XCTAssertEqual(engine.policy.segments(of: engine.record(k).state, balance: engine.balance(k)), model[k].segments,
                                   "\(Order.policy) seed \(seed) key \(k) after transfer \(i)")
                    XCTAssertEqual(engine.held(k), model[k].segments.filter(\.tainted).reduce(Amount.zero) { $0 + $1.count })
                }
            }
        }
    }

    func testFIFOMatchesExplicitQueues() {
        for seed in 1...6 as ClosedRange<UInt64> {
            check(FrontFirst.self, seed: seed, keys: 5, transfers: 1500, huge: false)
            check(FrontFirst.self, seed: seed, keys: 5, transfers: 800, huge: true)
        }
    }

    func testLIFOMatchesExplicitQueues() {
        for seed in 1...6 as ClosedRange<UInt64> {
            check(BackFirst.self, seed: seed, keys: 5, transfers: 1500, huge: false)
            check(BackFirst.self, seed: seed, keys: 5, transfers: 800, huge: true)
        }
    }

    /// A key that holds no taint keeps no ring, and the ring of a key whose
    /// last tainted unit leaves is returned to the pool.
    func testRingsExistOnlyWhileTaintIsHeld() {
        for order in [true, false] {
            func run<P: AccountTaintPolicy>(_ p: P.Type) where P.KeyState == SegmentQueue, P.Quantity == Amount {
                let engine = AccountTaintEngine<P>()
                for k in 0..<3 { engine.addKey(k) }
                _ = engine.process(from: 2, to: 0, amount: 50, fee: .zero, marked: false)
                XCTAssertEqual(engine.record(0).state.ring, SegmentPool.none, "clean credits store nothing")
                _ = engine.process(from: 2, to: 0, amount: 10, fee: .zero, marked: true)
                _ = engine.process(from: 2, to: 0, amount: 30, fee: .zero, marked: false)
                XCTAssertNotEqual(engine.record(0).state.ring, SegmentPool.none)
                _ = engine.process(from: 0, to: 1, amount: 90, fee: .zero, marked: false)
                XCTAssertEqual(engine.record(0).state.ring, SegmentPool.none, "no taint left: ring freed")
                XCTAssertEqual(engine.held(1), 10)
            }
            if order { run(FIFOPolicy.self) } else { run(LIFOPolicy.self) }
        }
    }

    /// A ring of one clean and one tainted segment lives in the key's state,
    /// with no pool block; a tainted credit after a clean gap moves it into
    /// the pool, and the queue reads the same either way.
    func testShortRingsStayOutOfThePool() {
        let engine = AccountTaintEngine<FIFOPolicy>()
        for k in 0..<3 { engine.addKey(k) }
        _ = engine.process(from: 2, to: 0, amount: 50, fee: .zero, marked: false)
        _ = engine.process(from: 2, to: 0, amount: 10, fee: .zero, marked: true)
        XCTAssertEqual(engine.record(0).state.ring, SegmentPool.outside)
        XCTAssertEqual(engine.policy.pool.usedUnits, 2, "no block handed out")
        XCTAssertEqual(engine.policy.segments(of: engine.record(0).state, balance: engine.balance(0)),
                       [Segment(50, tainted: false), Segment(10, tainted: true)])
        _ = engine.process(from: 0, to: 1, amount: 20, fee: .zero, marked: false)  // the head pays
        XCTAssertEqual(engine.record(0).state.ring, SegmentPool.outside)
        _ = engine.process(from: 2, to: 0, amount: 5, fee: .zero, marked: false)
        _ = engine.process(from: 2, to: 0, amount: 7, fee: .zero, marked: true)  // after a clean gap
        XCTAssertGreaterThan(engine.record(0).state.ring, SegmentPool.outside)
        XCTAssertEqual(engine.policy.segments(of: engine.record(0).state, balance: engine.balance(0)),
                       [Segment(30, tainted: false), Segment(10, tainted: true), Segment(5, tainted: false), Segment(7, tainted: true)])
        XCTAssertEqual(engine.held(0), 17)
    }
}
