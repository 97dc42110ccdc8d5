import Foundation
import FundTraceModel
import FundTraceStore

/// The taint contract's canonical account CSV (§3.1):
/// `chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee`,
/// optionally followed by `gas_price` (kept with the transaction, for the mixer heuristics).
///
/// Each row names its chain; any chain name is accepted. A row whose asset is
/// the chain's native symbol is stored as a native transfer, any other as a
/// token transfer of that asset identifier. Position, fee and timestamp are
/// kept per row, so exporting gives the rows back exactly.
struct CanonicalTransfersImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let chain = try r.requiredString("chain")
        let txHash = try r.requiredString("tx_hash")
        let block = try r.uint("block")
        let txIndex = try r.uint("tx_index")
        let logIndex = try r.uint("log_index")
        let timestamp = try CanonicalTimestamp.parse(r, "timestamp")
        let from = try canonicalAddress(r, "from")
        let to = try canonicalAddress(r, "to")
        let asset = try r.string("asset") ?? ""
        let amount = try r.amount("amount")
        let fee = try r.optionalAmount("fee") ?? .zero
        let gasPrice = try r.optionalAmount("gas_price")

        let chainID = try ctx.chainID(chain)
        let native = asset == ChainInfo.named(chain).nativeSymbol
        let assetID = try ctx.writer.assetID(chain: chainID, chainName: chain, code: asset, isNative: native)
        let fromID = try ctx.writer.addressID(from)
        let toID = try ctx.writer.addressID(to)
        let hash = Address.storeForm(txHash)
        let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(block: block, txIndex: txIndex, timestamp: timestamp,
                                                                                                   gasPrice: gasPrice))
        let inserted = try ctx.writer.insertTransferAllowingRepeatedIdentity(
            txID: txID, kind: native ? .native : .token, logIndex: logIndex, chain: chainID, block: block, fromID: fromID, toID: toID,
            assetID: assetID, amount: amount, fee: fee, txIndex: txIndex, timestamp: timestamp, loadID: ctx.loadID)
        return inserted ? .stored : .duplicate
    }
}

/// An address field of the canonical formats: any string without control characters.
func canonicalAddress(_ r: RecordFields, _ name: String) throws -> String {
    let s = try r.string(name) ?? ""
    switch Address.normalized(s) {
    case .success(let a): return a
    case .failure(let e): throw r.problem(name, "\(e)")
    }
}

/// Timestamps of the canonical formats: empty, Unix seconds, or ISO 8601.
enum CanonicalTimestamp {
    static func parse(_ r: RecordFields, _ name: String) throws -> Int64? {
        guard let s = try r.string(name) else { return nil }
        // From 1970 to the year 9999: a chain's time cannot be outside it, and arithmetic on it must not overflow.
        if let v = Int64(s) {
            guard (0...253_402_300_799).contains(v) else { throw r.problem(name, "Unix time \(v) is outside 1970–9999") }
            return v
        }
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: s) { return Int64(d.timeIntervalSince1970) }
        throw r.problem(name, "not a Unix time or ISO 8601 timestamp: '\(s.prefix(40))'")
    }
}
