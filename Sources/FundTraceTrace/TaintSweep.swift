import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTaintAdapters

/// The taint engine's sweep over an investigation's transfers, in store order: ordinary transfers, and the
/// legs of crossings where ``CrossingPairing`` places them. What it records — tainted flows, the first and last
/// tainted transfer into each key, the crossings made, the per-asset tally — becomes the trace result in
/// ``TraceAssembly``.
final class TaintSweep<P: AccountTaintPolicy> {
    typealias Q = P.Quantity
    /// What a crossing's entry fed its exit: the taint it carried in, and the converted units.
    typealias Feed = (entryTainted: Q, units: Amount)

    let keys: SweepKeys<P>
    var engine: AccountTaintEngine<P> { keys.engine }
    private(set) var flows: [(row: OrderedTransferRow, tainted: Q, hop: Int32)] = []
    private(set) var tally = SweepTally<Q>()
    private(set) var firstTainted: [Int: Int64] = [:], lastTainted: [Int: Int64] = [:]
    private(set) var crossed: [(crossing: TraceGraph.Crossing, entryTainted: Q, exitTainted: Amount)] = []
    private let sources: ResolvedSources

    init(sources: ResolvedSources, graph: TraceGraph) {
        self.sources = sources
        keys = SweepKeys(sources: sources, graph: graph)
    }

    /// Sweeps `rows` (store order) with the crossings of `graph`.
    func run(_ rows: [OrderedTransferRow], crossings: [Int64: TraceGraph.Crossing]) {
        var pairing = CrossingPairing<Feed>(crossings)
        for r in rows {
            switch pairing.step(r.row, isMarked: sources.isMarked) {
            case .skip: continue
            case .ordinary: transfer(r)
            case .enter(let x):
                let e = enter(x)
                if x.kind == .swap { exit(x.exit, units: e.units, hops: e.hops, feeds: [(x, (e.tainted, e.units))]) } else {
                    pairing.wait(x, (e.tainted, e.units), units: e.units, hops: e.hops)
                }
            case .swapExitFirst(let x):
                let e = enter(x)
                exit(r, units: e.units, hops: e.hops, feeds: [(x, (e.tainted, e.units))])
            case .exit(let w): exit(r, units: w.units, hops: w.hops, feeds: w.feeds)
            }
        }
    }

    /// An ordinary transfer (a source's marked transfer creates taint; a whole-balance source's sends all count).
    private func transfer(_ r: OrderedTransferRow) {
        let t = r.row
        let kf = keys.sender(t), kr = keys.key(t.toID, t)
        let wholeSender = engine.record(kf).wholeBalanceSource
        let out = engine.process(from: kf, to: kr, amount: t.amount, fee: t.fee, marked: sources.isMarked(t))
        tally.update(t.assetID) { a in
            if out.marked { a.created = a.created.saturatingAdd(t.amount) }
            if wholeSender { a.created = a.created.saturatingAdd(t.amount.saturatingAdd(t.fee)) }
            if !out.feeTainted.isZero { a.feeSink = a.feeSink + out.feeTainted }
            if out.marked && !out.carried.isZero { a.returned = a.returned + out.carried }
            if out.absorbed && !out.carried.isZero { a.returned = a.returned + out.carried }
        }
        if !out.tainted.isZero { record(r, out.tainted, into: kr) }
    }

    /// A crossing's entry leg: it reaches the service clean; what it carried, converted to the exit's units (a
    /// mixer link's scaled by its confidence; a bridge's whole, its confidence reported beside it).
    private func enter(_ x: TraceGraph.Crossing) -> (units: Amount, hops: Int32, tainted: Q) {
        let g = x.entry.row
        let kf = keys.sender(g), kp = keys.key(g.toID, g)
        let hops = engine.record(kf).hops
        let out = engine.processCrossingEntry(.init(from: kf, to: kp, amount: g.amount, fee: g.fee))
        tally.update(g.assetID) { a in
            if !out.feeTainted.isZero { a.feeSink = a.feeSink + out.feeTainted }
            if !out.carried.isZero { a.crossedOut = a.crossedOut + out.carried }
        }
        if !out.carried.isZero { flows.append((x.entry, out.carried, engine.record(kp).hops)) }
        var units = SwapConversion.convert(out.carried.floorAmount, from: g.amount, to: x.exit.row.amount)
        if x.kind == .mixer && x.confidence < 1000 {
            units = units.multipliedReportingOverflow(by: UInt64(x.confidence)).partialValue.quotientAndRemainder(dividingBy: 1000).quotient
        }
        return (units, hops == .max ? hops : hops + 1, out.carried)
    }

    /// A crossing's exit leg, carrying `units` converted in by the crossings that feed it.
    private func exit(_ o: OrderedTransferRow, units: Amount, hops: Int32, feeds: [(crossing: TraceGraph.Crossing, feed: Feed)]) {
        let b = o.row
        let kq = keys.key(b.fromID, b), kt = keys.key(b.toID, b)
        let out = engine.processCrossingExit(.init(from: kq, to: kt, amount: b.amount, fee: b.fee), units: units, hops: hops)
        tally.update(b.assetID) { y in
            if !out.feeTainted.isZero { y.feeSink = y.feeSink + out.feeTainted }
            // Converted in: what the recipient got beyond the service's own carried taint.
            let delivered = out.tainted.floorAmount, own = out.carried.floorAmount
            if own < delivered { y.crossedIn = y.crossedIn.saturatingAdd(delivered - own) }
        }
        if !out.tainted.isZero { record(o, out.tainted, into: kt) }
        for (x, f) in feeds where !f.entryTainted.isZero || !f.units.isZero { crossed.append((x, f.entryTainted, f.units)) }
    }

    private func record(_ r: OrderedTransferRow, _ tainted: Q, into k: Int) {
        flows.append((r, tainted, engine.record(k).hops))
        if firstTainted[k] == nil { firstTainted[k] = r.row.txID }
        lastTainted[k] = r.row.txID
    }
}
