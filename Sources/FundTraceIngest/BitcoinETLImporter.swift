import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// bitcoin-etl `transactions.json` lines: one UTXO transaction each, with its
/// ordered inputs (spent outpoint, address, value) and outputs (address,
/// value), values in satoshi. Also fits the Bitcoin-family chains bitcoin-etl
/// exports (Bitcoin Cash, Dogecoin, Litecoin, Zcash' transparent part).
///
/// Outputs without an address (OP_RETURN, non-standard scripts) are stored
/// under the synthetic address `script:<type>` so their value stays accounted;
/// multisig outputs listing several addresses are stored under the addresses
/// joined with `+`.
struct BitcoinETLImporter {
    func importTransaction(_ v: JSONValue, _ ctx: ImportContext) throws -> RowOutcome {
        guard case .object(let o) = v else { throw RowProblem(.syntax("not a JSON object")) }
        let r = JSONRecord(object: o)
        let hash = try r.requiredString("hash")
        let block = try r.uint("block_number")
        let index = try r.optionalUInt("index")
        let timestamp = try r.optionalInt64("block_timestamp")
        guard let inputs = o["inputs"]?.arrayValue, let outputs = o["outputs"]?.arrayValue else {
            throw RowProblem(.format("'inputs' and 'outputs' arrays are required"))
        }
        struct In { var n: Int; var prev: String; var prevN: Int; var address: String?; var value: Amount? }
        struct Out { var n: Int; var address: String; var value: Amount }
        let parsedOutputs: [Out] = try outputs.enumerated().map { (i, ov) in
            guard case .object(let oo) = ov else { throw RowProblem(.format("output \(i) is not an object")) }
            let rr = JSONRecord(object: oo)
            let n = try rr.optionalUInt("index").map(Int.init) ?? i
            let value = try rr.amount("value")
            return Out(n: n, address: try Self.address(oo, i, "output"), value: value)
        }
        let parsedInputs: [In] = try inputs.enumerated().compactMap { (i, iv) in
            guard case .object(let io) = iv else { throw RowProblem(.format("input \(i) is not an object")) }
            let rr = JSONRecord(object: io)
            guard let prev = try rr.string("spent_transaction_hash") else { return nil }  // coinbase input
            let prevN = try Int(rr.uint("spent_output_index"))
            let n = try rr.optionalUInt("index").map(Int.init) ?? i
            let address = (io["addresses"]?.arrayValue?.isEmpty ?? true) ? nil : try Self.address(io, i, "input")
            return In(n: n, prev: prev, prevN: prevN, address: address, value: try rr.optionalAmount("value"))
        }

        let chainID = try ctx.chainID(ctx.defaultChain)
        if let timestamp { try ctx.writer.upsertBlock(chain: chainID, number: block, timestamp: timestamp, hash: try r.string("block_hash")) }
        let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(block: block, txIndex: index, timestamp: timestamp))
        var any = false
        for out in parsedOutputs {
            let write = try ctx.writer.insertOutput(txID: txID, n: out.n, addressID: ctx.writer.addressID(out.address), value: out.value, loadID: ctx.loadID)
            if try write.rowOutcome(RowProblem(.inconsistent("output \(out.n) of \(hash.prefix(80)) is already stored with another address or value"))) == .stored { any = true }
        }
        for inp in parsedInputs {
            let prevID = try ctx.writer.transactionID(chain: chainID, hash: inp.prev, meta: TransactionMeta())
            let write = try ctx.writer.insertInput(txID: txID, n: inp.n, prevTxID: prevID, prevN: inp.prevN,
                                                   addressID: inp.address.map(ctx.writer.addressID), value: inp.value, loadID: ctx.loadID)
            let conflict = "input \(inp.n) of \(hash.prefix(80)) is already stored spending another output, or with another address or value"
            if try write.rowOutcome(RowProblem(.inconsistent(conflict))) == .stored { any = true }
        }
        return any ? .stored : .duplicate
    }

    static func address(_ o: [String: JSONValue], _ i: Int, _ what: String) throws -> String {
        let list = (o["addresses"]?.arrayValue ?? []).compactMap(\.text)
        if list.isEmpty { return "script:" + (o["type"]?.text ?? "unknown") }
        for a in list {
            if case .failure(let e) = Address.utxo(a) { throw RowProblem(.value("\(what) \(i): address '\(a.prefix(80))': \(e)")) }
        }
        return list.joined(separator: "+")
    }
}
