import BigInt
import FundTraceModel
import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// `fundtrace taint utxo` against a second, plain implementation of §4.5
/// (a segment array per output, exact rationals for haircut): every output's
/// taint, every fee's, every address's totals and the summary must agree on
/// random histories, exactly under poison, FIFO, LIFO and TIHO, within the
/// contract's tolerance under haircut.
final class UTXOReferenceModelTests: XCTestCase {
    typealias Rational = ReferenceModelTests.Rational

    struct Output { var value: Amount, taint: Rational, segments: [Segment], address: String }

    struct Expected {
        var outputs: [String: (taint: Rational, carried: Rational, marked: Bool, spentBy: String)] = [:]  // "hash:n"
        var fees: [String: (fee: Amount, taint: Rational)] = [:]
        var received: [String: Rational] = [:], sent: [String: Rational] = [:], held: [String: Rational] = [:]
        var created = Amount.zero, feeSink = Rational.zero, reabsorbed = Rational.zero
    }

    /// §4.5 over the file's transactions (already in processing order).
    static func reference(_ file: UTXOTransactionFile, _ sources: SourceSpec, policy: TaintPolicy) -> Expected {
        var e = Expected()
        var unspent: [String: Output] = [:]
        func units(_ segments: [Segment]) -> Rational { Rational(segments.reduce(Amount.zero) { $1.tainted ? $0 + $1.count : $0 }) }
        for tx in file.transactions {
            var inputs: [Output] = []
            for i in tx.inputs {
                let id = "\(i.prevTx):\(i.prevN)"
                if let o = unspent.removeValue(forKey: id) {
                    inputs.append(o)
                    e.outputs[id]!.spentBy = tx.hash
                    e.sent[o.address, default: .zero] = e.sent[o.address, default: .zero] + o.taint
                } else {
                    inputs.append(Output(value: i.amount!, taint: .zero, segments: [], address: i.address!))
                }
            }
            let v = inputs.reduce(Amount.zero) { $0 + $1.value }
            let tin = inputs.reduce(Rational.zero) { $0 + $1.taint }
            let fee = tx.isCoinbase ? .zero : v - tx.outputs.reduce(Amount.zero) { $0 + $1.amount }
            var carried = [Rational](repeating: .zero, count: tx.outputs.count), segments = [[Segment]](repeating: [], count: tx.outputs.count)
            var feeTaint = Rational.zero
            switch policy {
            case .poison:
                if inputs.contains(where: { !$0.value.isZero && $0.taint.p > 0 }) {
                    for (k, o) in tx.outputs.enumerated() { carried[k] = Rational(o.amount) }
                    feeTaint = Rational(fee)
                }
            case .haircut:
                let ratio = v.isZero ? Rational.zero : tin / Rational(v)
                for (k, o) in tx.outputs.enumerated() { carried[k] = Rational(o.amount) * ratio }
                feeTaint = Rational(fee) * ratio
            case .fifo, .lifo, .tiho:
                var u: [Segment]
                if policy == .tiho {
                    let t = ReferenceModelTests.taintedAmount(tin)
                    u = [Segment(t, tainted: true), Segment(v - t, tainted: false)]
                } else {
                    u = inputs.flatMap { $0.segments.isEmpty ? [Segment($0.value, tainted: false)] : $0.segments }  // a coinbase output: clean
                    if policy == .lifo { u.reverse() }
                }
                u.removeAll { $0.count.isZero }
                func take(_ n: Amount) -> [Segment] {
                    var need = n, got: [Segment] = []
                    while !need.isZero && !u.isEmpty {
                        let piece = min(u[0].count, need)
                        got.append(Segment(piece, tainted: u[0].tainted))
                        if piece == u[0].count { u.removeFirst() } else { u[0].count -= piece }
                        need -= piece
                    }
                    return got
                }
                let order = policy == .tiho ? tx.outputs.indices.sorted { (tx.outputs[$0].amount, $1) > (tx.outputs[$1].amount, $0) }
                                            : Array(tx.outputs.indices)
                for k in order { segments[k] = take(tx.outputs[k].amount); carried[k] = units(segments[k]) }
                feeTaint = units(take(fee))
            }
            e.feeSink = e.feeSink + feeTaint
            if !tx.isCoinbase { e.fees[tx.hash] = (fee, feeTaint) }
            for (k, o) in tx.outputs.enumerated() {
                let marked = sources.isMarkedOutput(chain: tx.chain, txHash: tx.hash, n: o.n, address: o.address, block: tx.block)
                var taint = carried[k], segs = segments[k]
                if marked {
                    e.reabsorbed = e.reabsorbed + carried[k]; e.created += o.amount
                    taint = Rational(o.amount); segs = o.amount.isZero ? [] : [Segment(o.amount, tainted: true)]
                }
                unspent["\(tx.hash):\(o.n)"] = Output(value: o.amount, taint: taint, segments: segs, address: o.address)
                e.outputs["\(tx.hash):\(o.n)"] = (taint, carried[k], marked, "")
                e.received[o.address, default: .zero] = e.received[o.address, default: .zero] + taint
            }
        }
        for o in unspent.values { e.held[o.address, default: .zero] = e.held[o.address, default: .zero] + o.taint }
        return e
    }

    /// Random histories (`StoreUTXOSweepTests.randomHistory`: coinbases,
    /// spends of one to three outputs, unknown-history inputs, fees,
    /// zero-value outputs, values up to 2^255) under every policy. Haircut's
    /// exact rationals grow with every mixing step, so its histories are shorter.
    func testConformanceAgreesWithTheReferenceOnRandomHistories() throws {
        for seed: UInt64 in [1, 2, 3, 17, 31] {
            for (policies, length) in [([TaintPolicy.poison, .fifo, .lifo, .tiho], 150), ([.haircut], 50)] {
                try check(seed: seed, transactions: length, policies: policies)
            }
        }
    }

    func check(seed: UInt64, transactions: Int, policies: [TaintPolicy]) throws {
        let dir = temporaryDirectory()
        let u = dir.appendingPathComponent("u.csv").path, s = dir.appendingPathComponent("s.csv").path
        try StoreUTXOSweepTests.randomHistory(seed: seed, transactions: transactions).write(toFile: u, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\naddress,btc,A3,,\naddress,btc,A7,,20\noutpoint,btc,t5:0,,\n"
            .write(toFile: s, atomically: true, encoding: .utf8)
        let file = try UTXOTransactionFile.read(path: u), sources = try SourceSpec.read(path: s)
        for policy in policies {
            let oo = dir.appendingPathComponent("oo.csv").path, oa = dir.appendingPathComponent("oa.csv").path
            let sum = dir.appendingPathComponent("sum.json").path
            try UTXOConformance.run(transactionsPath: u, sourcesPath: s, policy: policy, outOutputs: oo, outAddresses: oa, summaryPath: sum)
            let e = Self.reference(file, sources, policy: policy)
            func agree(_ text: String?, _ value: Rational, scale: Amount, _ what: @autoclosure () -> String) {
                guard let text else { return XCTFail("missing \(what())") }
                if policy == .haircut {
                    XCTAssertEqual(Double(text)!, value.double, accuracy: 1e-9 * max(1, scale.doubleValue), "\(policy) seed \(seed): \(what())")
                } else {
                    XCTAssertEqual(text, String(value.p), "\(policy) seed \(seed): \(what())")
                    XCTAssertEqual(value.q, 1)
                }
            }
            var outputs = 0, fees = 0
            for r in try readCSV(oo) {
                let amount = Amount(r["amount"]!)!
                if r["kind"] == "out" {
                    outputs += 1
                    let x = try XCTUnwrap(e.outputs["\(r["tx_hash"]!):\(r["n"]!)"])
                    agree(r["tainted_amount"], x.taint, scale: amount, "output \(r["tx_hash"]!):\(r["n"]!)")
                    agree(r["carried_tainted"], x.carried, scale: amount, "carried \(r["tx_hash"]!):\(r["n"]!)")
                    XCTAssertEqual(r["source_marked"], x.marked ? "1" : "0")
                    XCTAssertEqual(r["spent_by"], x.spentBy, "\(policy) seed \(seed): spent_by of \(r["tx_hash"]!):\(r["n"]!)")
                } else {
                    fees += 1
                    let x = try XCTUnwrap(e.fees[r["tx_hash"]!])
                    XCTAssertEqual(amount, x.fee)
                    agree(r["tainted_amount"], x.taint, scale: amount, "fee of \(r["tx_hash"]!)")
                }
            }
            XCTAssertEqual(outputs, e.outputs.count)
            XCTAssertEqual(fees, e.fees.count)
            for r in try readCSV(oa) {
                let a = r["address"]!, scale = Amount(r["total_received"]!)! + Amount(r["prior_balance_injected"]!)!
                agree(r["tainted_received"], e.received[a] ?? .zero, scale: scale, "tainted_received of \(a)")
                agree(r["tainted_sent"], e.sent[a] ?? .zero, scale: scale, "tainted_sent of \(a)")
                agree(r["tainted_held"], e.held[a] ?? .zero, scale: scale, "tainted_held of \(a)")
            }
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sum))) as! [String: String]
            XCTAssertEqual(summary["created"], e.created.description, "\(policy) seed \(seed): created")
            let scale = e.created + file.transactions.reduce(Amount.zero) { $0 + $1.outputs.reduce(Amount.zero) { $0 + $1.amount } }
            agree(summary["fee_sink"], e.feeSink, scale: scale, "fee_sink")
            agree(summary["reabsorbed"], e.reabsorbed, scale: scale, "reabsorbed")
            agree(summary["held"], e.held.values.reduce(Rational.zero, +), scale: scale, "held")
        }
    }
}
