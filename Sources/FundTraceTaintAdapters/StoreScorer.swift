import FundTraceModel
import FundTraceStore
import FundTraceCSV
import FundTraceTaint

/// Batch taint scoring of a whole store (`fundtrace score`): one ordered sweep
/// of every stored account transfer through the taint engine, then per-key
/// taint exposure.
///
/// The sweep reads transfers in the same order as `fundtrace export
/// transfers` writes them, so its numbers equal the conformance command's on
/// that export. It works on store ids (text is looked up only for the rows
/// written), and memory grows with the number of ledger keys, not transfers.
public enum StoreScorer {
    public struct Result: Sendable {
        /// Account transfers swept.
        public var transfers: Int
        /// UTXO transactions swept.
        public var utxoTransactions: Int
        /// Ledger keys, plus addresses of UTXO chains.
        public var keys: Int
        /// The sweep's totals over every asset (§3.11 summary, base units).
        public var created: Amount
        public var held: String
        public var feeSink: String
        public var reabsorbed: String
        public var absorbed: String
        public var wholeHeld: Amount
        /// Per (chain, asset): taint still held (base units) and by how many
        /// ledger keys — the totals above add units of different assets.
        public var heldByAsset: [(chain: String, asset: String, held: String, holders: Int)]
        /// Addresses asked for (`addresses`) that no swept transfer touches, sorted:
        /// a typo, another chain's address, or one outside the loaded blocks.
        public var unmatchedAddresses: [String] = []
        /// Source rules naming a chain, address or transaction the store does
        /// not hold, in the sources file's order: they taint nothing.
        public var unresolvedSources: [SourceSpec.Rule] = []
        /// Source rules of a kind their chain's model does not have (see
        /// ``ResolvedSources/inapplicableRules``): they taint nothing.
        public var inapplicableSources: [SourceSpec.Rule] = []
        /// UTXO chains left out, each with the first thing in its data that
        /// the contract rejects: no row of theirs is written.
        public var skippedUTXOChains: [(chain: String, reason: String)] = []

        /// The totals as the conformance command's summary JSON (§9), so the
        /// two can be compared byte for byte.
        public var summaryJSON: String {
            TaintSummaryJSON.render(created: created, held: held, feeSink: feeSink, reabsorbed: reabsorbed, absorbed: absorbed, wholeHeld: wholeHeld)
        }

        /// The same totals as key–value pairs, in the contract's order.
        public var summaryFields: [(key: String, value: String)] {
            TaintSummaryJSON.fields(created: created, held: held, feeSink: feeSink, reabsorbed: reabsorbed, absorbed: absorbed, wholeHeld: wholeHeld)
        }
    }

    /// Sweeps `store` and writes per-key rows (all keys, or those whose address
    /// is in `addresses`) with a trailing `hops` column.
    /// `progress` is called from the sweep's engine thread (see ``StoreSweep``).
    public static func score(store: TransferStore, sources: SourceSpec, policy: TaintPolicy, addresses: Set<String>? = nil,
                             to out: CSVWriter, progress: ((Int) -> Void)? = nil) throws -> Result {
        try score(store: store, sources: sources, policy: policy, addresses: addresses, to: out, batchSize: 4096, progress: progress)
    }

    /// ``score(store:sources:policy:addresses:to:progress:)`` handing transfers to the engine's thread `batchSize` at a time (for tests).
    static func score(store: TransferStore, sources: SourceSpec, policy: TaintPolicy, addresses: Set<String>? = nil,
                      to out: CSVWriter, batchSize: Int, progress: ((Int) -> Void)? = nil) throws -> Result {
        struct Work: AccountPolicyWork {
            let store: TransferStore, sources: SourceSpec, addresses: Set<String>?, out: CSVWriter, batchSize: Int
            let progress: ((Int) -> Void)?
            func run<P: AccountTaintPolicy>(_ policy: P.Type) throws -> Result {
                try StoreScorer.score(policy, store, sources, addresses, out, batchSize, progress)
            }
        }
        return try policy.run(Work(store: store, sources: sources, addresses: addresses, out: out, batchSize: batchSize, progress: progress))
    }

    static func score<P: AccountTaintPolicy>(_ type: P.Type, _ store: TransferStore, _ spec: SourceSpec, _ addresses: Set<String>?,
                                             _ out: CSVWriter, _ batchSize: Int, _ progress: ((Int) -> Void)?) throws -> Result {
        try store.scan { reader in
            let sweep = StoreSweep<P>(sources: try ResolvedSources(spec, reader: reader), keyBound: try reader.ledgerKeyBound())
            try sweep.run(reader: reader, batchSize: batchSize, progress: progress)
            let engine = sweep.engine, keys = sweep.keys, n = sweep.transfers
            let chains = try reader.chainNames()
            let assets = try reader.assetCodes()
            // Names by id in arrays: one lookup per key and field for millions of keys.
            var wanted = [Bool](repeating: false, count: Int(keys.lazy.map(\.address).max() ?? 0) + 1)
            for k in keys { wanted[Int(k.address)] = true }
            let texts = try reader.addressTexts(wanted: wanted)
            let names = StoreKeyNames(keys: keys, chains: EscapedNames(indexed(chains)), addresses: EscapedNames(texts),
                                      assets: EscapedNames(indexed(assets.mapValues(\.code))),
                                      included: addresses.map { set in texts.map { $0.map(set.contains) ?? false } })
            try LedgerKeyReport.write(engine: engine, keyCount: keys.count, names: names, policy: P.policy, to: out, hops: true)
            let utxo = try scoreUTXO(reader, P.policy, sweep.sources, addresses, out, progress: progress.map { p in { p(n + $0) } })
            var unmatched: [String] = []
            if let addresses {
                let present = Set(texts.lazy.compactMap { $0 }.filter(addresses.contains)).union(utxo.present)
                unmatched = addresses.subtracting(present).sorted()
            }
            var byAsset: [Int64: (held: P.Quantity, holders: Int)] = [:]
            for (i, k) in keys.enumerated() where !engine.record(i).wholeBalanceSource {
                let h = engine.held(i)
                if h.isZero { continue }
                let e = byAsset[k.assetID] ?? (.zero, 0)
                byAsset[k.assetID] = (e.held + h, e.holders + 1)
            }
            let held = (byAsset.map { (id, e) in
                (chain: chains[assets[id]?.chainID ?? 0] ?? "", asset: assets[id]?.code ?? "", held: e.held.decimalText, holders: e.holders)
            } + utxo.heldByChain).sorted { ($0.chain, $0.asset) < ($1.chain, $1.asset) }
            let totals = engine.summary
            // The account totals in the UTXO sweep's terms, so the two add up (an exact integer stays exact).
            func combined(_ q: P.Quantity) -> HaircutAmount { (q as? HaircutAmount) ?? HaircutAmount(exact: q as? Amount ?? .zero) }
            return Result(transfers: n, utxoTransactions: utxo.transactions, keys: keys.count + utxo.addresses,
                          created: totals.created.saturatingAdd(utxo.created),
                          held: (combined(engine.totalHeld()) + utxo.held).decimalText,
                          feeSink: (combined(totals.feeSink) + utxo.feeSink).decimalText,
                          reabsorbed: (combined(totals.reabsorbed) + utxo.reabsorbed).decimalText, absorbed: totals.absorbed.decimalText,
                          wholeHeld: engine.wholeHeld(), heldByAsset: held, unmatchedAddresses: unmatched,
                          unresolvedSources: sweep.sources.unresolvedRules, inapplicableSources: sweep.sources.inapplicableRules,
                          skippedUTXOChains: utxo.skipped)
        }
    }

    /// What the UTXO chains added to a score.
    struct UTXOTotals {
        var transactions = 0, addresses = 0
        var created = Amount.zero
        var held = HaircutAmount.zero, feeSink = HaircutAmount.zero, reabsorbed = HaircutAmount.zero
        var heldByChain: [(chain: String, asset: String, held: String, holders: Int)] = []
        /// Texts of the listed addresses that UTXO transactions touch.
        var present: Set<String> = []
        var skipped: [(chain: String, reason: String)] = []
    }

    /// Sweeps every UTXO chain of the store (see ``StoreUTXOSweep``) and
    /// appends its per-address rows (asset empty, §9) to `out`. A chain whose
    /// data the contract rejects (an input of unknown history without a
    /// value, as bitcoin-etl gives Zcash's shielded inputs) is skipped with
    /// its reason: chains are independent ledgers, so the others' numbers
    /// stand.
    static func scoreUTXO(_ reader: StoreReader, _ policy: TaintPolicy, _ sources: ResolvedSources, _ addresses: Set<String>?,
                          _ out: CSVWriter, progress: ((Int) -> Void)?) throws -> UTXOTotals {
        var totals = UTXOTotals()
        let chains = try reader.chainNames(), utxoChains = try reader.utxoChainIDs()
        let texts = utxoChains.isEmpty ? [] : try reader.allAddressTexts()
        for chainID in utxoChains {
            let chain = chains[chainID] ?? ""
            var sweep = StoreUTXOSweep(chainID: chainID, chain: chain, policy: policy)
            let before = totals.transactions
            do {
                try sweep.run(reader: reader, sources: sources, progress: progress.map { p in { p(before + $0) } })
            } catch let e as StoreUTXOSweep.InvalidData {
                totals.skipped.append((chain, e.description))
                continue
            }
            let ledger = sweep.ledger
            let held = ledger.held()
            var holders = 0
            for (i, a) in ledger.addresses.enumerated() {
                if !held.byAddress[i].isZero { holders += 1 }
                let text = a >= 0 && Int(a) < texts.count ? texts[Int(a)] ?? "" : ""
                if let addresses {
                    guard addresses.contains(text) else { continue }
                    totals.present.insert(text)
                }
                let isSource = sources.address[a]?.contains { $0.chainID == chainID } ?? false
                try out.write(ledger.row(i, chain: chain, address: text, held: held.byAddress[i], hops: true, isSource: isSource))
            }
            let engine = ledger.engine
            totals.transactions += sweep.transactions
            totals.addresses += ledger.addresses.count
            totals.created = totals.created.saturatingAdd(engine.created)
            totals.held = totals.held + held.total
            totals.feeSink = totals.feeSink + (policy == .haircut ? engine.feeSinkHaircut : HaircutAmount(exact: engine.feeSinkInt))
            totals.reabsorbed = totals.reabsorbed + (policy == .haircut ? engine.reabsorbedHaircut : HaircutAmount(exact: engine.reabsorbedInt))
            if holders > 0 { totals.heldByChain.append((chain, "", held.total.decimalText, holders)) }
        }
        return totals
    }

    /// Keys named by store ids, through names escaped once (see ``EscapedNames``).
    struct StoreKeyNames: LedgerKeyNames {
        let keys: [(address: Int64, chainID: Int64, assetID: Int64)]
        let chains: EscapedNames, addresses: EscapedNames, assets: EscapedNames
        /// By address id: whether the address was asked for (`nil`: every address).
        let included: [Bool]?

        func includes(_ i: Int) -> Bool {
            guard let included else { return true }
            let a = Int(keys[i].address)
            return a < included.count && included[a]
        }

        func appendFields(of i: Int, to row: inout CSVRecordBuilder) {
            let k = keys[i]
            row.field(Int(k.chainID), of: chains); row.field(Int(k.address), of: addresses); row.field(Int(k.assetID), of: assets)
        }
    }

    /// `values` as an array indexed by id (ids are dense row ids), `nil` where absent.
    static func indexed<V>(_ values: [Int64: V]) -> [V?] {
        var out = [V?](repeating: nil, count: Int(values.keys.max() ?? 0) + 1)
        for (id, v) in values where id >= 0 { out[Int(id)] = v }
        return out
    }
}
