import FundTraceModel
import FundTraceCSV
import FundTraceIngest
import FundTraceTaint

/// The rows of a canonical account transfers CSV (§3.1), validated as §3.2
/// requires, and their processing order (§3.3).
public struct AccountTransferFile {
    public struct Row: Sendable {
        /// 1-based data row.
        public var row: Int
        public var chain: String
        public var txHash: String
        public var block: UInt64
        public var txIndex: UInt64
        public var logIndex: UInt64
        public var timestamp: String
        public var from: String
        public var to: String
        public var asset: String
        public var amount: Amount
        public var fee: Amount

        public init(row: Int, chain: String, txHash: String, block: UInt64, txIndex: UInt64, logIndex: UInt64, timestamp: String = "",
                    from: String, to: String, asset: String, amount: Amount, fee: Amount = .zero) {
            self.row = row; self.chain = chain; self.txHash = txHash; self.block = block; self.txIndex = txIndex
            self.logIndex = logIndex; self.timestamp = timestamp; self.from = from; self.to = to; self.asset = asset
            self.amount = amount; self.fee = fee
        }
    }

    // The rows, column by column: a whole store's export has millions, and as
    // `Row` values (six strings and two five-word amounts each) 5 M rows took
    // 1.65 GB. Repeating names (chain, addresses, asset) are kept once, the
    // hash and timestamp texts in one byte buffer, amounts packed.
    private var fileRows: [Int] = []
    /// The chain, address and asset names of every row, for ``nameIDs(_:)``.
    private(set) var names = NameTable()
    private var rowNames: [(chain: UInt32, from: UInt32, to: UInt32, asset: UInt32)] = []
    private var orderKeys: [(block: UInt64, txIndex: UInt64, logIndex: UInt64)] = []
    /// Tx hashes and timestamps, back to back; `textEnds[2i]` ends row i's hash, `textEnds[2i + 1]` its timestamp.
    private var text: [UInt8] = []
    private var textEnds: [Int] = []
    /// Per row: amount, fee.
    private var amounts: [(PackedAmount, PackedAmount)] = []
    private var wide = WideTable()

    /// Row `i`'s chain, from, to and asset as ids of ``names``.
    func nameIDs(_ i: Int) -> (chain: UInt32, from: UInt32, to: UInt32, asset: UInt32) { rowNames[i] }

    /// The rows in file order, rebuilt from the columns on access.
    public var rows: Rows { Rows(file: self) }

    /// The rows of a file, in file order. Each access builds a ``Row``.
    public struct Rows: RandomAccessCollection {
        let file: AccountTransferFile
        public var startIndex: Int { 0 }
        public var endIndex: Int { file.fileRows.count }
        public subscript(i: Int) -> Row { file.row(i) }
    }

    /// Rows given directly (each with its 1-based file row).
    public init(rows: [Row]) { for r in rows { append(r) } }
    init() {}

    private mutating func append(_ r: Row) {
        append(row: r.row, chain: names.id(r.chain), txHash: Array(r.txHash.utf8), block: r.block, txIndex: r.txIndex,
               logIndex: r.logIndex, timestamp: Array(r.timestamp.utf8), from: names.id(r.from), to: names.id(r.to),
               asset: names.id(r.asset), amount: r.amount, fee: r.fee)
    }

    private mutating func append<H: Collection<UInt8>, T: Collection<UInt8>>(
        row: Int, chain: UInt32, txHash: H, block: UInt64, txIndex: UInt64, logIndex: UInt64, timestamp: T,
        from: UInt32, to: UInt32, asset: UInt32, amount: Amount, fee: Amount) {
        fileRows.append(row)
        rowNames.append((chain, from, to, asset))
        orderKeys.append((block, txIndex, logIndex))
        text.append(contentsOf: txHash); textEnds.append(text.count)
        text.append(contentsOf: timestamp); textEnds.append(text.count)
        amounts.append((PackedAmount.zero.replaced(by: amount, &wide), PackedAmount.zero.replaced(by: fee, &wide)))
    }

    private mutating func id(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        names.id(bytes)
    }

    private mutating func reserve(rows: Int, textBytes: Int) {
        fileRows.reserveCapacity(rows); rowNames.reserveCapacity(rows); orderKeys.reserveCapacity(rows)
        textEnds.reserveCapacity(2 * rows); amounts.reserveCapacity(rows); text.reserveCapacity(textBytes)
    }

    /// Row `i`'s 1-based data row in the file.
    @inline(__always)
    func fileRow(_ i: Int) -> Int { fileRows[i] }

    /// Row `i`'s amount and fee, without building the row.
    @inline(__always)
    func amountAndFee(_ i: Int) -> (amount: Amount, fee: Amount) { (amounts[i].0.unpack(wide), amounts[i].1.unpack(wide)) }

    /// Row `i`'s block, tx_index and log_index.
    @inline(__always)
    func orderKey(_ i: Int) -> (block: UInt64, txIndex: UInt64, logIndex: UInt64) { orderKeys[i] }

    /// Row `i`'s transaction hash.
    func txHash(_ i: Int) -> String {
        String(decoding: text[(i == 0 ? 0 : textEnds[2 * i - 1])..<textEnds[2 * i]], as: UTF8.self)
    }

    private func row(_ i: Int) -> Row {
        let n = rowNames[i], k = orderKeys[i]
        let hashStart = i == 0 ? 0 : textEnds[2 * i - 1], hashEnd = textEnds[2 * i], timeEnd = textEnds[2 * i + 1]
        return Row(row: fileRows[i], chain: names[n.chain], txHash: String(decoding: text[hashStart..<hashEnd], as: UTF8.self),
                   block: k.block, txIndex: k.txIndex, logIndex: k.logIndex,
                   timestamp: String(decoding: text[hashEnd..<timeEnd], as: UTF8.self),
                   from: names[n.from], to: names[n.to], asset: names[n.asset],
                   amount: amounts[i].0.unpack(wide), fee: amounts[i].1.unpack(wide))
    }

    /// Row indices in processing order: chain by chain, in the order of each
    /// chain's first row, and within a chain by `(block, tx_index, log_index,
    /// file_row)` (§3.3).
    ///
    /// Chains are independent ledgers (§3.3), so sweeping each whole gives
    /// every transfer and key the contract's result. It is also the order in
    /// which `fundtrace score` sweeps a store (chain by chain, as `export
    /// transfers` lists them), so on a store's export both number keys alike
    /// and add haircut's approximate totals in the same order: their
    /// summaries agree to the last digit, not only within §5's tolerance.
    public var processingOrder: [Int] {
        var rankOfName: [Int32] = Array(repeating: -1, count: Int(rowNames.lazy.map(\.chain).max() ?? 0) + 1)
        var chains: Int32 = 0
        for n in rowNames where rankOfName[Int(n.chain)] < 0 { rankOfName[Int(n.chain)] = chains; chains += 1 }
        let chainRank = chains > 1 ? rowNames.map { rankOfName[Int($0.chain)] } : []
        return fileRows.indices.sorted { a, b in
            if chains > 1, chainRank[a] != chainRank[b] { return chainRank[a] < chainRank[b] }
            let x = orderKeys[a], y = orderKeys[b]
            if x.block != y.block { return x.block < y.block }
            if x.txIndex != y.txIndex { return x.txIndex < y.txIndex }
            if x.logIndex != y.logIndex { return x.logIndex < y.logIndex }
            return fileRows[a] < fileRows[b]
        }
    }

    /// Reads and validates the whole file; the first invalid row throws with its line.
    /// `progress` gets the number of rows read every `every` rows.
    public static func read(path: String, progress: ((Int) -> Void)? = nil, every: Int = 100_000) throws -> AccountTransferFile {
        let reader = try CSVReader(path: path)
        let header = try reader.readHeader()
        guard FormatDetector.isCanonicalTransfersHeader(header) else {
            throw IngestError(file: path, line: 1, .header(expected: FormatDetector.canonicalTransfersHeader, note: "(`fee` may be left out)"))
        }
        var file = AccountTransferFile()
        var dataRow = 0
        while try reader.next() {
            dataRow += 1
            if dataRow % every == 0 { progress?(dataRow) }
            // Size the columns for the whole file from its first rows: grown
            // by doubling, they were copied and their pages zeroed again and
            // again (a sixth of the command's time went to zeroing pages).
            if dataRow == 1024, reader.bytesConsumed > 0 {
                let rows = Int(Double(reader.fileSize) / Double(reader.bytesConsumed) * 1024 * 1.05)
                file.reserve(rows: rows, textBytes: file.text.count / 1023 * rows)
            }
            // A row may stop before its optional `fee`: missing trailing fields read as empty.
            guard reader.fieldCount <= header.count else {
                throw IngestError(file: path, line: reader.line, column: header.count + 1,
                                  .fieldCount(expected: header.count, found: reader.fieldCount))
            }
            func integer(_ i: Int, optional: Bool = false) throws -> Amount {
                try CanonicalNumber.amount(trimmedField(reader, i), column: i, line: reader.line, path: path, optional: optional)
            }
            func small(_ i: Int) throws -> UInt64 { try CanonicalNumber.small(trimmedField(reader, i), column: i, line: reader.line, path: path) }
            let block = try small(2), txIndex = try small(3), logIndex = try small(4)
            let amount = try integer(9), fee = try integer(10, optional: true)
            file.append(row: dataRow, chain: file.id(trimmedField(reader, 0)), txHash: trimmedField(reader, 1), block: block,
                        txIndex: txIndex, logIndex: logIndex, timestamp: trimmedField(reader, 5), from: file.id(trimmedField(reader, 6)),
                        to: file.id(trimmedField(reader, 7)), asset: file.id(trimmedField(reader, 8)), amount: amount, fee: fee)
        }
        return file
    }
}
