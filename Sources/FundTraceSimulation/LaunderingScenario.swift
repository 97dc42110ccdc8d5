import Foundation
import FundTraceIngest
import FundTraceModel

/// A second, independently designed family of synthetic thefts, to measure
/// whether the tracer's heuristics hold on data they were not built around
/// (`fundtrace simulate laundering`). Unlike ``CoinStatsScenario`` every world
/// parameter is drawn from the seed:
///
/// - 2–3 EVM chains with random names (some unknown to FundTrace, so their
///   native decimals are unknown too), block times and gas-price habits;
/// - a stablecoin per chain under its symbol, with 6 or 18 decimals that no
///   input states (the canonical CSV carries none);
/// - 3–6 exchanges per chain whose deposit addresses sweep to a hot wallet
///   after a random delay, sometimes after a gas top-up from the exchange;
/// - one bridge per chain whose fee is a rate with a fixed minimum, paying out
///   after a random delay to the depositor's own address or a fresh one, used
///   by many innocent users with similar amounts;
/// - a fixed-denomination mixer on one chain with a random share of
///   withdrawals sent through a relayer, used by innocent users too;
/// - the laundering: drainers, optional consolidation and swaps, splits, peel
///   chains of random length and peel ratio, bridge hops, mixer rounds and
///   cash-out into the attacker's exchange accounts, reused across deposits.
///
/// Writes into a case folder: `transfers.csv` (canonical account CSV with a
/// `gas_price` column), `pool-events.csv`, `labels.csv` (services only),
/// `sources.csv` (the theft transfers) and `truth/` (``GroundTruth``).
public struct LaunderingScenario: Sendable {
    public enum Scale: String, Sendable, CaseIterable {
        /// 40–120 victims, a few hundred innocent users per chain.
        case small
        /// About 1,590 victims (the CoinStats count) and a few thousand innocent users per chain.
        case coinstats

        var victims: ClosedRange<Int> { self == .small ? 40...120 : 1_400...1_700 }
        var users: ClosedRange<Int> { self == .small ? 250...450 : 2_500...3_500 }
    }

    public struct Summary: Sendable, Codable {
        public var seed: UInt64
        public var scale: String
        public var chains: [String]
        public var transfers: Int
        public var victims: Int
        public var cashoutAddresses: Int
        public var parameters: [String: String]
    }

    public var seed: UInt64
    public var scale: Scale

    public init(seed: UInt64, scale: Scale = .small) { self.seed = seed; self.scale = scale }

    public func generate(to dir: String) throws -> Summary {
        let world = LaunderingWorld(seed: seed, scale: scale)
        world.run()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        try world.writeTransfers(to: path("transfers.csv"))
        try world.writePoolEvents(to: path("pool-events.csv"))
        try world.writeLabels(to: path("labels.csv"))
        try world.writeSources(to: path("sources.csv"))
        let truth = world.truth()
        try truth.write(to: path("truth"))
        let summary = Summary(seed: seed, scale: scale.rawValue, chains: world.chains.map(\.name), transfers: world.rows.count,
                              victims: world.victimCount, cashoutAddresses: Set(truth.cashouts.map { $0.chain + $0.address }).count,
                              parameters: world.parameterSummary())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(summary).write(to: URL(fileURLWithPath: path("truth/summary.json")))
        return summary
    }
}
