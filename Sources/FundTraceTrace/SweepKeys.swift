import FundTraceStore
import FundTraceTaint
import FundTraceTaintAdapters

/// The engine keys of a sweep: each (address, asset) the sweep meets gets an index, registered with the engine
/// as a source when the investigation's sources say so.
///
/// What a stopped endpoint pays back into a followed address (an exchange withdrawal, a mixer payout) comes
/// from outside the trace: it is swept as clean funds from a stand-in key (address −1), and the endpoint keeps
/// the taint it received. Mixer links are a separate, explicit step.
final class SweepKeys<P: AccountTaintPolicy> {
    let engine = AccountTaintEngine<P>()
    private(set) var keys: [StoreKey] = []
    private var index: [StoreKey: Int] = [:]
    private var outside: [StoreKey: Int] = [:]
    /// Transfers from stopped endpoints swept from a stand-in.
    private(set) var reentries = 0
    private let sources: ResolvedSources
    private let graph: TraceGraph

    init(sources: ResolvedSources, graph: TraceGraph) {
        self.sources = sources; self.graph = graph
    }

    /// The key of `address` in `t`'s asset. O(1) expected.
    func key(_ address: Int64, _ t: TransferRow) -> Int {
        let k = StoreKey(address: address, asset: t.assetID)
        if let i = index[k] { return i }
        let i = keys.count
        keys.append(k); index[k] = i
        engine.addKey(i, isWholeBalanceSource: sources.matches(sources.wholeBalance, address: address, chainID: t.chainID, assetID: t.assetID),
                      isSource: sources.matches(sources.address, address: address, chainID: t.chainID, assetID: t.assetID))
        return i
    }

    /// The key `t` is swept from: its sender's, or a clean stand-in when the sender is a stopped endpoint paying back.
    func sender(_ t: TransferRow) -> Int {
        let k = StoreKey(address: t.fromID, asset: t.assetID)
        guard let n = graph.nodes[k], !n.isSource, case .stopped = n.status, t.block >= n.frontier, !t.amount.isZero else {
            return key(t.fromID, t)
        }
        reentries += 1
        if let i = outside[k] { return i }
        let i = keys.count
        keys.append(StoreKey(address: -1, asset: t.assetID)); outside[k] = i
        engine.addKey(i)
        return i
    }
}
