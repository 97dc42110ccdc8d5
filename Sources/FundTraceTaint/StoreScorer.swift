import FundTraceIngest
import FundTraceModel
import FundTraceStore

/// Batch taint scoring of a whole store (`fundtrace score`): one ordered sweep
/// of every stored account transfer through the taint engine, then per-key
/// taint exposure.
///
/// The sweep reads transfers in the same order as `fundtrace export
/// transfers` writes them, so its numbers equal the conformance command's on
/// that export. Memory grows with the number of ledger keys, not transfers.
public enum StoreScorer {
    public struct Result: Sendable {
        public var transfers: Int
        public var keys: Int
        public var created: Amount
        public var held: String
    }

    /// Sweeps `store` and writes per-key rows (all keys, or those whose address
    /// is in `addresses`) with a trailing `hops` column.
    public static func score(store: TransferStore, sources: SourceSpec, policy: TaintPolicy, addresses: Set<String>? = nil,
                             to out: CSVWriter, progress: ((Int) -> Void)? = nil) throws -> Result {
        switch policy {
        case .poison: return try score(PoisonPolicy.self, store, sources, addresses, out, progress)
        case .haircut: return try score(HaircutPolicy.self, store, sources, addresses, out, progress)
        case .fifo: return try score(FIFOPolicy.self, store, sources, addresses, out, progress)
        case .lifo: return try score(LIFOPolicy.self, store, sources, addresses, out, progress)
        case .tiho: return try score(TIHOPolicy.self, store, sources, addresses, out, progress)
        }
    }

    static func score<P: AccountTaintPolicy>(_ type: P.Type, _ store: TransferStore, _ sources: SourceSpec, _ addresses: Set<String>?,
                                             _ out: CSVWriter, _ progress: ((Int) -> Void)?) throws -> Result {
        var engine = AccountTaintEngine<P>()
        var keys = LedgerKeyTable()
        var n = 0
        func key(_ chain: String, _ address: String, _ asset: String) -> Int {
            let (i, isNew) = keys.intern(LedgerKey(chain: chain, address: address, asset: asset))
            if isNew {
                engine.addKey(i, isWholeBalanceSource: sources.isWholeBalance(chain: chain, address: address, asset: asset),
                              isSource: sources.isAddressSource(chain: chain, address: address, asset: asset))
            }
            return i
        }
        try store.read { reader in
            try reader.forEachAccountTransfer { st in
                let t = st.transfer
                let kf = key(t.chain, t.from, t.asset)
                let kr = key(t.chain, t.to, t.asset)
                let marked = sources.isMarked(chain: t.chain, txHash: t.txHash, logIndex: t.logIndex, to: t.to, asset: t.asset, block: t.block)
                _ = engine.process(from: kf, to: kr, amount: t.amount, fee: t.fee, marked: marked)
                n += 1
                if n % 100_000 == 0 { progress?(n) }
            }
        }
        try LedgerKeyReport.write(engine: engine, keys: keys, policy: P.policy, to: out, hops: true,
                                  include: addresses.map { set in { set.contains($0.address) } })
        return Result(transfers: n, keys: keys.count, created: engine.summary.created, held: engine.totalHeld().decimalText)
    }
}
