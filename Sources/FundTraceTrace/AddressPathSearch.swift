import FundTraceModel
import FundTraceStore

/// The shortest chain of transfers from one address to another: a search from both ends at once (the
/// sender's outgoing transfers forward, the receiver's incoming transfers backward, the smaller frontier
/// first), within a window and a depth, passing through no address with more than `maxDegree` transfers on
/// the side it is crossed (exchanges and other hot wallets join everyone to everyone, and would answer every
/// question with a meaningless path).
///
/// Cost: at most `maxExplored` addresses read, each one index range of at most `maxDegree + 1` rows.
/// The path follows transfers' direction but not their order in time: it says who paid whom, not that the
/// same coins moved along it (the trace says that).
public struct AddressPathSearch {
    public struct Found: Sendable, Equatable {
        /// Address ids from the start to the end; empty when there is none within the limits.
        public var path: [Int64]
        /// Addresses whose transfers were read.
        public var explored: Int
        /// Addresses not crossed for their degree.
        public var skippedForDegree: [Int64]
    }

    public var filter: ActivityFilter
    public var maxDepth: Int
    public var maxDegree: Int
    public var maxExplored = 5_000

    public init(filter: ActivityFilter, maxDepth: Int, maxDegree: Int) {
        self.filter = filter; self.maxDepth = maxDepth; self.maxDegree = maxDegree
    }

    public func shortest(from start: Int64, to end: Int64, reader: StoreReader) throws -> Found {
        if start == end { return Found(path: [start], explored: 0, skippedForDegree: []) }
        let activity = AddressActivity(reader: reader)
        // Each side: address → the neighbour it was reached from (itself for the side's origin).
        var forward: [Int64: Int64] = [start: start], backward: [Int64: Int64] = [end: end]
        var forwardFrontier = [start], backwardFrontier = [end]
        var depth = 0, explored = 0
        var skipped: [Int64] = []
        while depth < maxDepth, !forwardFrontier.isEmpty, !backwardFrontier.isEmpty, explored < maxExplored {
            let goForward = forwardFrontier.count <= backwardFrontier.count
            var next: [Int64] = []
            for u in goForward ? forwardFrontier : backwardFrontier where explored < maxExplored {
                explored += 1
                let rows = try activity.newest(of: u, side: goForward ? .outgoing : .incoming, filter: filter, limit: maxDegree + 1)
                if rows.count > maxDegree && u != start && u != end { skipped.append(u); continue }
                for o in rows where o.row.success && !o.row.amount.isZero {
                    let v = goForward ? o.row.toID : o.row.fromID
                    if goForward ? forward[v] != nil : backward[v] != nil { continue }
                    if goForward { forward[v] = u } else { backward[v] = u }
                    next.append(v)
                    if (goForward ? backward[v] : forward[v]) != nil {
                        return Found(path: Self.join(at: v, forward, backward), explored: explored, skippedForDegree: skipped)
                    }
                }
            }
            if goForward { forwardFrontier = next } else { backwardFrontier = next }
            depth += 1
        }
        return Found(path: [], explored: explored, skippedForDegree: skipped)
    }

    /// The path through the meeting address `m`: back to the start along `forward`, on to the end along `backward`.
    static func join(at m: Int64, _ forward: [Int64: Int64], _ backward: [Int64: Int64]) -> [Int64] {
        var head = [m]
        while let p = forward[head.last!], p != head.last! { head.append(p) }
        var tail: [Int64] = []
        var c = m
        while let n = backward[c], n != c { tail.append(n); c = n }
        return head.reversed() + tail
    }
}
