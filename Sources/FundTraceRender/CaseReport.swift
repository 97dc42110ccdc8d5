import Foundation
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTrace

/// What `fundtrace report` tells a police officer or a compliance desk, in
/// one value that the HTML, Markdown, JSON and CSV writers share: the case
/// (sources, stolen amounts, policy), where the value ended (endpoints with
/// transaction hashes, times and the rule that attributes them), the flow
/// hop by hop, the mixer / bridge / deposit crossings, how the endpoints
/// change under other policies, and the provenance needed to reproduce it.
public struct CaseReport: Sendable, Codable {
    public struct Amounts: Sendable, Codable {
        public var chain: String
        public var asset: String
        public var symbol: String?
        /// Base units.
        public var amount: String
        /// Human units with the symbol, when decimals are known.
        public var display: String
        /// USD value on the day the theft began, when prices are given.
        public var usd: Double?
    }

    public struct Endpoint: Sendable, Codable {
        public var endpoint: TraceEndpoint
        /// Holds at least the freeze list's share of the taint created in its asset (else: dust, in the appendix).
        public var material: Bool
        public var display: String
        /// USD value on the day of its last tainted transfer, when prices are given.
        public var usd: Double?
        public var addressURL: String?
        public var firstTxURL: String?
        public var lastTxURL: String?
    }

    public struct Hop: Sendable, Codable {
        public var hop: Int
        public var chain: String
        public var asset: String
        public var transfers: Int
        public var tainted: String
        public var display: String
    }

    public struct Crossing: Sendable, Codable {
        /// swap, bridge, mixer link (carried across), or mixer, bridge, exchange_deposit (stopped at).
        public var kind: String
        public var chain: String
        public var address: String
        public var label: String
        public var asset: String
        public var tainted: String
        public var heuristic: String
        public var evidence: String
        public var confidence: String
    }

    public struct Comparison: Sendable, Codable {
        public var chain: String
        public var address: String
        public var asset: String
        public var label: String
        /// Policy → tainted amount at this endpoint (base units; absent: not an endpoint under that policy).
        public var amounts: [String: String]
    }

    public struct Provenance: Sendable, Codable {
        public var tool: String
        public var traceCommand: [String]?
        public var reportCommand: [String]
        public var store: String?
        public var storeBytes: Int64?
        /// SHA-256 over the sorted SHA-256s of every file loaded: the store's content identity.
        public var storeFingerprint: String?
        public var loads: [LoadRecord]
        /// The label files imported into the store: the labels that decided the endpoints came from them.
        public var labelFiles: [LabelFileRecord]?
    }

    public var title: String
    public var generated: String
    public var direction: TraceDirection
    public var parameters: TraceParameters
    public var sources: [TraceSource]
    public var windows: [ChainWindow]
    public var stolen: [Amounts]
    public var totals: [AssetTotals]
    public var endpoints: [Endpoint]
    public var hops: [Hop]
    public var flows: [TraceFlow]
    public var crossings: [Crossing]
    public var comparisonPolicies: [String]
    public var comparison: [Comparison]
    public var units: AssetUnits
    public var provenance: Provenance
    /// The deposit addresses to freeze, per exchange (material endpoints only).
    public var freezeList: FreezeList
    /// Endpoints below the materiality share: shown in an appendix, not among the answers.
    public var dustEndpoints: Int

    /// Builds the report from a trace, the same trace under other policies
    /// (may be empty), and the store's loads.
    public static func make(trace r: TraceResult, comparisons: [TaintPolicy: TraceResult], loads: [LoadRecord], storeBytes: Int64?,
                            storeFingerprint: String?, reportCommand: [String], explorer: ExplorerLinks, generated: Date = Date(),
                            prices: PriceTable = PriceTable()) -> CaseReport {
        let units = AssetUnits(r)
        func display(_ base: String, _ chain: String, _ asset: String) -> String { units.display(base, chain: chain, asset: asset) }
        let theftDay = r.flows.compactMap(\.time).min()
        let stolen = r.totals.map { Amounts(chain: $0.chain, asset: $0.asset, symbol: $0.symbol, amount: $0.created, display: display($0.created, $0.chain, $0.asset),
                                            usd: prices.usd($0.created, chain: $0.chain, asset: $0.asset, units: units, at: theftDay)) }
        let material = Materiality(r, share: FreezeList.defaultMaterialShare)
        let endpoints = r.endpoints.map { e in
            Endpoint(endpoint: e, material: material.holds(e), display: display(e.taintedAmount, e.chain, e.asset),
                     usd: prices.usd(e.taintedAmount, chain: e.chain, asset: e.asset, units: units, at: e.lastTime ?? e.firstTime),
                     addressURL: explorer.url(chain: e.chain, address: e.address),
                     firstTxURL: e.firstTx.isEmpty ? nil : explorer.url(chain: e.chain, transaction: e.firstTx),
                     lastTxURL: e.lastTx.isEmpty ? nil : explorer.url(chain: e.chain, transaction: e.lastTx))
        }
        var hopSums: [String: (hop: Int, chain: String, asset: String, n: Int, sum: TaintSum)] = [:]
        for f in r.flows {
            let k = "\(f.hop ?? -1)\u{0}\(f.chain)\u{0}\(f.asset)"
            var e = hopSums[k] ?? (f.hop ?? -1, f.chain, f.asset, 0, TaintSum())
            e.n += 1; e.sum.add(f.tainted)
            hopSums[k] = e
        }
        let hops = hopSums.values.sorted { ($0.hop, $0.chain, $0.asset) < ($1.hop, $1.chain, $1.asset) }
            .map { Hop(hop: $0.hop, chain: $0.chain, asset: $0.asset, transfers: $0.n, tainted: $0.sum.text, display: display($0.sum.text, $0.chain, $0.asset)) }
        // Crossings the trace carried taint across (swaps, bridges, mixer links), then the endpoints where it stopped.
        let carried = (r.crossings ?? []).map { x -> Crossing in
            let heuristic = x.kind == "mixer" ? String(x.evidence.prefix { $0 != ":" })
                : x.kind == "swap" ? "swap rule (docs/CROSSINGS.md)" : "single matching payout on another chain"
            let out = "→ \(x.to) on \(x.exitChain): \(display(x.exitTainted, x.exitChain, x.exitAsset)) carried on"
            return Crossing(kind: x.kind == "mixer" ? "mixer link" : x.kind, chain: x.chain, address: x.via, label: x.viaLabel,
                            asset: x.entryAsset, tainted: x.entryTainted, heuristic: heuristic, evidence: "\(x.evidence) \(out)",
                            confidence: String(format: "%.2f", x.confidence))
        }
        let crossings = carried + r.endpoints.filter { [.mixer, .bridge, .exchangeDeposit].contains($0.reason) }.map { e in
            Crossing(kind: e.reason.rawValue, chain: e.chain, address: e.address, label: e.label, asset: e.asset, tainted: e.taintedAmount,
                     heuristic: e.reason == .exchangeDeposit ? (e.evidence.hasPrefix("labelled") ? "labelled deposit address" : "deposit forwarding to a labelled exchange")
                                                             : "labelled \(e.reason.rawValue); the trace stops here",
                     evidence: e.evidence, confidence: e.evidence.hasPrefix("labelled") ? "as the label provider states" : "heuristic")
        }
        // Endpoints under each policy, side by side.
        var policies = comparisons.keys.map(\.rawValue).sorted()
        if !policies.contains(r.parameters.policy.rawValue) { policies.append(r.parameters.policy.rawValue); policies.sort() }
        var rows: [String: Comparison] = [:]
        var all = comparisons
        all[r.parameters.policy] = r
        for (policy, result) in all {
            for e in result.endpoints {
                let k = e.chain + "\u{0}" + e.address + "\u{0}" + e.asset
                var c = rows[k] ?? Comparison(chain: e.chain, address: e.address, asset: e.asset, label: e.label, amounts: [:])
                c.amounts[policy.rawValue] = e.taintedAmount
                if c.label.isEmpty { c.label = e.label }
                rows[k] = c
            }
        }
        let comparison = comparisons.isEmpty ? [] : rows.values.sorted { ($0.chain, $0.asset, $0.address) < ($1.chain, $1.asset, $1.address) }
        let chains = Set(r.totals.map(\.chain)).sorted()
        let title = "Fund trace: \(r.direction.rawValue) trace of \(r.sources.count) source rule\(r.sources.count == 1 ? "" : "s") on "
            + (chains.isEmpty ? "no chain" : chains.joined(separator: ", "))
        return CaseReport(title: title, generated: TraceTime.iso8601(Int64(generated.timeIntervalSince1970)), direction: r.direction,
                          parameters: r.parameters, sources: r.sources, windows: r.windows, stolen: stolen, totals: r.totals, endpoints: endpoints,
                          hops: hops, flows: r.flows, crossings: crossings, comparisonPolicies: comparisons.isEmpty ? [] : policies,
                          comparison: comparison, units: units,
                          provenance: Provenance(tool: r.tool, traceCommand: r.command, reportCommand: reportCommand, store: r.store,
                                                 storeBytes: storeBytes, storeFingerprint: storeFingerprint, loads: loads),
                          freezeList: FreezeList(r, units: units, prices: prices), dustEndpoints: endpoints.count { !$0.material })
    }

    /// The human form of a base-unit amount of `asset` on `chain`.
    public func display(_ base: String, chain: String, asset: String) -> String { units.display(base, chain: chain, asset: asset) }
}
