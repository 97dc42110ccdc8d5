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

/// Work written once, generic over the account policy, and run with the policy a ``TaintPolicy`` value names:
/// `try policy.run(work)` opens the specialised engine here, in one place, instead of a `switch` at every caller.
///
///     struct CountHeld: AccountPolicyWork {
///         func run<P: AccountTaintPolicy>(_ policy: P.Type) throws -> Int { AccountTaintEngine<P>().keyCount }
///     }
///     let n = try TaintPolicy.fifo.run(CountHeld())
public protocol AccountPolicyWork {
    associatedtype Output
    /// `Never` for work that cannot fail (then `policy.run(work)` needs no `try`).
    associatedtype Failure: Error = any Error
    func run<P: AccountTaintPolicy>(_ policy: P.Type) throws(Failure) -> Output
}

extension TaintPolicy {
    /// `work`, specialised for this policy's engine. Inlinable, so that the caller's module sees which work runs
    /// with which policy and specialises the hot loops (through a witness table they would run unspecialised).
    @inlinable
    public func run<W: AccountPolicyWork>(_ work: W) throws(W.Failure) -> W.Output {
        switch self {
        case .poison: return try work.run(PoisonPolicy.self)
        case .haircut: return try work.run(HaircutPolicy.self)
        case .fifo: return try work.run(FIFOPolicy.self)
        case .lifo: return try work.run(LIFOPolicy.self)
        case .tiho: return try work.run(TIHOPolicy.self)
        }
    }
}
