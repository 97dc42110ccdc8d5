import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Finds Etherscan export columns by *name*: Etherscan has renamed and
/// reordered its CSV headers over time (`Txhash` / `Transaction Hash`,
/// `Value_IN(ETH)` / `Value_IN(BNB)` on other explorers …), so columns are
/// matched on their lower-cased alphanumeric spelling.
struct EtherscanColumns {
    private var byNorm: [String: String] = [:]
    private let header: [String]

    static func normalize(_ s: String) -> String {
        String(String.UnicodeScalarView(s.lowercased().unicodeScalars.filter { CharacterSet_isAlnum($0) }))
    }

    init(header: [String]) {
        self.header = header
        for h in header { byNorm[Self.normalize(h)] = byNorm[Self.normalize(h)] ?? h }
    }

    /// The header name of the first column whose normalised name is one of `names`.
    func named(_ names: String...) -> String? {
        for n in names { if let h = byNorm[n] { return h } }
        return nil
    }

    /// The header name of the first column whose normalised name starts with `prefix` (and is not in USD).
    func prefixed(_ prefix: String) -> String? {
        header.first { let n = Self.normalize($0); return n.hasPrefix(prefix) && !n.hasSuffix("usd") }
    }
}

private func CharacterSet_isAlnum(_ u: Unicode.Scalar) -> Bool {
    (u >= "a" && u <= "z") || (u >= "0" && u <= "9")
}

/// Etherscan (and its sister explorers') CSV exports of an address's history:
/// normal transactions, internal transactions and token transfers.
///
/// Values are decimal numbers in whole units (`1.5` ETH, `1,234.56` USDT) and
/// are converted to base units exactly. Token exports do not state decimals:
/// they come from `--decimals`, from token metadata already in the store
/// (`tokens.csv`), or from ``KnownToken``'s list of well-known tokens; otherwise the row
/// is rejected saying so. The exports carry no log or trace index, so rows are
/// numbered by their order of appearance within their transaction.
struct EtherscanImporter: RecordImporter {
    enum Kind { case transactions, `internal`, tokens }
    let kind: Kind
    let columns: EtherscanColumns
    let knownDecimals: [String: Int]


    func importRecord(_ r: RecordFields, _ ctx: ImportContext) throws -> RowOutcome {
        guard let hashCol = columns.named("txhash", "transactionhash") else { throw RowProblem(.format("no transaction hash column")) }
        guard let blockCol = columns.named("blockno", "blocknumber", "block") else { throw RowProblem(.format("no block number column")) }
        let hash = try r.evmHash(hashCol)
        let block = try r.uint(blockCol)
        let timestamp = try columns.named("unixtimestamp", "timestamp").flatMap { try r.optionalInt64($0) }
        let failed = try isFailed(r)
        let chain = ctx.defaultChain
        let chainID = try ctx.chainID(chain)
        let nativeDecimals = ChainInfo.named(chain).nativeDecimals ?? 18

        switch kind {
        case .transactions:
            let fromCol = columns.named("from") ?? "From"
            let from = try r.evmAddress(fromCol)
            let to = try recipient(r)
            let value = try valueInOut(r, decimals: nativeDecimals)
            let fee = try columns.prefixed("txnfee").flatMap { c in try r.optional(c).map { try units(r, c, $0, decimals: nativeDecimals) } }
            let fromID = try ctx.writer.addressID(from)
            let toID = try ctx.writer.addressID(to)
            let asset = try ctx.nativeAsset(chain: chainID, name: chain)
            let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(
                block: block, timestamp: timestamp, fromID: fromID, gasPrice: try gasPrice(r), fee: fee, success: !failed))
            let inserted = try ctx.writer.insertTransfer(txID: txID, kind: .native, logIndex: 0, traceAddress: "", chain: chainID, block: block,
                                                         fromID: fromID, toID: toID, assetID: asset, amount: value, loadID: ctx.loadID)
            return inserted ? .stored : .duplicate
        case .internal:
            if failed { return .skipped("failed internal transaction") }
            let from = try r.evmAddress(columns.named("from") ?? "From")
            let to = try recipient(r)
            let value = try valueInOut(r, decimals: nativeDecimals)
            if value.isZero { return .skipped("zero-value internal transaction") }
            let asset = try ctx.nativeAsset(chain: chainID, name: chain)
            let fromID = try ctx.writer.addressID(from)
            let toID = try ctx.writer.addressID(to)
            let n = ctx.nextOccurrence("i" + hash)
            let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(block: block, timestamp: timestamp))
            let inserted = try ctx.writer.insertTransfer(txID: txID, kind: .internal, logIndex: 0, traceAddress: "etherscan." + String(n),
                                                         chain: chainID, block: block, fromID: fromID, toID: toID, assetID: asset,
                                                         amount: value, loadID: ctx.loadID)
            return inserted ? .stored : .duplicate
        case .tokens:
            let from = try r.evmAddress(columns.named("from") ?? "From")
            let to = try r.evmAddress(columns.named("to") ?? "To")
            guard let contractCol = columns.named("contractaddress", "tokenaddress") else { throw RowProblem(.format("no contract address column")) }
            let contract = try r.evmAddress(contractCol)
            let symbol = try columns.named("tokensymbol", "symbol").flatMap { try r.string($0) }
            let name = try columns.named("tokenname", "name").flatMap { try r.string($0) }
            guard let valueCol = columns.named("tokenvalue", "quantity", "value") else { throw RowProblem(.format("no token value column")) }
            guard let decimals = knownDecimals[contract] ?? symbol.flatMap({ ctx.tokenDecimals[$0] }) ?? ctx.tokenDecimals[contract]
                    ?? KnownToken.lookup(chain: chain, contract: contract)?.decimals else {
                throw r.problem(valueCol, "decimals of token \(contract) (\(symbol ?? "?")) unknown: load its tokens.csv first or pass --decimals \(contract)=N")
            }
            let value = try units(r, valueCol, r.required(valueCol), decimals: decimals)
            let asset = try ctx.tokenAsset(chain: chainID, name: chain, contract: contract)
            try ctx.writer.upsertToken(chain: chainID, address: contract, symbol: symbol, name: name, decimals: decimals)
            let fromID = try ctx.writer.addressID(from)
            let toID = try ctx.writer.addressID(to)
            let n = ctx.nextOccurrence("t" + hash)
            let txID = try ctx.writer.transactionID(chain: chainID, hash: hash, meta: TransactionMeta(block: block, timestamp: timestamp))
            let inserted = try ctx.writer.insertTransfer(txID: txID, kind: .token, logIndex: n, traceAddress: "", chain: chainID, block: block,
                                                         fromID: fromID, toID: toID, assetID: asset, amount: value, loadID: ctx.loadID)
            return inserted ? .stored : .duplicate
        }
    }

    private func isFailed(_ r: RecordFields) throws -> Bool {
        if let c = columns.named("iserror"), let v = try r.string(c) { return v != "0" }
        if let c = columns.named("status"), let v = try r.string(c) { return v.lowercased().contains("error") || v == "0" }
        return false
    }

    /// `To`, or for a contract creation the `ContractAddress` column.
    private func recipient(_ r: RecordFields) throws -> String {
        if let c = columns.named("to", "txto"), let a = try r.optionalEVMAddress(c) { return a }
        if let c = columns.named("contractaddress"), let a = try r.optionalEVMAddress(c) { return a }
        throw RowProblem(column: columns.named("to", "txto").flatMap { r.column($0) }, .value("no recipient: neither 'To' nor 'ContractAddress' is set"))
    }

    /// The value from `Value_IN` / `Value_OUT` (one of them is zero), or `Value`.
    /// The gas price, when the export has one: `gasPrice` in wei (the API's
    /// field, kept by API-to-CSV exports) or `Gas Price (Gwei)`.
    private func gasPrice(_ r: RecordFields) throws -> Amount? {
        if let c = columns.named("gasprice", "gaspricewei"), let b = r.optional(c) { return try units(r, c, b, decimals: 0) }
        if let c = columns.named("gaspricegwei"), let b = r.optional(c) { return try units(r, c, b, decimals: 9) }
        return nil
    }

    private func valueInOut(_ r: RecordFields, decimals: Int) throws -> Amount {
        var total = Amount.zero
        var found = false
        for c in [columns.prefixed("valuein"), columns.prefixed("valueout")].compactMap({ $0 }) {
            found = true
            if let b = r.optional(c) { total = total.saturatingAdd(try units(r, c, b, decimals: decimals)) }
        }
        if !found, let c = columns.named("value"), let b = r.optional(c) { total = try units(r, c, b, decimals: decimals) }
        return total
    }

    private func units(_ r: RecordFields, _ column: String, _ bytes: ArraySlice<UInt8>, decimals: Int) throws -> Amount {
        let text = Substring(String(decoding: bytes, as: UTF8.self))
        switch Amount.parseUnits(text, decimals: decimals) {
        case .success(let v): return v
        case .failure(let e): throw r.problem(column, "\(e): '\(text.prefix(80))'")
        }
    }
}
