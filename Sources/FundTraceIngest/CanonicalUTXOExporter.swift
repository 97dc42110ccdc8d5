import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Writes the store's UTXO transactions as the taint contract's canonical
/// UTXO CSV (§4.1), so any loaded Bitcoin-like data can feed `fundtrace
/// taint utxo` and the UTXO rows of `fundtrace score` can be checked against it.
///
/// Transactions come in the store's sweep order (`block, tx_index`, then load
/// order), each as its input rows then its output rows. An input that spends
/// a stored output leaves `address` and `amount` empty (the output gives
/// them); one that spends an output the store does not hold carries the
/// address and value its source data gave, as the contract requires of an
/// input with unknown history.
public enum CanonicalUTXOExporter {
    /// Writes every UTXO transaction (or those of `chain`); returns the number
    /// of transactions. `progress` gets that number every 100,000 transactions.
    @discardableResult
    public static func export(store: TransferStore, chain: String? = nil, to out: CSVWriter, progress: ((Int) -> Void)? = nil) throws -> Int {
        try out.write(FormatDetector.canonicalUTXOHeader)
        var n = 0
        try store.scan { reader in
            let names = try reader.chainNames()
            let addresses = try reader.allAddressTexts()
            func address(_ id: Int64?) -> String { id.map { $0 >= 0 && Int($0) < addresses.count ? addresses[Int($0)] ?? "" : "" } ?? "" }
            for chainID in try reader.utxoChainIDs() where chain == nil || names[chainID] == chain {
                let name = names[chainID] ?? ""
                try reader.forEachUTXOTransactionRow(chainID: chainID) { tx in
                    let head = [name, tx.hash, String(tx.block), String(tx.txIndex), tx.timestamp.map(String.init) ?? ""]
                    for i in tx.inputs {
                        let known = i.spendsStoredOutput
                        try out.write(head + ["in", String(i.n), known ? "" : address(i.addressID), known ? "" : i.value?.description ?? "",
                                              i.prevHash, String(i.prevN)])
                    }
                    for o in tx.outputs {
                        try out.write(head + ["out", String(o.n), address(o.addressID), o.value.description, "", ""])
                    }
                    n += 1
                    if n % 100_000 == 0 { progress?(n) }
                }
            }
        }
        try out.flush()
        return n
    }
}
