import FundTraceModel
import FundTraceTaint

/// Which way an investigation follows value.
public enum TraceDirection: String, Sendable, Codable, CaseIterable {
    /// Where did the stolen funds go (taint propagation from the sources).
    case forward
    /// Where did the funds of these addresses come from (attribution).
    case backward
}

/// A block window for one chain, or a time window resolved per chain.
public enum TraceBound: Sendable, Equatable, Codable {
    case block(UInt64)
    /// Unix seconds.
    case time(Int64)
}

/// How a trace treats a mixer pool (addresses labelled `mixer`).
public enum MixerMode: String, Sendable, Codable, CaseIterable {
    /// The pool is an endpoint (`reason=mixer`).
    case stop
    /// The pool is an ordinary address: taint dilutes in it as the contract says.
    case pool
    /// Deposits linked to withdrawals by the de-anonymisation heuristics go on
    /// to the recipient with taint scaled by the link's confidence; the rest stops at the pool.
    case link
}

/// Everything that shapes an investigation, with the defaults `fundtrace trace` documents.
public struct TraceParameters: Sendable, Codable {
    public var policy: TaintPolicy = .haircut
    public var direction: TraceDirection = .forward
    /// Addresses first reached after this many hops are endpoints (`hop_limit`), not followed.
    public var maxHops = 20
    /// Transfers smaller than this (base units) are not followed; their recipients end as `below_min`.
    public var minValue = Amount.zero
    public var since: TraceBound?
    public var until: TraceBound?
    /// Categories at which the trace stops (the address is an endpoint, not followed).
    public var stopAt: Set<LabelCategory> = [.exchange, .exchangeDeposit, .bridge, .mixer, .sanctioned, .dex]
    /// Addresses with more transfers than this in the window (hot wallets,
    /// popular contracts) are not followed and are flagged `incomplete`.
    public var maxDegree = 5_000
    /// An unlabelled address that forwards what it receives to one exchange's
    /// labelled wallets within this many seconds is that exchange's deposit address.
    public var depositWindow: Int64 = 3 * 86_400
    /// Share of an address's outgoing transfers that must go to one exchange
    /// for it to count as that exchange's deposit address.
    public var depositShare = 0.9
    /// A bridge deposit is linked to a payout on another chain made within this
    /// many seconds, of the same symbol and an amount at most `bridgeMaxFee` less.
    public var bridgeWindow: Int64 = 2 * 3_600
    public var bridgeMaxFee = 0.01
    public var mixerMode = MixerMode.link

    public init() {}
}
