import Foundation
import FundTraceModel
import FundTraceStore

/// ethereum-etl `traces.csv` rows (and `trace` JSON records): internal value
/// transfers made during contract execution.
///
/// Only traces that move value between addresses become transfers. Skipped,
/// with the reason counted: failed traces (`status` 0 or an `error`), whose
/// value did not move; block rewards and genesis allocations, which have no
/// sender; `delegatecall`, which moves no value; and zero-value inner calls.
///
/// A top-level trace (empty `trace_address`) is the transaction's own value:
/// it is stored as the transaction's native transfer, the same row
/// `transactions.csv` gives (so loading both, in either order, stores it once,
/// and a traces-only load still has every value transfer).
struct EthereumETLTraceImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let type = try r.string("trace_type") ?? ""
        if ["reward", "genesis", "daofork"].contains(type) { return .skipped("\(type) trace: no sending address") }
        let status = try r.optionalUInt("status")
        let error = try r.string("error")
        if status == 0 || error != nil { return .skipped("failed trace") }
        let traceAddress = try r.string("trace_address") ?? ""
        let topLevel = traceAddress.isEmpty
        let callType = try r.string("call_type") ?? ""
        if callType == "delegatecall" || callType == "staticcall" { return .skipped("\(callType): no value moves") }
        let value = try r.amount("value")
        if value.isZero && !topLevel { return .skipped("zero-value inner trace") }
        let hash = try r.evmHash("transaction_hash")
        let block = try r.uint("block_number")
        let txIndex = try r.optionalUInt("transaction_index")
        let from = try r.evmAddress("from_address")
        let to = try r.evmAddress("to_address")
        let sortable = topLevel ? "" : try Self.sortableTraceAddress(traceAddress, r)

        let chain = ctx.defaultChain
        let chainID = try ctx.chainID(chain)
        let asset = try ctx.nativeAsset(chain: chainID, name: chain)
        let fromID = try ctx.writer.addressID(from)
        let toID = try ctx.writer.addressID(to)
        let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(block: block, txIndex: txIndex))
        let inserted = try ctx.writer.insertTransfer(txID: txID, kind: topLevel ? .native : .internal, logIndex: 0, traceAddress: sortable, chain: chainID,
                                                     block: block, fromID: fromID, toID: toID, assetID: asset, amount: value,
                                                     loadID: ctx.loadID)
        return inserted ? .stored : .duplicate
    }

    /// `0,10,2` → `000000.000010.000002`: sorts in execution (depth-first) order as text.
    static func sortableTraceAddress(_ text: String, _ r: RecordFields) throws -> String {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { p -> String in
            guard let n = Int(p.trimmingCharacters(in: .whitespaces)), n >= 0, n < 1_000_000 else {
                throw r.problem("trace_address", "not a list of call indices: '\(text.prefix(80))'")
            }
            let s = String(n)
            return String(repeating: "0", count: 6 - s.count) + s
        }.joined(separator: ".")
    }
}
