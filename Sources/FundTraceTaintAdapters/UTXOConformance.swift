import Foundation
import FundTraceModel
import FundTraceCSV
import FundTraceTaint

/// `fundtrace taint utxo` (§9): runs the contract on a UTXO transactions CSV.
public enum UTXOConformance {
    public static let outputColumns = ["chain", "tx_hash", "kind", "n", "address", "amount", "policy", "tainted_amount",
                                       "taint_fraction", "carried_tainted", "source_marked", "spent_by"]

    /// Runs the contract; `progress` is called every `every` rows or transactions of each phase.
    /// Returns the source rules that only the account model uses (`transfer`,
    /// `whole_balance`), which this run ignored, for the caller to mention.
    @discardableResult
    public static func run(transactionsPath: String, sourcesPath: String, policy: TaintPolicy,
                           outOutputs: String, outAddresses: String, summaryPath: String,
                           progress: ((ConformanceProgress) -> Void)? = nil, every: Int = 100_000) throws -> [(kind: SourceSpec.Kind, count: Int)] {
        let file = try UTXOTransactionFile.read(path: transactionsPath, progress: progress.map { p in { p(.read($0)) } }, every: every)
        let sources = try SourceSpec.read(path: sourcesPath)
        var ledger = UTXOLedger<UTXOTransactionFile.Outpoint, String>(policy: policy)
        // The file is valid (read validates it whole), so output rows are
        // written as they are swept: held as arrays of strings until the end,
        // they took two thirds of the command's memory.
        let out = try CSVWriter(path: outOutputs, formulaGuard: false)
        try out.write(outputColumns)
        for (done, tx) in file.transactions.enumerated() {
            if done % every == 0 && done > 0 { progress?(.swept(done, of: file.transactions.count)) }
            let inputs = tx.inputs.map { inp in
                ledger.spend(inp.spends) ?? ledger.spendUnknown(address: tx.chain + "\u{0}" + (inp.address ?? ""), value: inp.amount ?? .zero)
            }
            let marked = tx.outputs.map { sources.isMarkedOutput(chain: tx.chain, txHash: tx.hash, n: $0.n, address: $0.address, block: tx.block) }
            let result = ledger.transact(inputs: inputs, outputs: tx.outputs.map { (tx.outpoint($0.n), tx.chain + "\u{0}" + $0.address, $0.amount) },
                                          marked: marked)
            for (k, o) in tx.outputs.enumerated() {
                let r = result.outputs[k]
                try out.write([tx.chain, tx.hash, "out", String(o.n), o.address, o.amount.description, policy.rawValue,
                               ledger.engine.taintText(r.state), ledger.taint(r.state).fractionText(of: o.amount), r.carried, r.marked ? "1" : "0",
                               file.spender(of: tx.outpoint(o.n))])
            }
            if !tx.isCoinbase {
                let ft = result.feeTainted
                try out.write([tx.chain, tx.hash, "fee", "", "", result.fee.description, policy.rawValue, ft.decimalText,
                               ft.fractionText(of: result.fee), ft.decimalText, "0", ""])
            }
        }
        try out.close()

        let held = ledger.held()
        let addr = try CSVWriter(path: outAddresses, formulaGuard: false)
        try addr.write(LedgerKeyReport.columns)
        for (i, k) in ledger.addresses.enumerated() {
            if i % every == 0 && i > 0 { progress?(.written(i, of: ledger.addresses.count)) }
            let parts = k.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            try addr.write(ledger.row(i, chain: String(parts[0]), address: String(parts[1]), held: held.byAddress[i]))
        }
        try addr.close()
        let engine = ledger.engine
        let json = TaintSummaryJSON.render(created: engine.created, held: held.total.decimalText, feeSink: engine.feeSinkText,
                                           reabsorbed: engine.reabsorbedText, absorbed: "0", wholeHeld: .zero)
        try Data(json.utf8).write(to: URL(fileURLWithPath: summaryPath))
        return sources.rulesIgnored(by: .utxo)
    }
}
