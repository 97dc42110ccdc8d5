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
    /// The trace stops with ``TraceTooLarge`` when it reaches more (address, asset) keys than this, or would
    /// sweep more transfers than ``maxTransfers``: together they bound its memory on any store.
    public var maxAddresses = 500_000
    public var maxTransfers = 2_000_000
    /// An unlabelled address that forwards what it receives to one exchange's
    /// labelled wallets within this many seconds is that exchange's deposit address.
    public var depositWindow: Int64 = 3 * 86_400
    /// Share of an address's outgoing transfers that must go to one exchange
    /// for it to count as that exchange's deposit address.
    public var depositShare = 0.9
    /// A bridge deposit is linked to a payout on another chain made within this
    /// many seconds, of the same symbol and an amount at most `bridgeMaxFee` less.
    public var bridgeWindow: Int64 = 2 * 3_600
    public var bridgeMaxFee = 0.05
    public var mixerMode = MixerMode.link
    /// Decimals of assets whose metadata the store lacks, by `chain:asset`, asset code or symbol (`--decimals`).
    public var decimals: [String: Int] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case policy, direction, maxHops, minValue, since, until, stopAt, maxDegree, depositWindow, depositShare
        case bridgeWindow, bridgeMaxFee, mixerMode, decimals, maxAddresses, maxTransfers
    }

    /// Reads a trace.json's parameters; a field an older FundTrace did not
    /// write (bridges, mixer mode) takes its default, so older traces still render and report.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TraceParameters()
        policy = try c.decodeIfPresent(TaintPolicy.self, forKey: .policy) ?? d.policy
        direction = try c.decodeIfPresent(TraceDirection.self, forKey: .direction) ?? d.direction
        maxHops = try c.decodeIfPresent(Int.self, forKey: .maxHops) ?? d.maxHops
        minValue = try c.decodeIfPresent(Amount.self, forKey: .minValue) ?? d.minValue
        since = try c.decodeIfPresent(TraceBound.self, forKey: .since)
        until = try c.decodeIfPresent(TraceBound.self, forKey: .until)
        stopAt = try c.decodeIfPresent(Set<LabelCategory>.self, forKey: .stopAt) ?? d.stopAt
        maxDegree = try c.decodeIfPresent(Int.self, forKey: .maxDegree) ?? d.maxDegree
        depositWindow = try c.decodeIfPresent(Int64.self, forKey: .depositWindow) ?? d.depositWindow
        depositShare = try c.decodeIfPresent(Double.self, forKey: .depositShare) ?? d.depositShare
        bridgeWindow = try c.decodeIfPresent(Int64.self, forKey: .bridgeWindow) ?? d.bridgeWindow
        bridgeMaxFee = try c.decodeIfPresent(Double.self, forKey: .bridgeMaxFee) ?? d.bridgeMaxFee
        mixerMode = try c.decodeIfPresent(MixerMode.self, forKey: .mixerMode) ?? d.mixerMode
        decimals = try c.decodeIfPresent([String: Int].self, forKey: .decimals) ?? [:]
        maxAddresses = try c.decodeIfPresent(Int.self, forKey: .maxAddresses) ?? d.maxAddresses
        maxTransfers = try c.decodeIfPresent(Int.self, forKey: .maxTransfers) ?? d.maxTransfers
    }

    /// Writes the stop categories sorted, so the same trace gives the same trace.json.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policy, forKey: .policy)
        try c.encode(direction, forKey: .direction)
        try c.encode(maxHops, forKey: .maxHops)
        try c.encode(minValue, forKey: .minValue)
        try c.encodeIfPresent(since, forKey: .since)
        try c.encodeIfPresent(until, forKey: .until)
        try c.encode(stopAt.sorted { $0.rawValue < $1.rawValue }, forKey: .stopAt)
        try c.encode(maxDegree, forKey: .maxDegree)
        try c.encode(depositWindow, forKey: .depositWindow)
        try c.encode(depositShare, forKey: .depositShare)
        try c.encode(bridgeWindow, forKey: .bridgeWindow)
        try c.encode(bridgeMaxFee, forKey: .bridgeMaxFee)
        try c.encode(mixerMode, forKey: .mixerMode)
        if !decimals.isEmpty { try c.encode(decimals, forKey: .decimals) }
        try c.encode(maxAddresses, forKey: .maxAddresses)
        try c.encode(maxTransfers, forKey: .maxTransfers)
    }
}
