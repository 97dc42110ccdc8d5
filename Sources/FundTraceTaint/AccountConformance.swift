import Foundation
import FundTraceIngest
import FundTraceModel

/// `fundtrace taint account` (§9): runs the contract on a transfers CSV and a
/// sources CSV and writes the per-transfer, per-key and summary outputs.
///
/// Inputs are read and validated completely before any output is opened, so
/// invalid input writes no output file.
public enum AccountConformance {
    public struct Outputs {
        public var transfers: String
        public var addresses: String
        public var summary: String
        public init(transfers: String, addresses: String, summary: String) {
            self.transfers = transfers; self.addresses = addresses; self.summary = summary
        }
    }

    public static let transferColumns = ["row", "chain", "tx_hash", "block", "tx_index", "log_index", "from", "to", "asset", "amount",
                                         "fee", "policy", "tainted_amount", "taint_fraction", "fee_tainted", "carried_tainted",
                                         "source_marked", "absorbed_by_source"]

    /// Runs the contract; `progress` is called every `every` rows of each phase.
    public static func run(transfersPath: String, sourcesPath: String, policy: TaintPolicy, outputs: Outputs,
                           progress: ((ConformanceProgress) -> Void)? = nil, every: Int = 100_000) throws {
        let file = try AccountTransferFile.read(path: transfersPath, progress: progress.map { p in { p(.read($0)) } }, every: every)
        let sources = try SourceSpec.read(path: sourcesPath)
        switch policy {
        case .poison: try run(PoisonPolicy.self, file, sources, outputs, progress, every)
        case .haircut: try run(HaircutPolicy.self, file, sources, outputs, progress, every)
        case .fifo: try run(FIFOPolicy.self, file, sources, outputs, progress, every)
        case .lifo: try run(LIFOPolicy.self, file, sources, outputs, progress, every)
        case .tiho: try run(TIHOPolicy.self, file, sources, outputs, progress, every)
        }
    }

    /// The engine state after sweeping `file`, and each row's result (indexed like `file.rows`).
    public static func sweep<P: AccountTaintPolicy>(_ type: P.Type, _ file: AccountTransferFile, _ sources: SourceSpec,
                                                    progress: ((ConformanceProgress) -> Void)? = nil, every: Int = 100_000)
        -> (engine: AccountTaintEngine<P>, keys: LedgerKeyTable, results: TransferResults<P.Quantity>) {
        let engine = AccountTaintEngine<P>()
        var keys = LedgerKeyTable(names: file.names)
        // Filled in processing order, indexed by row: every slot is written once (a permutation).
        var results = TransferResults<P.Quantity>(count: file.rows.count)
        func key(_ chain: UInt32, _ address: UInt32, _ asset: UInt32) -> Int {
            let (i, isNew) = keys.intern(chain: chain, address: address, asset: asset)
            if isNew {
                let k = keys[i]
                engine.addKey(i, isWholeBalanceSource: sources.isWholeBalance(chain: k.chain, address: k.address, asset: k.asset),
                              isSource: sources.isAddressSource(chain: k.chain, address: k.address, asset: k.asset))
            }
            return i
        }
        let rows = file.rows
        for (done, i) in file.processingOrder.enumerated() {
            if done % every == 0 && done > 0 { progress?(.swept(done, of: rows.count)) }
            let r = rows[i]
            let n = file.nameIDs(i)
            let kf = key(n.chain, n.from, n.asset)
            let kr = key(n.chain, n.to, n.asset)
            let marked = sources.isMarked(chain: r.chain, txHash: r.txHash, logIndex: r.logIndex, to: r.to, asset: r.asset, block: r.block)
            results.set(i, engine.process(from: kf, to: kr, amount: r.amount, fee: r.fee, marked: marked))
        }
        return (engine, keys, results)
    }

    static func run<P: AccountTaintPolicy>(_ type: P.Type, _ file: AccountTransferFile, _ sources: SourceSpec, _ outputs: Outputs,
                                           _ progress: ((ConformanceProgress) -> Void)?, _ every: Int) throws {
        let (engine, keys, results) = sweep(type, file, sources, progress: progress, every: every)
        let policy = P.policy.rawValue
        let out = try CSVWriter(path: outputs.transfers)
        try out.write(transferColumns)
        let rows = file.rows
        for (i, r) in rows.enumerated() {
            if i % every == 0 && i > 0 { progress?(.written(i, of: rows.count)) }
            let t = results[i]
            try out.write([String(r.row), r.chain, r.txHash, String(r.block), String(r.txIndex), String(r.logIndex), r.from, r.to,
                           r.asset, r.amount.description, r.fee.description, policy, t.tainted.decimalText,
                           t.tainted.fractionText(of: r.amount), t.feeTainted.decimalText, t.carried.decimalText,
                           t.marked ? "1" : "0", t.absorbed ? "1" : "0"])
        }
        try out.close()
        let addr = try CSVWriter(path: outputs.addresses)
        try LedgerKeyReport.write(engine: engine, keys: keys, policy: P.policy, to: addr)
        try addr.close()
        let s = engine.summary
        let json = TaintSummaryJSON.render(created: s.created, held: engine.totalHeld().decimalText, feeSink: s.feeSink.decimalText,
                                           reabsorbed: s.reabsorbed.decimalText, absorbed: s.absorbed.decimalText, wholeHeld: engine.wholeHeld())
        try Data(json.utf8).write(to: URL(fileURLWithPath: outputs.summary))
    }
}
