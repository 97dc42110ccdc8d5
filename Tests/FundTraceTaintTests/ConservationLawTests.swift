import FundTraceModel
import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// A small deterministic PRNG so every random scenario is reproducible by seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random scenarios for the laws L1–L9 of the contract (§5): several chains and
/// assets, amounts up to 2^256 − 1, fees, self-transfers, zero amounts,
/// duplicate order keys, rows out of order, clean funds mixed in, and every
/// kind of source.
struct Scenario {
    var file: AccountTransferFile
    var sources: SourceSpec

    static func random(seed: UInt64, count: Int = 1500, distinctKeys: Bool = false) -> Scenario {
        var rng = SplitMix64(seed: seed)
        let addresses = (0..<9).map { "A\($0)" }
        let chains = ["eth", "bsc"], assets = ["ETH", "USDT"]
        func amount() -> Amount {
            switch rng.next() % 10 {
            case 0: return .zero
            case 1: return Amount(w0: rng.next(), w1: rng.next(), w2: rng.next(), w3: rng.next())   // up to 2^256 − 1
            case 2: return Amount.maxInput
            case 3, 4: return Amount(rng.next() >> 1)
            default: return Amount(rng.next() % 1000)
            }
        }
        var rows: [AccountTransferFile.Row] = []
        for i in 0..<count {
            let from = addresses[Int(rng.next() % 9)]
            let to = rng.next() % 12 == 0 ? from : addresses[Int(rng.next() % 9)]
            let block = distinctKeys ? UInt64(i) : rng.next() % UInt64(count / 3)
            let fee = rng.next() % 3 == 0 ? Amount(rng.next() % 50) : .zero
            rows.append(.init(row: i + 1, chain: chains[Int(rng.next() % 2)], txHash: "0x\(i)", block: block,
                              txIndex: distinctKeys ? 0 : rng.next() % 3, logIndex: distinctKeys ? 0 : rng.next() % 2,
                              from: from, to: to, asset: assets[Int(rng.next() % 2)], amount: amount(), fee: fee))
        }
        let marked = rows[Int(rng.next() % UInt64(count))]
        let sources = SourceSpec(rules: [
            .init(kind: .address, chain: "eth", id: "A0", asset: nil, startBlock: UInt64(count / 10)),
            .init(kind: .address, chain: "bsc", id: "A1", asset: "USDT", startBlock: nil),
            .init(kind: .wholeBalance, chain: "eth", id: "A2", asset: "ETH"),
            .init(kind: .transfer, chain: marked.chain, id: "\(marked.txHash):\(marked.logIndex)"),
        ])
        return Scenario(file: AccountTransferFile(rows: rows), sources: sources)
    }
}

final class ConservationLawTests: XCTestCase {
    let seeds: [UInt64] = [1, 2, 3, 42, 2024]

    func results<P: AccountTaintPolicy>(_ p: P.Type, _ s: Scenario) -> (AccountTaintEngine<P>, LedgerKeyTable, TransferResults<P.Quantity>) {
        AccountConformance.sweep(p, s.file, s.sources)
    }

    /// L1, L3, L4, L5 for one conserving policy.
    func checkConservation<P: AccountTaintPolicy>(_ p: P.Type, _ s: Scenario, seed: UInt64) {
        let (engine, keys, res) = results(p, s)
        let exact = P.Quantity.self == Amount.self
        func close(_ a: Double, _ b: Double, _ scale: Double, _ msg: String) {
            XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, scale), msg)
        }
        let created = engine.summary.created
        // L1
        let lhs = engine.totalHeld() + engine.summary.feeSink + engine.summary.reabsorbed + engine.summary.absorbed
        if exact { XCTAssertEqual(lhs as? Amount, created, "L1 \(P.policy) seed \(seed)") } else { close(lhs.doubleValue, created.doubleValue, created.doubleValue, "L1 \(P.policy) seed \(seed)") }
        // Tainted received and sent per key, summed from the per-transfer
        // outputs: independent of how the engine keeps (or derives) them.
        var taintIn = [P.Quantity](repeating: .zero, count: keys.count), taintOut = taintIn
        for (i, r) in s.file.rows.enumerated() {
            let kr = keys.lookup(LedgerKey(chain: r.chain, address: r.to, asset: r.asset))!
            taintIn[kr] = taintIn[kr] + res[i].tainted
            let kf = keys.lookup(LedgerKey(chain: r.chain, address: r.from, asset: r.asset))!
            taintOut[kf] = taintOut[kf] + res[i].carried + res[i].feeTainted
        }
        for k in 0..<keys.count {
            if exact {
                XCTAssertEqual(engine.taintedReceived(k), taintIn[k], "tainted_received = Σ τ in, \(P.policy) key \(k) seed \(seed)")
                XCTAssertEqual(engine.taintedSent(k), taintOut[k], "tainted_sent = Σ c + φt out, \(P.policy) key \(k) seed \(seed)")
            } else {
                close(engine.taintedReceived(k).doubleValue, taintIn[k].doubleValue, taintIn[k].doubleValue, "tainted_received, key \(k) seed \(seed)")
                close(engine.taintedSent(k).doubleValue, taintOut[k].doubleValue, taintOut[k].doubleValue, "tainted_sent, key \(k) seed \(seed)")
            }
        }
        // L3, L4 per key
        for k in 0..<keys.count where !engine.record(k).wholeBalanceSource {
            let held = engine.held(k)
            let flow = taintIn[k].doubleValue - taintOut[k].doubleValue
            if exact {
                XCTAssertEqual((held as! Amount) + (taintOut[k] as! Amount), taintIn[k] as! Amount, "L3 \(P.policy) key \(k) seed \(seed)")
                XCTAssertLessThanOrEqual(held as! Amount, engine.balance(k), "L4 held ≤ balance")
            } else {
                close(held.doubleValue, flow, taintIn[k].doubleValue, "L3 \(P.policy) key \(k) seed \(seed)")
                XCTAssertLessThanOrEqual(held.doubleValue, engine.balance(k).doubleValue * (1 + 1e-12), "L4 held ≤ balance")
            }
            if let q = engine.record(k).state as? SegmentQueue {
                let segments = (engine.policy as? FIFOPolicy)?.segments(of: q, balance: engine.balance(k))
                    ?? (engine.policy as! LIFOPolicy).segments(of: q, balance: engine.balance(k))
                checkQueue(segments, engine.balance(k))
            }
        }
        // Bookkeeping: total sent is Σ amounts sent, whatever the policy.
        var sent: [LedgerKey: Amount] = [:]
        for r in s.file.rows { sent[LedgerKey(chain: r.chain, address: r.from, asset: r.asset), default: .zero] += r.amount }
        for (k, key) in keys.keys.enumerated() {
            XCTAssertEqual(engine.sent(k), sent[key] ?? .zero, "total sent of \(key.address)")
        }
        // L4, L5 per transfer
        for (i, r) in s.file.rows.enumerated() {
            let t = res[i]
            XCTAssertLessThanOrEqual(t.carried.doubleValue, r.amount.doubleValue * (1 + 1e-12))
            XCTAssertLessThanOrEqual(t.tainted.doubleValue, r.amount.doubleValue * (1 + 1e-12))
            XCTAssertLessThanOrEqual(t.feeTainted.doubleValue, r.fee.doubleValue * (1 + 1e-12))
            if t.marked { XCTAssertEqual(t.tainted, P.Quantity(exact: r.amount), "L5 marked row \(r.row)") }
        }
    }

    func checkQueue(_ q: [Segment], _ balance: Amount) {
        guard !q.isEmpty else { return }  // empty: all `balance` units clean
        var sum = Amount.zero
        for s in q { sum += s.count }
        XCTAssertEqual(sum, balance, "L4 queue units = balance")
    }

    func testConservationLawsOnRandomScenarios() {
        for seed in seeds {
            let s = Scenario.random(seed: seed)
            checkConservation(HaircutPolicy.self, s, seed: seed)
            checkConservation(FIFOPolicy.self, s, seed: seed)
            checkConservation(LIFOPolicy.self, s, seed: seed)
            checkConservation(TIHOPolicy.self, s, seed: seed)
        }
    }

    /// L5 (created is policy-independent) and L6 (poison dominates, all-or-nothing).
    func testPoisonDominatesAndCreatedIsPolicyIndependent() {
        for seed in seeds {
            let s = Scenario.random(seed: seed)
            let (pe, pk, pr) = results(PoisonPolicy.self, s)
            let created = pe.summary.created
            func dominated<P: AccountTaintPolicy>(_ p: P.Type) {
                let (e, _, r) = results(p, s)
                XCTAssertEqual(e.summary.created, created, "L5 created \(P.policy)")
                for i in r.indices {
                    XCTAssertGreaterThanOrEqual(pr[i].tainted.doubleValue, r[i].tainted.doubleValue * (1 - 1e-12), "L6 row \(i) \(P.policy) seed \(seed)")
                    XCTAssertGreaterThanOrEqual(pr[i].feeTainted.doubleValue, r[i].feeTainted.doubleValue * (1 - 1e-12), "L6 fee row \(i) \(P.policy)")
                }
                for k in 0..<pk.count {
                    XCTAssertGreaterThanOrEqual(pe.held(k).doubleValue, e.held(k).doubleValue * (1 - 1e-12), "L6 held key \(k) \(P.policy)")
                }
            }
            dominated(HaircutPolicy.self); dominated(FIFOPolicy.self); dominated(LIFOPolicy.self); dominated(TIHOPolicy.self)
            for (i, r) in s.file.rows.enumerated() {
                XCTAssertTrue(pr[i].tainted.isZero || pr[i].tainted == r.amount, "L6 all-or-nothing")
                XCTAssertTrue(pr[i].feeTainted.isZero || pr[i].feeTainted == r.fee, "L6 fee all-or-nothing")
            }
        }
    }

    /// L7: each (chain, asset) swept alone gives the same per-transfer results.
    func testSeparationByChainAndAsset() {
        func check<P: AccountTaintPolicy>(_ p: P.Type, _ s: Scenario) {
            let full = results(p, s).2
            let groups = Dictionary(grouping: s.file.rows.indices, by: { s.file.rows[$0].chain + "/" + s.file.rows[$0].asset })
            for (_, idx) in groups {
                let sub = Scenario(file: AccountTransferFile(rows: idx.map { s.file.rows[$0] }), sources: s.sources)
                let part = results(p, sub).2
                for (j, i) in idx.enumerated() {
                    XCTAssertEqual(part[j].tainted.decimalText, full[i].tainted.decimalText, "L7 \(P.policy)")
                    XCTAssertEqual(part[j].feeTainted.decimalText, full[i].feeTainted.decimalText, "L7 \(P.policy)")
                }
            }
        }
        let s = Scenario.random(seed: 7)
        check(PoisonPolicy.self, s); check(HaircutPolicy.self, s); check(FIFOPolicy.self, s); check(LIFOPolicy.self, s); check(TIHOPolicy.self, s)
    }

    /// L8: a prefix of the processing order, swept alone, gives the same results.
    func testPrefixStability() {
        func check<P: AccountTaintPolicy>(_ p: P.Type, _ s: Scenario) {
            let full = results(p, s).2
            let order = s.file.processingOrder
            for cut in [1, order.count / 3, order.count / 2] {
                let idx = Array(order.prefix(cut))
                let part = results(p, Scenario(file: AccountTransferFile(rows: idx.map { s.file.rows[$0] }), sources: s.sources)).2
                for (j, i) in idx.enumerated() {
                    XCTAssertEqual(part[j].tainted.decimalText, full[i].tainted.decimalText, "L8 \(P.policy) cut \(cut)")
                }
            }
        }
        let s = Scenario.random(seed: 8)
        check(PoisonPolicy.self, s); check(HaircutPolicy.self, s); check(FIFOPolicy.self, s); check(LIFOPolicy.self, s); check(TIHOPolicy.self, s)
    }

    /// L9: permuting file rows with distinct order keys changes nothing.
    func testOrderInvariance() {
        func check<P: AccountTaintPolicy>(_ p: P.Type, _ s: Scenario) {
            let full = results(p, s).2
            var rng = SplitMix64(seed: 99)
            var perm = Array(s.file.rows.indices)
            perm.shuffle(using: &rng)
            let shuffled = perm.enumerated().map { (newRow, i) -> AccountTransferFile.Row in
                var r = s.file.rows[i]; r.row = newRow + 1; return r
            }
            let part = results(p, Scenario(file: AccountTransferFile(rows: shuffled), sources: s.sources)).2
            for (j, i) in perm.enumerated() {
                XCTAssertEqual(part[j].tainted.decimalText, full[i].tainted.decimalText, "L9 \(P.policy)")
            }
        }
        let s = Scenario.random(seed: 9, distinctKeys: true)
        check(PoisonPolicy.self, s); check(HaircutPolicy.self, s); check(FIFOPolicy.self, s); check(LIFOPolicy.self, s); check(TIHOPolicy.self, s)
    }

    /// Integer policies stay exact at uint256 scale: a 2^256 − 1 transfer split
    /// and recombined keeps every unit.
    func testExactAtUInt256Scale() {
        let big = Amount.maxInput
        let rows: [AccountTransferFile.Row] = [
            .init(row: 1, chain: "eth", txHash: "0x1", block: 1, txIndex: 0, logIndex: 0, from: "V", to: "S", asset: "T", amount: big),
            .init(row: 2, chain: "eth", txHash: "0x2", block: 2, txIndex: 0, logIndex: 0, from: "C", to: "S", asset: "T", amount: big),
            .init(row: 3, chain: "eth", txHash: "0x3", block: 3, txIndex: 0, logIndex: 0, from: "S", to: "A", asset: "T", amount: big, fee: 1),
        ]
        let sources = SourceSpec(rules: [.init(kind: .transfer, chain: "eth", id: "0x1:0")])
        let s = Scenario(file: AccountTransferFile(rows: rows), sources: sources)
        let (fe, _, fr) = results(FIFOPolicy.self, s)
        XCTAssertEqual(fr[2].tainted, big)            // FIFO: the stolen 2^256−1 leave first
        XCTAssertEqual(fr[2].feeTainted, .zero)
        XCTAssertEqual(fe.summary.created, big)
        let (le, _, lr) = results(LIFOPolicy.self, s)
        XCTAssertEqual(lr[2].tainted, Amount(0))       // LIFO: the clean 2^256−1 (newest) leave first…
        XCTAssertEqual(lr[2].feeTainted, Amount(1))    // …then the fee takes 1 stolen unit
        XCTAssertEqual(le.totalHeld() + le.summary.feeSink, big)
        XCTAssertEqual(le.balance(1).description, "115792089237316195423570985008687907853269984665640564039457584007913129639934")
    }
}
