import Foundation
import FundTraceIngest
import FundTraceModel

/// `fundtrace taint utxo` (§9): runs the contract on a UTXO transactions CSV.
public enum UTXOConformance {
    public static let outputColumns = ["chain", "tx_hash", "kind", "n", "address", "amount", "policy", "tainted_amount",
                                       "taint_fraction", "carried_tainted", "source_marked", "spent_by"]

    struct AddressTotals {
        var balance = Amount.zero
        var injected = Amount.zero
        var received = Amount.zero
        var sent = Amount.zero
        var taintedReceived = HaircutAmount.zero   // exact integers stay exact in HaircutAmount
        var taintedSent = HaircutAmount.zero
        var receivedSource = false
    }

    /// Runs the contract; `progress` is called every `every` rows or transactions of each phase.
    /// Returns the source rules that only the account model uses (`transfer`,
    /// `whole_balance`), which this run ignored, for the caller to mention.
    @discardableResult
    public static func run(transactionsPath: String, sourcesPath: String, policy: TaintPolicy,
                           outOutputs: String, outAddresses: String, summaryPath: String,
                           progress: ((ConformanceProgress) -> Void)? = nil, every: Int = 100_000) throws -> [(kind: SourceSpec.Kind, count: Int)] {
        let file = try UTXOTransactionFile.read(path: transactionsPath, progress: progress.map { p in { p(.read($0)) } }, every: every)
        let sources = try SourceSpec.read(path: sourcesPath)
        var engine = UTXOTaintEngine(policy: policy)
        var utxos: [UTXOTransactionFile.Outpoint: (state: UTXOTaintEngine.OutputState, chain: String, address: String)] = [:]
        var rows: [[String]] = []
        var rowOfOutput: [UTXOTransactionFile.Outpoint: Int] = [:]
        var addresses: [String: AddressTotals] = [:]
        var addressOrder: [String] = []
        func totals(_ chain: String, _ a: String, _ body: (inout AddressTotals) -> Void) {
            let k = chain + "\u{0}" + a
            if addresses[k] == nil { addresses[k] = AddressTotals(); addressOrder.append(k) }
            body(&addresses[k]!)
        }
        func amount(_ s: UTXOTaintEngine.OutputState) -> HaircutAmount { policy == .haircut ? s.haircut : HaircutAmount(exact: s.tainted) }

        for (done, tx) in file.transactions.enumerated() {
            if done % every == 0 && done > 0 { progress?(.swept(done, of: file.transactions.count)) }
            var inputs: [UTXOTaintEngine.OutputState] = []
            for inp in tx.inputs {
                let k = inp.spends
                if let (state, _, address) = utxos.removeValue(forKey: k) {
                    inputs.append(state)
                    totals(tx.chain, address) { t in
                        t.balance -= state.value; t.sent = t.sent.saturatingAdd(state.value)
                        t.taintedSent = t.taintedSent + amount(state)
                    }
                    rows[rowOfOutput[k]!][11] = tx.hash
                } else {
                    let v = inp.amount ?? .zero
                    inputs.append(UTXOTaintEngine.OutputState(value: v))
                    totals(tx.chain, inp.address ?? "") { t in t.injected = t.injected.saturatingAdd(v); t.sent = t.sent.saturatingAdd(v) }
                }
            }
            let marked = tx.outputs.map { sources.isMarkedOutput(chain: tx.chain, txHash: tx.hash, n: $0.n, address: $0.address, block: tx.block) }
            let result = engine.process(inputs: inputs, outputs: tx.outputs.map(\.amount), marked: marked)
            for (k, o) in tx.outputs.enumerated() {
                let r = result.outputs[k]
                let key = tx.outpoint(o.n)
                utxos[key] = (r.state, tx.chain, o.address)
                rowOfOutput[key] = rows.count
                let taint = amount(r.state)
                rows.append([tx.chain, tx.hash, "out", String(o.n), o.address, o.amount.description, policy.rawValue,
                             engine.taintText(r.state), taint.fractionText(of: o.amount), r.carried, r.marked ? "1" : "0", ""])
                totals(tx.chain, o.address) { t in
                    t.balance = t.balance.saturatingAdd(o.amount); t.received = t.received.saturatingAdd(o.amount)
                    t.taintedReceived = t.taintedReceived + taint
                    if r.marked { t.receivedSource = true }
                }
            }
            if !tx.isCoinbase {
                let ft = result.feeTainted
                rows.append([tx.chain, tx.hash, "fee", "", "", result.fee.description, policy.rawValue, ft.decimalText,
                             ft.fractionText(of: result.fee), ft.decimalText, "0", ""])
            }
        }

        let out = try CSVWriter(path: outOutputs)
        try out.write(outputColumns)
        for (i, r) in rows.enumerated() {
            if i % every == 0 && i > 0 { progress?(.written(i, of: rows.count)) }
            try out.write(r)
        }
        try out.close()

        var held = HaircutAmount.zero
        var heldByAddress: [String: HaircutAmount] = [:]
        // In the order the outputs were created: haircut sums are floating
        // point, and the dictionary's order changes from run to run, so the
        // same input gave summaries differing in the last digits.
        for (_, u) in utxos.map({ (rowOfOutput[$0.key]!, $0.value) }).sorted(by: { $0.0 < $1.0 }) {
            let t = amount(u.state)
            held = held + t
            let k = u.chain + "\u{0}" + u.address
            heldByAddress[k] = heldByAddress[k, default: .zero] + t
        }
        let addr = try CSVWriter(path: outAddresses)
        try addr.write(LedgerKeyReport.columns)
        for k in addressOrder {
            let t = addresses[k]!
            let parts = k.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            let h = heldByAddress[k] ?? .zero
            try addr.write([String(parts[0]), String(parts[1]), "", policy.rawValue, t.balance.description, t.injected.description,
                            t.received.description, t.sent.description, "0", t.taintedReceived.decimalText, t.taintedSent.decimalText,
                            h.decimalText, h.fractionText(of: t.balance), t.taintedReceived.fractionText(of: t.received),
                            "0", t.receivedSource ? "1" : "0"])
        }
        try addr.close()
        let json = TaintSummaryJSON.render(created: engine.created, held: held.decimalText, feeSink: engine.feeSinkText,
                                           reabsorbed: engine.reabsorbedText, absorbed: "0", wholeHeld: .zero)
        try Data(json.utf8).write(to: URL(fileURLWithPath: summaryPath))
        return sources.rulesIgnored(by: .utxo)
    }
}
