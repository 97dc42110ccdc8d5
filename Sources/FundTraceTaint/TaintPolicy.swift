/// The taint-propagation policies of the taint contract (TAINT_SEMANTICS.md §3.8, §4.5).
public enum TaintPolicy: String, CaseIterable, Sendable, Codable {
    /// Any taint taints everything the holder sends, for good (sticky). Not conserving.
    case poison
    /// Taint spreads in proportion to value.
    case haircut
    /// First in, first out (Clayton's case) per ledger key.
    case fifo
    /// Last in, first out per ledger key.
    case lifo
    /// Taint in, highest out; in the account model, taint leaves first.
    case tiho

    /// Whether the policy conserves taint (laws L1–L3 hold).
    public var isConserving: Bool { self != .poison }
}
