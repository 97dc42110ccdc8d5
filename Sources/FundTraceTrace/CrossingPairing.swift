import FundTraceModel
import FundTraceStore

/// Where a crossing's legs are swept (docs/CROSSINGS.md): the entry leg reaches the service clean and its taint,
/// converted, goes on with the exit leg. A swap's legs share a transaction and are swept together, whichever
/// comes first; a bridge's or mixer's exit leg comes later and is swept in its place, with every entry that
/// feeds it. Pure bookkeeping over transfer ids: the sweep asks it what each row is.
struct CrossingPairing<Feed> {
    /// What the sweep does with a row.
    enum Step {
        /// Not part of a crossing (or an exit swept before its entry, when there are no times to order chains by).
        case ordinary
        /// Already swept with its crossing.
        case skip
        /// An entry leg: sweep it; a swap's exit is swept right after it, a later exit waits (``wait(_:_:units:hops:)``).
        case enter(TraceGraph.Crossing)
        /// A swap whose pool leg came first in the transaction: sweep its entry, then this exit.
        case swapExitFirst(TraceGraph.Crossing)
        /// An exit leg whose entries were swept: sweep it with what they carry.
        case exit(Waiting)
    }

    /// What waits for an exit leg: the converted units, the lowest hop, and what each crossing fed.
    struct Waiting {
        var units = Amount.zero
        var hops = Int32.max
        var feeds: [(crossing: TraceGraph.Crossing, feed: Feed)] = []
    }

    private let crossings: [Int64: TraceGraph.Crossing]
    private var entriesOfExit: [Int64: [Int64]] = [:]
    private var entered = Set<Int64>(), exited = Set<Int64>()
    private var waiting: [Int64: Waiting] = [:]

    init(_ crossings: [Int64: TraceGraph.Crossing]) {
        self.crossings = crossings
        for (entry, x) in crossings { entriesOfExit[x.exit.row.id, default: []].append(entry) }
    }

    /// What `t` is. Rows a source marks are never crossing legs: their taint is created where they are.
    mutating func step(_ t: TransferRow, isMarked: (TransferRow) -> Bool) -> Step {
        if let x = crossings[t.id], !isMarked(t) {
            guard entered.insert(t.id).inserted else { return .skip }
            if x.kind == .swap { exited.insert(x.exit.row.id) }
            return .enter(x)
        }
        guard let entries = entriesOfExit[t.id] else { return .ordinary }
        if exited.contains(t.id) { return .skip }
        if let x = entries.compactMap({ crossings[$0] }).first(where: { $0.kind == .swap }), !isMarked(x.entry.row),
           entered.insert(x.entry.row.id).inserted {
            exited.insert(t.id)
            return .swapExitFirst(x)
        }
        if let w = waiting.removeValue(forKey: t.id) {
            exited.insert(t.id)
            return .exit(w)
        }
        return .ordinary
    }

    /// A bridge or mixer entry was swept: its converted `units` wait for the exit leg.
    mutating func wait(_ x: TraceGraph.Crossing, _ feed: Feed, units: Amount, hops: Int32) {
        var w = waiting[x.exit.row.id] ?? Waiting()
        w.units = w.units.saturatingAdd(units)
        w.hops = min(w.hops, hops)
        w.feeds.append((x, feed))
        waiting[x.exit.row.id] = w
    }
}
