import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceTaintAdapters

/// An investigation over a store (`fundtrace trace`): from theft sources,
/// follow value forward through hops to the endpoints where it can be acted
/// on, or backward to where it came from.
///
/// Forward, it works on the part of the store that matters: it discovers
/// every ledger key reachable from the sources along time-respecting
/// transfers (the set any policy's taint can reach), stopping at labelled
/// services, detected deposit addresses, the hop limit and hot wallets; then
/// it sweeps the complete in-window history of every key it followed through
/// the taint engine. For those keys the numbers equal a full-store
/// `fundtrace score`, except where value comes back from an endpoint (an
/// exchange withdrawal, a mixer payout): the trace sweeps it as clean and the
/// endpoint keeps the taint (counted as `reentries`).
public final class Investigation {
    public let store: TransferStore
    public let labels: LabelBook
    public let parameters: TraceParameters
    /// Progress in words, for a terminal line.
    public var progress: ((String) -> Void)?

    public init(store: TransferStore, labels: LabelBook, parameters: TraceParameters) {
        self.store = store; self.labels = labels; self.parameters = parameters
    }

    public func run(sources spec: SourceSpec) throws -> TraceResult {
        let started = Date()
        var result = try store.read { reader in
            let context = try Context(reader: reader, labels: labels, parameters: parameters, spec: spec)
            var result: TraceResult
            switch parameters.direction {
            case .forward:
                // UTXO chains are traced in the contract's UTXO model, account chains in the account model.
                let utxo = context.chains.filter { id, name in
                    ChainInfo.named(name).model == .utxo && spec.rules.contains { $0.chain == name }
                }.keys.sorted()
                var parts = try utxo.map { try UTXOTrace.run(context, chainID: $0) }
                if parts.isEmpty || spec.rules.contains(where: { ChainInfo.named($0.chain).model == .account }) {
                    parts.insert(try forward(context), at: 0)
                }
                result = Self.merged(parts)
            case .backward: result = try FundingTrace.run(context)
            }
            result.statistics.unresolvedSources = context.sources.unresolved
            result.statistics.unresolvedSourceRules = context.sources.unresolvedRules.map(\.description)
            return result
        }
        result.statistics.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// One result from the per-model parts of a trace (account chains, then each UTXO chain).
    static func merged(_ parts: [TraceResult]) -> TraceResult {
        var r = parts[0]
        for x in parts.dropFirst() {
            r.nodes += x.nodes; r.flows += x.flows; r.endpoints += x.endpoints; r.totals += x.totals
            if let xs = x.crossings { r.crossings = (r.crossings ?? []) + xs }
            r.statistics.keysReached += x.statistics.keysReached
            r.statistics.addressesFollowed += x.statistics.addressesFollowed
            r.statistics.transfersRead += x.statistics.transfersRead
            r.statistics.transfersSwept += x.statistics.transfersSwept
        }
        return r
    }
}
