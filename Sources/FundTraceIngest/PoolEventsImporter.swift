import Foundation
import FundTraceModel
import FundTraceStore

/// Mixer pool events, the evidence the mixer heuristics read beside the
/// transfers: `chain,tx_hash,pool,action,account,amount,gas_price,timestamp`,
/// `action` = `deposit` or `withdrawal`, `account` = the depositor or the
/// withdrawal's recipient (not the relayer that sent it), `amount` in base
/// units, `gas_price` in wei (may be empty), `timestamp` in Unix seconds or
/// ISO 8601 (may be empty).
///
/// Each row labels `pool` as a mixer on its chain and records the
/// transaction's gas price and time; the value itself moves in the transfers
/// loaded beside it (a pool's deposits and payouts), which the rows do not
/// replace. A row is counted as stored.
struct PoolEventsImporter: RecordImporter {
    static let header = ["chain", "tx_hash", "pool", "action", "account", "amount", "gas_price", "timestamp"]
    let source: String

    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let chain = try r.requiredString("chain")
        let hash = Address.storeForm(try r.requiredString("tx_hash"))
        let pool = try canonicalAddress(r, "pool")
        guard !pool.isEmpty else { throw r.problem("pool", "empty pool address") }
        let action = try r.requiredString("action")
        guard action == "deposit" || action == "withdrawal" else { throw r.problem("action", "must be deposit or withdrawal, not '\(action.prefix(20))'") }
        _ = try canonicalAddress(r, "account")
        _ = try r.amount("amount")
        let gasPrice = try r.optionalAmount("gas_price")
        let timestamp = try CanonicalTimestamp.parse(r, "timestamp")
        let chainID = try ctx.chainID(chain)
        _ = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(timestamp: timestamp, gasPrice: gasPrice))
        try ctx.writer.insertLabel(AddressLabel(chain: chain, address: pool, label: "Mixer pool (from pool events)", category: .mixer,
                                                sourceCategory: "pool_events", source: source))
        return .stored
    }
}
