import FundTraceIngest
import FundTraceModel
import FundTraceTaint

/// Why the trace stopped at an endpoint (`endpoints.csv`'s `reason`).
public enum EndpointReason: String, Sendable, Codable, CaseIterable {
    /// A labelled service in a stop category (exchange wallet, sanctioned address …).
    case service
    /// A detected (or labelled) exchange deposit address: the address a freeze request names.
    case exchangeDeposit = "exchange_deposit"
    /// A followed address that still holds the taint at the end of the window.
    case held
    /// First reached after `--max-hops` hops.
    case hopLimit = "hop_limit"
    /// Reached only by transfers below `--min-value`.
    case belowMin = "below_min"
    /// More transfers than `--max-degree` (hot wallet, popular contract), or history outside the window: not followed.
    case incomplete
    case mixer
    case bridge
}

/// The outcome of `fundtrace trace`, written as `trace.json`.
public struct TraceResult: Sendable, Codable {
    public var tool = Loader.toolVersion
    /// The command that produced it, word by word, when run from the command line.
    public var command: [String]?
    /// The store it was computed from.
    public var store: String?
    public var direction: TraceDirection
    public var parameters: TraceParameters
    public var sources: [TraceSource]
    /// The block window swept on each chain.
    public var windows: [ChainWindow]
    /// Ledger keys the trace reached (taint received, or sources).
    public var nodes: [TraceNode]
    /// Transfers that carried taint (forward) or funding (backward).
    public var flows: [TraceFlow]
    public var endpoints: [TraceEndpoint]
    /// Per (chain, asset): taint created = at endpoints + fees + returned to sources.
    public var totals: [AssetTotals]
    public var statistics: TraceStatistics
    /// Swaps, bridges and mixers the trace carried taint across (docs/CROSSINGS.md).
    /// (Absent in traces written before crossings were followed.)
    public var crossings: [TraceCrossing]?
    /// Per source address and asset: what it sent and how much of that the
    /// trace attributes to the theft (absent in older traces).
    public var sourceAccounts: [TraceSourceAccount]?
    /// Crossings the trace considered and did not make, with why (absent in older traces).
    public var crossingsNotMade: [TraceCrossingNote]?
    /// What an investigator must know to read the result (unknown prior
    /// balance entered as clean, sources that taint nothing).
    public var warnings: [String]?

    public init(tool: String = Loader.toolVersion, command: [String]? = nil, store: String? = nil,
                direction: TraceDirection, parameters: TraceParameters, sources: [TraceSource],
                windows: [ChainWindow], nodes: [TraceNode], flows: [TraceFlow], endpoints: [TraceEndpoint],
                totals: [AssetTotals], statistics: TraceStatistics) {
        self.tool = tool
        self.command = command
        self.store = store
        self.direction = direction
        self.parameters = parameters
        self.sources = sources
        self.windows = windows
        self.nodes = nodes
        self.flows = flows
        self.endpoints = endpoints
        self.totals = totals
        self.statistics = statistics
    }
}

/// A swap, bridge or mixer crossing the trace considered for a tainted
/// transfer and did not make, and why: taint that stops at the service.
public struct TraceCrossingNote: Sendable, Codable, Equatable {
    public var kind: String
    public var chain: String
    public var txHash: String
    public var from: String
    /// The service's address.
    public var via: String
    public var asset: String
    public var amount: String
    public var reason: String
}

extension TraceResult {
    /// The largest number of decimals an asset can have: 10^77 < 2^256 ≤ 10^78.
    public static let maxDecimals = 77

    /// The first value a trace never holds (a hand-edited or damaged trace.json), as the key path that holds
    /// it; nil when every value is in range. Render and report read traces from files a person may have edited.
    public func firstOutOfRange() -> String? {
        func decimals(_ d: Int?) -> Bool { d.map { (0...Self.maxDecimals).contains($0) } ?? true }
        func time(_ t: Int64?) -> Bool { t.map { TraceTime.representable.contains($0) } ?? true }
        func amount(_ a: String) -> Bool {
            let whole = a.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            return !a.isEmpty && whole.count <= 2 && whole.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) } && a.utf8.count <= 100
        }
        for (i, t) in totals.enumerated() {
            if !decimals(t.decimals) { return "totals[\(i)].decimals" }
            if !amount(t.created) { return "totals[\(i)].created" }
        }
        for (i, n) in nodes.enumerated() {
            if !decimals(n.decimals) { return "nodes[\(i)].decimals" }
            if let h = n.hop, !(0...1_000_000).contains(h) { return "nodes[\(i)].hop" }
            for (k, v) in [("tainted_received", n.taintedReceived), ("tainted_held", n.taintedHeld)] where !v.isEmpty && !amount(v) { return "nodes[\(i)].\(k)" }
        }
        for (i, e) in endpoints.enumerated() {
            if !amount(e.taintedAmount) { return "endpoints[\(i)].tainted_amount" }
            if !time(e.firstTime) { return "endpoints[\(i)].first_time" }
            if !time(e.lastTime) { return "endpoints[\(i)].last_time" }
        }
        for (i, f) in flows.enumerated() {
            if !time(f.time) { return "flows[\(i)].time" }
            if !amount(f.tainted) { return "flows[\(i)].tainted" }
            if let h = f.hop, !(0...1_000_000).contains(h) { return "flows[\(i)].hop" }
        }
        for (i, x) in (crossings ?? []).enumerated() where !time(x.time) || !time(x.exitTime) { return "crossings[\(i)].time" }
        return nil
    }
}

/// How much of a source address's outflow a trace attributes to the theft.
///
/// A perpetrator's address (`whole_balance`) sends stolen value only: all of
/// it is attributed, including balance the store does not show it receiving.
/// A victim's or other `address` source taints only what it received from its
/// start block on; the rest of what it sent came from balance before that, or
/// from transfers the store does not hold, and enters as clean
/// (`unknown_prior_balance`).
public struct TraceSourceAccount: Sendable, Codable, Equatable {
    public var chain: String
    public var address: String
    public var asset: String
    /// `perpetrator` (whole_balance) or `address`.
    public var role: String
    /// Base units sent (fees excluded).
    public var sent: String
    /// Of `sent`, tainted.
    public var attributed: String
    /// Of `sent`, not tainted.
    public var unattributed: String
    /// Balance the key spent without the store showing it arrive (§3.6 injection).
    public var unknownPriorBalance: String

    /// What the reader must know when unknown prior balance of an `address` source entered as clean.
    public var unknownBalanceWarning: String? {
        guard role == "address", unknownPriorBalance != "0" else { return nil }
        return "source \(address) (\(chain) \(asset)) spent \(unknownPriorBalance) base units the store does not show it receiving "
            + "after its start block: they entered as clean, so \(unattributed) of the \(sent) it sent is not attributed to the theft "
            + "(trace it as a perpetrator, --role perpetrator or a whole_balance source, to attribute everything it sent)"
    }
}

/// One row of the sources given (the taint contract's §3.5 terms).
public struct TraceSource: Sendable, Codable, Equatable {
    public var type: String
    public var chain: String
    public var id: String
    public var asset: String?
    public var startBlock: UInt64?
}

public struct ChainWindow: Sendable, Codable, Equatable {
    public var chain: String
    public var firstBlock: UInt64
    public var lastBlock: UInt64
}

/// Role of a ledger key in a trace.
public enum NodeRole: String, Sendable, Codable {
    case source
    /// Followed: its whole history in the window was swept.
    case followed
    /// Not followed; see the endpoint reason.
    case endpoint
}

public struct TraceNode: Sendable, Codable, Equatable {
    public var chain: String
    public var address: String
    public var asset: String
    public var symbol: String?
    public var decimals: Int?
    public var role: NodeRole
    /// Set for `endpoint` nodes.
    public var reason: EndpointReason?
    /// Hops from the nearest source along tainted (forward) or funding (backward) transfers.
    public var hop: Int?
    public var category: LabelCategory?
    public var label: String?
    /// Base units; decimal text (haircut values that are not whole print with nine decimals).
    public var taintedReceived: String
    public var taintedSent: String
    public var taintedHeld: String
    public var balance: String

    public init(chain: String, address: String, asset: String, symbol: String? = nil, decimals: Int? = nil,
                role: NodeRole, reason: EndpointReason? = nil, hop: Int? = nil, category: LabelCategory? = nil,
                label: String? = nil, taintedReceived: String, taintedSent: String, taintedHeld: String,
                balance: String) {
        self.chain = chain
        self.address = address
        self.asset = asset
        self.symbol = symbol
        self.decimals = decimals
        self.role = role
        self.reason = reason
        self.hop = hop
        self.category = category
        self.label = label
        self.taintedReceived = taintedReceived
        self.taintedSent = taintedSent
        self.taintedHeld = taintedHeld
        self.balance = balance
    }
}

public struct TraceFlow: Sendable, Codable, Equatable {
    public var chain: String
    public var txHash: String
    public var block: UInt64
    public var time: Int64?
    public var logIndex: UInt64
    public var kind: String
    public var from: String
    public var to: String
    public var asset: String
    public var amount: String
    /// Taint carried (forward); the amount itself (backward).
    public var tainted: String
    /// Hop of the recipient along this transfer.
    public var hop: Int?

    public init(chain: String, txHash: String, block: UInt64, time: Int64? = nil, logIndex: UInt64, kind: String,
                from: String, to: String, asset: String, amount: String, tainted: String, hop: Int? = nil) {
        self.chain = chain
        self.txHash = txHash
        self.block = block
        self.time = time
        self.logIndex = logIndex
        self.kind = kind
        self.from = from
        self.to = to
        self.asset = asset
        self.amount = amount
        self.tainted = tainted
        self.hop = hop
    }
}

public struct TraceEndpoint: Sendable, Codable, Equatable {
    public static let csvHeader = ["chain", "address", "category", "label", "asset", "tainted_amount", "first_tx", "last_tx",
                                   "first_time", "last_time", "reason"]
    public var chain: String
    public var address: String
    public var category: String
    public var label: String
    public var asset: String
    public var taintedAmount: String
    public var firstTx: String
    public var lastTx: String
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var reason: EndpointReason
    /// Why the attribution holds, in words, starting with the stop rule that ended the trace here.
    public var evidence: String
    /// Every label of the address, most specific first, as `label [category; source]` (absent in older traces).
    public var labels: [String]?

    var csvRow: [String] {
        [chain, address, category, label, asset, taintedAmount, firstTx, lastTx,
         firstTime.map(TraceTime.iso8601) ?? "", lastTime.map(TraceTime.iso8601) ?? "", reason.rawValue]
    }

    public init(chain: String, address: String, category: String, label: String, asset: String,
                taintedAmount: String, firstTx: String, lastTx: String, firstTime: Int64? = nil,
                lastTime: Int64? = nil, reason: EndpointReason, evidence: String, labels: [String]? = nil) {
        self.labels = labels
        self.chain = chain
        self.address = address
        self.category = category
        self.label = label
        self.asset = asset
        self.taintedAmount = taintedAmount
        self.firstTx = firstTx
        self.lastTx = lastTx
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.reason = reason
        self.evidence = evidence
    }
}

public struct AssetTotals: Sendable, Codable, Equatable {
    public var chain: String
    public var asset: String
    public var symbol: String?
    public var decimals: Int?
    /// Taint leaving the sources (marked transfers and `whole_balance` sends).
    public var created: String
    public var atEndpoints: String
    public var feeSink: String
    /// Taint that came back into a source (re-marked or absorbed).
    public var returnedToSources: String
    /// Taint of this asset that entered crossings (swaps, bridges, linked
    /// mixer deposits), and taint of it that came out of them (converted from
    /// the entry leg's asset); nil when none.
    public var crossedOut: String?
    public var crossedIn: String?
    /// created + crossedIn = atEndpoints + feeSink + returnedToSources + crossedOut (exactly, or
    /// within the contract's haircut tolerance); false for poison, which is not conserving.
    public var reconciled: Bool

    public init(chain: String, asset: String, symbol: String? = nil, decimals: Int? = nil, created: String,
                atEndpoints: String, feeSink: String, returnedToSources: String, reconciled: Bool) {
        self.chain = chain
        self.asset = asset
        self.symbol = symbol
        self.decimals = decimals
        self.created = created
        self.atEndpoints = atEndpoints
        self.feeSink = feeSink
        self.returnedToSources = returnedToSources
        self.reconciled = reconciled
    }
}

/// A service the trace carried taint across: a DEX swap (same transaction),
/// a bridge (deposit on one chain, payout on another) or a linked mixer
/// deposit and withdrawal. The exit leg's taint is the entry leg's, converted
/// at the crossing's own rate and scaled by the confidence.
public struct TraceCrossing: Sendable, Codable, Equatable {
    /// swap, bridge or mixer.
    public var kind: String
    public var chain: String
    public var txHash: String
    public var time: Int64?
    /// Who put value in (trader, depositor).
    public var from: String
    /// The service (pool, bridge, mixer) and its label.
    public var via: String
    public var viaLabel: String
    public var entryAsset: String
    public var entryAmount: String
    public var entryTainted: String
    public var exitChain: String
    public var exitTxHash: String
    public var exitTime: Int64?
    /// Who got value out.
    public var to: String
    public var exitAsset: String
    public var exitAmount: String
    /// ⌊entryTainted · exitAmount / entryAmount · confidence⌋.
    public var exitTainted: String
    /// Why the two legs belong together (heuristic and what it saw).
    public var evidence: String
    /// 0…1: the share of the converted taint carried on.
    public var confidence: Double

    public init(kind: String, chain: String, txHash: String, time: Int64?, from: String, via: String, viaLabel: String,
                entryAsset: String, entryAmount: String, entryTainted: String, exitChain: String, exitTxHash: String,
                exitTime: Int64?, to: String, exitAsset: String, exitAmount: String, exitTainted: String,
                evidence: String, confidence: Double) {
        self.kind = kind; self.chain = chain; self.txHash = txHash; self.time = time; self.from = from; self.via = via
        self.viaLabel = viaLabel; self.entryAsset = entryAsset; self.entryAmount = entryAmount; self.entryTainted = entryTainted
        self.exitChain = exitChain; self.exitTxHash = exitTxHash; self.exitTime = exitTime; self.to = to
        self.exitAsset = exitAsset; self.exitAmount = exitAmount; self.exitTainted = exitTainted
        self.evidence = evidence; self.confidence = confidence
    }
}

public struct TraceStatistics: Sendable, Codable, Equatable {
    public var keysReached = 0
    public var addressesFollowed = 0
    public var transfersRead = 0
    public var transfersSwept = 0
    /// Transfers from an endpoint back into a followed address (exchange
    /// withdrawals, mixer payouts): swept as clean, the endpoint keeps its taint.
    public var reentries = 0
    /// Source rules naming a chain, address or transaction the store does
    /// not hold (they taint nothing): their number, and the rules as
    /// `type chain id [asset]` (absent in traces written before it existed).
    public var unresolvedSources = 0
    public var unresolvedSourceRules: [String]? = nil
    /// Wall time of the whole trace, and of its discovery and sweep phases.
    public var seconds = 0.0
    public var discoverySeconds = 0.0
    public var sweepSeconds = 0.0

    public init(keysReached: Int = 0, addressesFollowed: Int = 0, transfersRead: Int = 0, transfersSwept: Int = 0,
                reentries: Int = 0, unresolvedSources: Int = 0, seconds: Double = 0.0,
                discoverySeconds: Double = 0.0, sweepSeconds: Double = 0.0) {
        self.keysReached = keysReached
        self.addressesFollowed = addressesFollowed
        self.transfersRead = transfersRead
        self.transfersSwept = transfersSwept
        self.reentries = reentries
        self.unresolvedSources = unresolvedSources
        self.seconds = seconds
        self.discoverySeconds = discoverySeconds
        self.sweepSeconds = sweepSeconds
    }
}

/// ISO-8601 UTC times for reports.
public enum TraceTime {
    /// Years 0000–9999: a time outside them (a hand-edited file, a bad row) prints as its number of seconds.
    public static let representable: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    public static func iso8601(_ t: Int64) -> String {
        guard representable.contains(t) else { return "unix time \(t) (outside years 0000–9999)" }
        return CivilDate(unixTime: t).iso8601
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]Z` (UTC) to Unix seconds.
    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { "-T:Z ".contains($0) }).map { Int64($0) }
        guard parts.count >= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        let p = parts.map { $0! }
        let (y0, m, d) = (p[0], p[1], p[2])
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let h = p.count > 3 ? p[3] : 0, mi = p.count > 4 ? p[4] : 0, s = p.count > 5 ? p[5] : 0
        return days * 86_400 + h * 3600 + mi * 60 + s
    }
}
