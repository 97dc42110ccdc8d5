import FundTraceModel
import FundTraceStore

/// The taint contract's canonical UTXO CSV (§4.1), one row per input or output:
/// `chain,tx_hash,block,tx_index,timestamp,io,n,address,amount,prev_tx_hash,prev_n`.
///
/// Rows are stored as they come; the ordering and spending rules of §4.2 are
/// checked when transactions are swept, where the whole history is known.
struct CanonicalUTXOImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let chain = try r.requiredString("chain")
        let txHash = try r.requiredString("tx_hash")
        let block = try r.uint("block")
        let txIndex = try r.uint("tx_index")
        let timestamp = try CanonicalTimestamp.parse(r, "timestamp")
        let io = try r.requiredString("io")
        let n = try r.uint("n")
        let chainID = try ctx.chainID(chain)
        let meta = TransactionMeta(block: block, txIndex: txIndex, timestamp: timestamp)
        switch io {
        case "out":
            let address = try canonicalAddress(r, "address")
            let amount = try r.amount("amount")
            let txID = try ctx.writer.transactionID(chain: chainID, hash: txHash, meta: meta)
            let write = try ctx.writer.insertOutput(txID: txID, n: Int(n), addressID: ctx.writer.addressID(address), value: amount, loadID: ctx.loadID)
            return try write.rowOutcome(r.problem("n", "output \(txHash.prefix(80)):\(n) is already stored with another address or amount"))
        case "in":
            let prevHash = try r.requiredString("prev_tx_hash")
            let prevN = try r.uint("prev_n")
            let address = try r.string("address") == nil ? nil : try canonicalAddress(r, "address")
            let amount = try r.optionalAmount("amount")
            let txID = try ctx.writer.transactionID(chain: chainID, hash: txHash, meta: meta)
            let prevID = try ctx.writer.transactionID(chain: chainID, hash: prevHash, meta: TransactionMeta())
            let write = try ctx.writer.insertInput(txID: txID, n: Int(n), prevTxID: prevID, prevN: Int(prevN),
                                                   addressID: address.map(ctx.writer.addressID), value: amount, loadID: ctx.loadID)
            return try write.rowOutcome(
                r.problem("n", "input \(txHash.prefix(80)):\(n) is already stored spending another output, or with another address or amount"))
        default:
            throw r.problem("io", "must be 'in' or 'out', found '\(io.prefix(20))'")
        }
    }
}
