import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Writes the store's account transfers as the taint contract's canonical CSV
/// (§3.1), in the store's total order, so any loaded dataset can feed the
/// contract's interface (`fundtrace taint account`) and the scores of a
/// store sweep can be checked against it.
///
/// Native and internal transfers carry log index 0; inside a transaction
/// they come before token transfers, in trace order, and ties of
/// `(block, tx_index, log_index)` are broken by file row exactly as the
/// contract breaks them, so the CSV reproduces the sweep order.
public enum CanonicalTransfersExporter {
    /// Writes every account transfer (or those of `chain`); returns the row count.
    /// `progress` gets the number of rows written every 100,000 rows.
    @discardableResult
    public static func export(store: TransferStore, chain: String? = nil, to out: CSVWriter, progress: ((Int) -> Void)? = nil) throws -> Int {
        try out.write(FormatDetector.canonicalTransfersHeader)
        var n = 0
        try store.scan { reader in
            try reader.forEachAccountTransfer(chain: chain) { st in
                let t = st.transfer
                try out.write([t.chain, t.txHash, String(t.block), String(t.txIndex), String(t.logIndex),
                               t.timestamp.map(String.init) ?? "", t.from, t.to, t.asset, t.amount.description,
                               t.fee.isZero ? "" : t.fee.description])
                n += 1
                if n % 100_000 == 0 { progress?(n) }
            }
        }
        try out.flush()
        return n
    }
}
