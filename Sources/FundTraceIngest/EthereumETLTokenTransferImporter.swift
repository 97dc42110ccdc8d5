import FundTraceModel
import FundTraceStore

/// ethereum-etl `token_transfers.csv` rows (and `token_transfer` JSON records):
/// ERC-20 `Transfer` events, keyed by transaction and log index.
struct EthereumETLTokenTransferImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let token = try r.evmAddress("token_address")
        let from = try r.evmAddress("from_address")
        let to = try r.evmAddress("to_address")
        let value = try r.amount("value")
        let hash = try r.evmHash("transaction_hash")
        let logIndex = try r.uint("log_index")
        let block = try r.uint("block_number")
        let timestamp = try r.optionalInt64("block_timestamp")

        let chain = ctx.defaultChain
        let chainID = try ctx.chainID(chain)
        let asset = try ctx.tokenAsset(chain: chainID, name: chain, contract: token)
        let fromID = try ctx.writer.addressID(from)
        let toID = try ctx.writer.addressID(to)
        if let timestamp { try ctx.writer.upsertBlock(chain: chainID, number: block, timestamp: timestamp, hash: nil) }
        let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(block: block))
        let inserted = try ctx.writer.insertTransfer(txID: txID, kind: .token, logIndex: logIndex, traceAddress: "", chain: chainID,
                                                     block: block, fromID: fromID, toID: toID, assetID: asset, amount: value,
                                                     loadID: ctx.loadID)
        return inserted ? .stored : .duplicate
    }
}
