import FundTraceModel
import FundTraceStore

/// ethereum-etl `transactions.csv` rows (and `transaction` JSON records, which
/// also carry `receipt_*` fields): the native value of each transaction and
/// the facts its fee is computed from.
struct EthereumETLTransactionImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let hash = try r.evmHash("hash")
        let block = try r.uint("block_number")
        let txIndex = try r.optionalUInt("transaction_index")
        let from = try r.evmAddress("from_address")
        let value = try r.amount("value")
        let gasPrice = try r.optionalAmount("gas_price")
        let timestamp = try r.optionalInt64("block_timestamp")
        let nonce = try r.optionalUInt("nonce")
        let gasUsed = try r.optionalUInt("receipt_gas_used")
        let effective = try r.optionalAmount("receipt_effective_gas_price")
        let status = try r.optionalUInt("receipt_status")
        var to = try r.optionalEVMAddress("to_address")
        if to == nil {
            // Contract creation: the value goes to the created contract.
            to = try nonce.flatMap { ContractAddress.created(by: from, nonce: $0) } ?? r.optionalEVMAddress("receipt_contract_address")
        }
        guard let to else { throw r.problem("to_address", "empty recipient and no nonce to derive the created contract from") }

        let chain = ctx.defaultChain
        let chainID = try ctx.chainID(chain)
        let asset = try ctx.nativeAsset(chain: chainID, name: chain)
        let fromID = try ctx.writer.addressID(from)
        let toID = try ctx.writer.addressID(to)
        if let timestamp { try ctx.writer.upsertBlock(chain: chainID, number: block, timestamp: timestamp, hash: nil) }
        let meta = TransactionMeta(block: block, txIndex: txIndex, timestamp: timestamp, fromID: fromID, gasUsed: gasUsed,
                                   gasPrice: gasPrice, effectiveGasPrice: effective, success: status.map { $0 != 0 })
        let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: meta)
        let inserted = try ctx.writer.insertTransfer(txID: txID, kind: .native, logIndex: 0, traceAddress: "", chain: chainID,
                                                     block: block, fromID: fromID, toID: toID, assetID: asset, amount: value,
                                                     loadID: ctx.loadID)
        return inserted ? .stored : .duplicate
    }
}

/// ethereum-etl `receipts.csv` rows: status, gas used and effective gas price,
/// merged into the transaction (they decide its fee and whether value moved).
struct EthereumETLReceiptImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let hash = try r.evmHash("transaction_hash")
        let block = try r.optionalUInt("block_number")
        let txIndex = try r.optionalUInt("transaction_index")
        let gasUsed = try r.optionalUInt("gas_used")
        let effective = try r.optionalAmount("effective_gas_price")
        let status = try r.optionalUInt("status")
        let chainID = try ctx.chainID(ctx.defaultChain)
        let meta = TransactionMeta(block: block, txIndex: txIndex, gasUsed: gasUsed, effectiveGasPrice: effective,
                                   success: status.map { $0 != 0 })
        _ = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: meta)
        return .stored
    }
}

/// ethereum-etl `blocks.csv` rows: block timestamps.
struct EthereumETLBlockImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let number = try r.uint("number")
        let timestamp = try r.optionalInt64("timestamp")
        let hash = try r.string("hash")
        try ctx.writer.upsertBlock(chain: ctx.chainID(ctx.defaultChain), number: number, timestamp: timestamp, hash: hash)
        return .stored
    }
}

/// ethereum-etl `tokens.csv` rows: token symbol, name and decimals.
/// Names and symbols are untrusted on-chain strings, stored verbatim and
/// escaped wherever they are written out.
struct EthereumETLTokenImporter: RecordImporter {
    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        let address = try r.evmAddress("address")
        let symbol = try r.string("symbol")
        let name = try r.string("name")
        // ethereum-etl leaves decimals empty (or garbage) when the contract misbehaves: unknown, not an error.
        let decimals = (try? r.optionalUInt("decimals")).flatMap { $0 }.flatMap { $0 <= 255 ? Int($0) : nil }
        try ctx.writer.upsertToken(chain: ctx.chainID(ctx.defaultChain), address: address, symbol: symbol, name: name, decimals: decimals)
        return .stored
    }
}
