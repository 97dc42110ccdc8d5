import FundTraceModel

/// A run of `count` units that are all tainted or all clean: the element of
/// the FIFO/LIFO segment lists of the taint contract (§2).
public struct Segment: Sendable, Equatable {
    public var count: Amount
    public var tainted: Bool
    public init(_ count: Amount, tainted: Bool) { self.count = count; self.tainted = tainted }
}

extension Array where Element == Segment {
    /// Appends a segment, merging it into the last one when of the same kind.
    mutating func appendMerging(_ s: Segment) {
        if s.count.isZero { return }
        if let last = self.last, last.tainted == s.tainted {
            self[count - 1].count = last.count + s.count
        } else {
            append(s)
        }
    }

    /// Tainted units in the list.
    var taintedUnits: Amount {
        var t = Amount.zero
        for s in self where s.tainted { t += s.count }
        return t
    }
}
