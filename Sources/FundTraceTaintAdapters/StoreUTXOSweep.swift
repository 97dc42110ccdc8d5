import FundTraceModel
import FundTraceStore
import FundTraceTaint
import FundTraceCSV

/// One ordered sweep of a store's UTXO transactions on one chain through a
/// ``UTXOLedger``: the UTXO half of ``StoreScorer``.
///
/// Transactions come in the order `fundtrace export utxo` writes them, and the
/// store's data is held to the contract's rules (§4.2) as the conformance
/// command holds a file to them, so the per-address numbers equal those of
/// `fundtrace taint utxo` on that export. Memory grows with the unspent
/// outputs and the addresses, not with the transactions.
struct StoreUTXOSweep {
    /// An output named by store ids.
    struct Outpoint: Hashable { var tx: Int64; var n: Int }

    /// Store data the contract would reject (§4.1, §4.2), named by transaction.
    struct InvalidData: Error, CustomStringConvertible {
        var chain: String, tx: String, problem: String
        var description: String { "\(chain) transaction \(tx) \(problem) (taint contract §4.1–§4.2)" }
    }

    let chainID: Int64
    let chain: String
    private(set) var ledger: UTXOLedger<Outpoint, Int64>
    private(set) var transactions = 0

    init(chainID: Int64, chain: String, policy: TaintPolicy) {
        self.chainID = chainID; self.chain = chain
        ledger = UTXOLedger(policy: policy)
    }

    /// Sweeps the chain's transactions; `progress` gets the number swept so far
    /// about every 100,000.
    mutating func run(reader: StoreReader, sources: ResolvedSources, progress: ((Int) -> Void)?) throws {
        try reader.forEachUTXOTransactionRow(chainID: chainID) { tx in
            try process(tx, sources)
            transactions += 1
            if transactions % 100_000 == 0 { progress?(transactions) }
        }
    }

    private mutating func process(_ tx: UTXOTransactionRow, _ sources: ResolvedSources) throws {
        func invalid(_ problem: String) -> InvalidData { InvalidData(chain: chain, tx: tx.hash, problem: problem) }
        for (i, o) in tx.outputs.enumerated() where o.n != i { throw invalid("numbers its outputs with a gap at \(i)") }
        for (i, inp) in tx.inputs.enumerated() where inp.n != i { throw invalid("numbers its inputs with a gap at \(i)") }
        var inputs: [UTXOLedger<Outpoint, Int64>.Spent] = []
        var vin = Amount.zero
        for inp in tx.inputs {
            let spent: UTXOLedger<Outpoint, Int64>.Spent
            if inp.spendsStoredOutput {
                guard let s = ledger.spend(Outpoint(tx: inp.prevTxID, n: inp.prevN)) else {
                    throw invalid("spends \(inp.prevHash):\(inp.prevN), which an earlier transaction spent or which is created later")
                }
                spent = s
            } else {
                guard let address = inp.addressID, let value = inp.value else {
                    throw invalid("spends \(inp.prevHash):\(inp.prevN), which the store does not hold, without the address and value such an input needs")
                }
                spent = ledger.spendUnknown(address: address, value: value)
            }
            vin = vin.saturatingAdd(spent.state.value)
            inputs.append(spent)
        }
        var vout = Amount.zero
        for o in tx.outputs { vout = vout.saturatingAdd(o.value) }
        if !tx.isCoinbase && vout > vin { throw invalid("pays out \(vout), more than its inputs' \(vin)") }
        let marked = tx.outputs.map { sources.isMarkedOutput(txID: tx.id, n: $0.n, address: $0.addressID, chainID: chainID, block: tx.block) }
        let atSource = tx.outputs.map { o in sources.address[o.addressID]?.contains { $0.chainID == chainID } ?? false }
        _ = ledger.transact(inputs: inputs, outputs: tx.outputs.map { (Outpoint(tx: tx.id, n: $0.n), $0.addressID, $0.value) },
                            marked: marked, atSource: atSource)
    }
}
