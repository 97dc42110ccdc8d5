import BigInt
import FundTraceModel
import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// The engine against a second implementation of the account model (§3.6–§3.8)
/// written from the contract's text the plain way: a `[Segment]` array per
/// FIFO/LIFO key, exact rationals for haircut, a dictionary of keys, every
/// rule spelled out. It shares nothing with the engine (no packing, no rings,
/// no narrow copies, no prefetching), so every value of every transfer and
/// key must agree on random scenarios: exactly under poison, FIFO, LIFO and
/// TIHO, within the contract's tolerance under haircut.
final class ReferenceModelTests: XCTestCase {
    /// An exact non-negative rational, for haircut.
    struct Rational: Equatable {
        var p: BigUInt, q: BigUInt
        init(_ p: BigUInt, _ q: BigUInt = 1) {
            let g = p.greatestCommonDivisor(with: q)
            (self.p, self.q) = g > 1 ? (p / g, q / g) : (p, q)
        }
        init(_ a: Amount) { self.init(BigUInt(a.description)!) }
        static var zero: Rational { Rational(0) }
        static func + (a: Rational, b: Rational) -> Rational { Rational(a.p * b.q + b.p * a.q, a.q * b.q) }
        static func - (a: Rational, b: Rational) -> Rational { Rational(a.p * b.q - b.p * a.q, a.q * b.q) }
        static func * (a: Rational, b: Rational) -> Rational { Rational(a.p * b.p, a.q * b.q) }
        static func / (a: Rational, b: Rational) -> Rational { Rational(a.p * b.q, a.q * b.p) }
        /// The nearest double, computed on both terms shifted below 2^1000 (they
        /// grow past what a double holds as haircut mixes funds).
        var double: Double {
            let shift = max(0, max(p.bitWidth, q.bitWidth) - 1000)
            return Double(p >> shift) / Double(q >> shift)
        }
    }

    /// One ledger key's state under every policy at once (each run reads its own).
    struct Key {
        var balance = Amount.zero, injected = Amount.zero, received = Amount.zero, sent = Amount.zero, fees = Amount.zero
        var poisoned = false
        var tiho = Amount.zero
        var haircut = Rational.zero
        var queue: [Segment] = []
        var taintedReceived = Rational.zero, taintedSent = Rational.zero
        var wholeBalance = false, receivedSource = false
    }

    struct Result { var tainted: Rational, fee: Rational, carried: Rational, marked: Bool, absorbed: Bool }

    /// §3.7 for `policy` over `s`, in the contract's order.
    static func reference(_ s: Scenario, policy: TaintPolicy) -> (results: [Int: Result], keys: [LedgerKey: Key], created: Amount) {
        var keys: [LedgerKey: Key] = [:]
        var created = Amount.zero
        var results: [Int: Result] = [:]
        let rules = s.sources.rules
        func matches(_ r: SourceSpec.Rule, _ asset: String) -> Bool { r.asset == nil || r.asset == asset }
        func key(_ chain: String, _ address: String, _ asset: String) -> LedgerKey {
            let k = LedgerKey(chain: chain, address: address, asset: asset)
            if keys[k] == nil {
                var state = Key()
                state.wholeBalance = rules.contains { $0.kind == .wholeBalance && $0.chain == chain && $0.id == address && matches($0, asset) }
                keys[k] = state
            }
            return k
        }
        func take(_ queue: inout [Segment], _ n: Amount, front: Bool) -> [Segment] {
            var need = n, taken: [Segment] = []
            while !need.isZero {
                let i = front ? 0 : queue.count - 1
                let seg = queue[i]
                let piece = min(seg.count, need)
                if piece == seg.count { queue.remove(at: i) } else { queue[i].count = seg.count - piece }
                if front { taken.append(Segment(piece, tainted: seg.tainted)) } else { taken.insert(Segment(piece, tainted: seg.tainted), at: 0) }
                need -= piece
            }
            return taken
        }
        func taintedUnits(_ g: [Segment]) -> Amount { g.reduce(Amount.zero) { $1.tainted ? $0 + $1.count : $0 } }
        let order = s.file.rows.indices.sorted { a, b in
            let x = s.file.rows[a], y = s.file.rows[b]
            return (x.block, x.txIndex, x.logIndex, x.row) < (y.block, y.txIndex, y.logIndex, y.row)
        }
        for i in order {
            let t = s.file.rows[i]
            let kf = key(t.chain, t.from, t.asset), kr = key(t.chain, t.to, t.asset)
            let x = t.amount, fee = t.fee, d = x + fee
            // 1. Injection: clean units at the front.
            if keys[kf]!.balance < d {
                let short = d - keys[kf]!.balance
                keys[kf]!.balance += short; keys[kf]!.injected += short
                keys[kf]!.queue.insert(Segment(short, tainted: false), at: 0)
            }
            // 2. Draw.
            var c = Rational.zero, ft = Rational.zero, drawn: [Segment] = []
            if keys[kf]!.wholeBalance {
                c = Rational(x); ft = Rational(fee); drawn = [Segment(x, tainted: true)]
                created += d
            } else {
                switch policy {
                case .poison:
                    if keys[kf]!.poisoned { c = Rational(x); ft = Rational(fee) }
                case .haircut:
                    let b = Rational(keys[kf]!.balance)
                    let rho = b.p == 0 ? Rational.zero : keys[kf]!.haircut / b
                    c = Rational(x) * rho; ft = Rational(fee) * rho
                    keys[kf]!.haircut = keys[kf]!.haircut - c - ft
                case .tiho:
                    let cx = min(x, keys[kf]!.tiho); keys[kf]!.tiho -= cx
                    let cf = min(fee, keys[kf]!.tiho); keys[kf]!.tiho -= cf
                    c = Rational(cx); ft = Rational(cf)
                case .fifo, .lifo:
                    drawn = take(&keys[kf]!.queue, x, front: policy == .fifo)
                    let f = take(&keys[kf]!.queue, fee, front: policy == .fifo)
                    c = Rational(taintedUnits(drawn)); ft = Rational(taintedUnits(f))
                }
            }
            // 3. Debit.
            keys[kf]!.balance -= d; keys[kf]!.sent += x; keys[kf]!.fees += fee
            keys[kf]!.taintedSent = keys[kf]!.taintedSent + c + ft
            // 4. Credit.
            let marked = rules.contains { r in
                r.chain == t.chain && matches(r, t.asset)
                    && (r.kind == .address && r.id == t.to && t.block >= (r.startBlock ?? 0) || r.kind == .transfer && r.id == "\(t.txHash):\(t.logIndex)")
            }
            var result = Result(tainted: c, fee: ft, carried: c, marked: false, absorbed: false)
            if keys[kr]!.wholeBalance {
                result.absorbed = true
            } else if marked {
                result.marked = true; result.tainted = Rational(x)
                created += x
                keys[kr]!.receivedSource = true
                keys[kr]!.poisoned = keys[kr]!.poisoned || !x.isZero
                if policy == .haircut { keys[kr]!.haircut = keys[kr]!.haircut + Rational(x) }
                keys[kr]!.tiho += x
                if !x.isZero { keys[kr]!.queue.append(Segment(x, tainted: true)) }
            } else {
                keys[kr]!.poisoned = keys[kr]!.poisoned || c.p > 0
                if policy == .haircut { keys[kr]!.haircut = keys[kr]!.haircut + c }
                if policy == .tiho { keys[kr]!.tiho += taintedAmount(c) }
                keys[kr]!.queue += drawn.isEmpty && !x.isZero ? [Segment(x, tainted: false)] : drawn
            }
            keys[kr]!.balance += x; keys[kr]!.received += x
            keys[kr]!.taintedReceived = keys[kr]!.taintedReceived + result.tainted  // exact sums of exact values but under haircut
            results[t.row] = result
        }
        return (results, keys, created)
    }

    /// An integer rational as an amount (exact policies only).
    static func taintedAmount(_ r: Rational) -> Amount { Amount(String(r.p / r.q))! }

    /// The reference's held taint of a key under `policy`.
    static func held(_ k: Key, _ policy: TaintPolicy) -> Rational {
        if k.wholeBalance { return Rational(k.balance) }
        switch policy {
        case .poison: return k.poisoned ? Rational(k.balance) : .zero
        case .haircut: return k.haircut
        case .tiho: return Rational(k.tiho)
        case .fifo, .lifo: return Rational(k.queue.reduce(Amount.zero) { $1.tainted ? $0 + $1.count : $0 })
        }
    }

    func check<P: AccountTaintPolicy>(_ p: P.Type, _ s: Scenario, seed: UInt64) {
        let (engine, keys, results) = AccountConformance.sweep(p, s.file, s.sources)
        let ref = Self.reference(s, policy: P.policy)
        func agree(_ a: P.Quantity, _ b: Rational, scale: Amount, _ what: @autoclosure () -> String) {
            if let h = a as? HaircutAmount {
                XCTAssertEqual(h.approximate, b.double, accuracy: 1e-9 * max(1, scale.doubleValue), "\(P.policy) seed \(seed): \(what())")
            } else {
                XCTAssertEqual(Rational(a as! Amount), b, "\(P.policy) seed \(seed): \(what())")
            }
        }
        for (i, r) in s.file.rows.enumerated() {
            let e = results[i], x = ref.results[r.row]!
            agree(e.tainted, x.tainted, scale: r.amount, "row \(r.row) tainted_amount")
            agree(e.feeTainted, x.fee, scale: r.fee, "row \(r.row) fee_tainted")
            agree(e.carried, x.carried, scale: r.amount, "row \(r.row) carried_tainted")
            XCTAssertEqual(e.marked, x.marked, "\(P.policy) seed \(seed): row \(r.row) source_marked")
            XCTAssertEqual(e.absorbed, x.absorbed, "\(P.policy) seed \(seed): row \(r.row) absorbed_by_source")
        }
        XCTAssertEqual(keys.count, ref.keys.count)
        for (key, x) in ref.keys {
            let k = keys.lookup(key)!
            XCTAssertEqual(engine.balance(k), x.balance, "\(P.policy) seed \(seed): \(key) balance")
            XCTAssertEqual(engine.injected(k), x.injected, "\(P.policy) seed \(seed): \(key) injected")
            XCTAssertEqual(engine.received(k), x.received, "\(P.policy) seed \(seed): \(key) received")
            XCTAssertEqual(engine.sent(k), x.sent, "\(P.policy) seed \(seed): \(key) sent")
            XCTAssertEqual(engine.feesPaid(k), x.fees, "\(P.policy) seed \(seed): \(key) fees")
            XCTAssertEqual(engine.record(k).receivedSource, x.receivedSource, "\(P.policy) seed \(seed): \(key) received_source")
            let scale = x.received + x.injected
            agree(engine.taintedReceived(k), x.taintedReceived, scale: scale, "\(key) tainted_received")
            agree(engine.taintedSent(k), x.taintedSent, scale: scale, "\(key) tainted_sent")
            agree(engine.held(k), Self.held(x, P.policy), scale: scale, "\(key) tainted_held")
        }
        XCTAssertEqual(engine.summary.created, ref.created, "\(P.policy) seed \(seed): created")
    }

    /// Random scenarios (`Scenario.random`: amounts from 0 to 2^256 − 1,
    /// fees, self-transfers, duplicate order keys, rows out of order, every
    /// kind of source) under every policy. Haircut's exact rationals grow
    /// with every mixing step (a thousand digits within a few hundred
    /// transfers), so its scenarios are shorter.
    func testEngineAgreesWithTheReferenceOnRandomScenarios() {
        for seed: UInt64 in [5, 6, 7, 8, 99, 123, 4096] {
            let s = Scenario.random(seed: seed, count: 300)
            check(PoisonPolicy.self, s, seed: seed)
            check(FIFOPolicy.self, s, seed: seed)
            check(LIFOPolicy.self, s, seed: seed)
            check(TIHOPolicy.self, s, seed: seed)
            check(HaircutPolicy.self, Scenario.random(seed: seed, count: 90), seed: seed)
        }
    }
}
