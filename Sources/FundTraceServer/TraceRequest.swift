import FundTraceModel
import FundTraceTaint
import FundTraceTaintAdapters
import FundTraceTrace

/// A trace as the workbench asks for it: sources named as addresses or `tx_hash:log_index`, and the choices of
/// `fundtrace trace` a person makes at the bench, read by the same rules (``TraceInputText``). What is left out
/// takes `fundtrace trace`'s default.
public struct TraceRequest: Codable, Sendable, Equatable {
    public var from: [String]
    public var chain: String?
    public var role: SourceRole?
    public var policy: String?
    public var maxHops: Int?
    public var minValue: String?
    public var since: String?
    public var until: String?
    public var stopAt: String?
    public var mixer: String?
    public var maxDegree: Int?

    public init(from: [String], chain: String? = nil) { self.from = from; self.chain = chain }

    /// The trace's parameters, or a 400 saying which choice is wrong.
    func parameters() throws -> TraceParameters {
        var p = TraceParameters()
        if let policy {
            guard let t = TaintPolicy(rawValue: policy) else { throw WorkbenchError.bad("policy: one of \(TaintPolicy.allCases.map(\.rawValue).joined(separator: ", "))") }
            p.policy = t
        }
        if let maxHops {
            guard (0...1_000).contains(maxHops) else { throw WorkbenchError.bad("maxHops: 0 to 1,000") }
            p.maxHops = maxHops
        }
        if let maxDegree {
            guard (1...1_000_000).contains(maxDegree) else { throw WorkbenchError.bad("maxDegree: 1 to 1,000,000") }
            p.maxDegree = maxDegree
        }
        if let minValue, !minValue.isEmpty {
            guard let a = Amount(minValue) else { throw WorkbenchError.bad("minValue: a whole number of base units") }
            p.minValue = a
        }
        if let mixer {
            guard let m = MixerMode(rawValue: mixer) else { throw WorkbenchError.bad("mixer: link, stop or pool") }
            p.mixerMode = m
        }
        do {
            p.since = try since.flatMap { $0.isEmpty ? nil : try TraceInputText.bound($0, "since") }
            p.until = try until.flatMap { $0.isEmpty ? nil : try TraceInputText.bound($0, "until") }
            if let stopAt { p.stopAt = try TraceInputText.stopCategories(stopAt, "stopAt") }
        } catch let e as TraceInputText.Invalid { throw WorkbenchError.bad(e.description) }
        return p
    }

    /// The source rules, on `chain` or else on each of `chains`.
    func sources(chains: [String]) throws -> SourceSpec {
        guard !from.isEmpty, from.count <= 10_000 else { throw WorkbenchError.bad("from: 1 to 10,000 addresses or tx_hash:log_index") }
        if let chain, !chains.contains(chain) { throw WorkbenchError.bad("chain: the store holds no chain '\(chain)'") }
        do {
            return SourceSpec(rules: try from.flatMap { try TraceInputText.rules($0, chains: chain.map { [$0] } ?? chains, role: role ?? .perpetrator, name: "from") })
        } catch let e as TraceInputText.Invalid { throw WorkbenchError.bad(e.description) }
    }
}
