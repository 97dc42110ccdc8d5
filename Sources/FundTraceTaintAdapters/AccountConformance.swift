import Foundation
import FundTraceModel
import FundTraceCSV
import FundTraceTaint

/// `fundtrace taint account` (§9): runs the contract on a transfers CSV and a
/// sources CSV and writes the per-transfer, per-key and summary outputs.
///
/// Inputs are read and validated completely before any output is opened, so
/// invalid input writes no output file.
public enum AccountConformance {
    public struct Outputs {
        /// nil: no per-transfer output (a batch scorer needs only the per-key rows and the summary).
        public var transfers: String?
        public var addresses: String
        public var summary: String
        public init(transfers: String?, addresses: String, summary: String) {
            self.transfers = transfers; self.addresses = addresses; self.summary = summary
        }
    }

    public static let transferColumns = ["row", "chain", "tx_hash", "block", "tx_index", "log_index", "from", "to", "asset", "amount",
                                         "fee", "policy", "tainted_amount", "taint_fraction", "fee_tainted", "carried_tainted",
                                         "source_marked", "absorbed_by_source"]

    /// Runs the contract; `progress` is called every `every` rows of each phase.
    /// Returns the source rules that only the UTXO model uses (`outpoint`),
    /// which this run ignored, for the caller to mention.
    @discardableResult
    public static func run(transfersPath: String, sourcesPath: String, policy: TaintPolicy, outputs: Outputs,
                           progress: ((ConformanceProgress) -> Void)? = nil, every: Int = 100_000) throws -> [(kind: SourceSpec.Kind, count: Int)] {
        let file = try AccountTransferFile.read(path: transfersPath, progress: progress.map { p in { p(.read($0)) } }, every: every)
        let sources = try SourceSpec.read(path: sourcesPath)
        try run(policy, file, sources, outputs, progress, every)
        return sources.rulesIgnored(by: .account)
    }

    private static func run(_ policy: TaintPolicy, _ file: AccountTransferFile, _ sources: SourceSpec, _ outputs: Outputs,
                            _ progress: ((ConformanceProgress) -> Void)?, _ every: Int) throws {
        struct Work: AccountPolicyWork {
            let file: AccountTransferFile, sources: SourceSpec, outputs: Outputs
            let progress: ((ConformanceProgress) -> Void)?, every: Int
            func run<P: AccountTaintPolicy>(_ policy: P.Type) throws { try AccountConformance.run(policy, file, sources, outputs, progress, every) }
        }
        try policy.run(Work(file: file, sources: sources, outputs: outputs, progress: progress, every: every))
    }

    /// The engine state after sweeping `file`, and each row's result (indexed like `file.rows`).
    public static func sweep<P: AccountTaintPolicy>(_ type: P.Type, _ file: AccountTransferFile, _ sources: SourceSpec,
                                                    progress: ((ConformanceProgress) -> Void)? = nil, every: Int = 100_000)
        -> (engine: AccountTaintEngine<P>, keys: LedgerKeyTable, results: TransferResults<P.Quantity>) {
        let engine = AccountTaintEngine<P>()
        // At most two new keys a row. Reserved pages cost nothing until used;
        // growing by doubling copied the records and briefly held both copies.
        // Capped (2^24 keys: 2 GB of address space) so that a huge file of few
        // keys does not ask the system for more than it may grant; past that,
        // the records grow as before.
        engine.reserveKeys(Swift.min(2 * file.rows.count + 16, 1 << 24))
        var keys = LedgerKeyTable(names: file.names)
        // Filled in processing order, indexed by row: every slot is written once (a permutation).
        var results = TransferResults<P.Quantity>(count: file.rows.count)
        // Rows are read column by column and marked by name id: building each
        // row's strings took a fifth of the command's time.
        let marks = SourceMarks(sources, names: file.names)
        func key(_ chain: UInt32, _ address: UInt32, _ asset: UInt32) -> Int {
            let (i, isNew) = keys.intern(chain: chain, address: address, asset: asset)
            if isNew {
                engine.addKey(i, isWholeBalanceSource: marks.isWholeBalance(chain: chain, address: address, asset: asset),
                              isSource: marks.isAddressSource(chain: chain, address: address, asset: asset))
            }
            return i
        }
        let count = file.rows.count
        for (done, i) in file.processingOrder.enumerated() {
            if done % every == 0 && done > 0 { progress?(.swept(done, of: count)) }
            let n = file.nameIDs(i), order = file.orderKey(i), (amount, fee) = file.amountAndFee(i)
            let kf = key(n.chain, n.from, n.asset)
            let kr = key(n.chain, n.to, n.asset)
            let marked = marks.isMarkedByAddress(chain: n.chain, to: n.to, asset: n.asset, block: order.block)
                || marks.hasTransferRules && sources.isMarkedByTransferRule(chain: file.names[n.chain], txHash: file.txHash(i),
                                                                           logIndex: order.logIndex, asset: file.names[n.asset])
            results.set(i, engine.process(from: kf, to: kr, amount: amount, fee: fee, marked: marked))
        }
        return (engine, keys, results)
    }

    static func run<P: AccountTaintPolicy>(_ type: P.Type, _ file: AccountTransferFile, _ sources: SourceSpec, _ outputs: Outputs,
                                           _ progress: ((ConformanceProgress) -> Void)?, _ every: Int) throws {
        let (engine, keys, swept) = sweep(type, file, sources, progress: progress, every: every)
        if let path = outputs.transfers { try writeTransfers(P.policy, file, swept, to: path, progress, every) }
        try writeKeysAndSummary(engine: engine, keyCount: keys.count, names: LedgerKeyReport.KeyTexts(key: { keys[$0] }, include: { _ in true }),
                                outputs: outputs)
    }

    /// The per-key CSV and the summary JSON of a swept engine (also ``PresortedAccountSweep``'s).
    static func writeKeysAndSummary<P: AccountTaintPolicy, Names: LedgerKeyNames>(engine: AccountTaintEngine<P>, keyCount: Int, names: Names,
                                                                                 outputs: Outputs) throws {
        let addr = try CSVWriter(path: outputs.addresses, formulaGuard: false)
        try LedgerKeyReport.write(engine: engine, keyCount: keyCount, names: names, policy: P.policy, to: addr)
        try addr.close()
        let s = engine.summary
        let json = TaintSummaryJSON.render(created: s.created, held: engine.totalHeld().decimalText, feeSink: s.feeSink.decimalText,
                                           reabsorbed: s.reabsorbed.decimalText, absorbed: s.absorbed.decimalText, wholeHeld: engine.wholeHeld())
        try Data(json.utf8).write(to: URL(fileURLWithPath: outputs.summary))
    }

    /// The per-transfer rows, formatted field by field on every core.
    static func writeTransfers<Q: TaintQuantity>(_ policyName: TaintPolicy, _ file: AccountTransferFile, _ swept: TransferResults<Q>, to path: String,
                                                 _ progress: ((ConformanceProgress) -> Void)?, _ every: Int) throws {
        let policy = policyName.rawValue
        let out = try CSVWriter(path: path, formulaGuard: false)
        try out.write(transferColumns)
        // Formatted field by field on every core: as arrays of strings, the
        // rows took a tenth of the command's time.
        let rows = file.rows
        var reported = 0
        func written(_ n: Int) {
            let mark = n / every * every
            if mark > reported && mark < rows.count { reported = mark; progress?(.written(mark, of: rows.count)) }
        }
        // Read-only from the formatting threads: the sweep is done.
        nonisolated(unsafe) let results = swept, rowsFile = file
        try out.writeRecords(count: rows.count, chunk: Swift.min(8192, every), progress: written) { range, bytes in
            for i in range {
                let t = results[i], n = rowsFile.nameIDs(i), order = rowsFile.orderKey(i), (amount, fee) = rowsFile.amountAndFee(i)
                CSVWriter.appendRecord(to: &bytes) { row in
                    row.field(Amount(UInt64(rowsFile.fileRow(i)))); row.field(rowsFile.names[n.chain]); row.field(rowsFile.txHash(i))
                    row.field(Amount(order.block)); row.field(Amount(order.txIndex)); row.field(Amount(order.logIndex))
                    row.field(rowsFile.names[n.from]); row.field(rowsFile.names[n.to]); row.field(rowsFile.names[n.asset])
                    row.field(amount); row.field(fee); row.field(policy)
                    row.quantity(t.tainted); row.field(t.tainted.fractionText(of: amount)); row.quantity(t.feeTainted); row.quantity(t.carried)
                    row.field(t.marked ? "1" : "0"); row.field(t.absorbed ? "1" : "0")
                }
            }
        }
        try out.close()
    }
}
