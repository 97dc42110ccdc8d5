import FundTraceIngest
import FundTraceModel

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

    public private(set) var rows: [Row] = []

    /// Rows given directly (each with its 1-based file row).
    public init(rows: [Row]) { self.rows = rows }
    init() {}

    /// Row indices in processing order: `(block, tx_index, log_index, file_row)`.
    public var processingOrder: [Int] {
        rows.indices.sorted { a, b in
            let x = rows[a], y = rows[b]
            if x.block != y.block { return x.block < y.block }
            if x.txIndex != y.txIndex { return x.txIndex < y.txIndex }
            if x.logIndex != y.logIndex { return x.logIndex < y.logIndex }
            return x.row < y.row
        }
    }

    /// Reads and validates the whole file; the first invalid row throws with its line.
    /// `progress` gets the number of rows read every `every` rows.
    public static func read(path: String, progress: ((Int) -> Void)? = nil, every: Int = 100_000) throws -> AccountTransferFile {
        let reader = try CSVReader(path: path)
        let header = try reader.readHeader()
        guard header == FormatDetector.canonicalTransfersHeader else {
            throw IngestError(file: path, line: 1, reason: "header must be exactly '\(FormatDetector.canonicalTransfersHeader.joined(separator: ","))'")
        }
        var file = AccountTransferFile()
        var dataRow = 0
        var repeated = Set<String>()
        while try reader.next() {
            dataRow += 1
            if dataRow % every == 0 { progress?(dataRow) }
            guard reader.fieldCount == header.count else {
                throw IngestError(file: path, line: reader.line, column: min(reader.fieldCount, header.count) + 1,
                                  reason: "expected \(header.count) fields, found \(reader.fieldCount)")
            }
            func text(_ i: Int) -> String { String(decoding: trimmedField(reader, i), as: UTF8.self) }
            /// A repeating field (chain, address, asset) as one shared string: rows then hold a
            /// reference to it, not a copy each (5 M rows: about a gigabyte less).
            func shared(_ i: Int) -> String { repeated.insert(text(i)).memberAfterInsert }
            func integer(_ i: Int, optional: Bool = false) throws -> Amount {
                let f = trimmedField(reader, i)
                if optional && f.isEmpty { return .zero }
                switch Amount.parseDecimal(f) {
                case .success(let v): return v
                case .failure(let e):
                    throw IngestError(file: path, line: reader.line, column: i + 1, columnName: header[i],
                                      reason: "\(e): '\(String(decoding: f.prefix(80), as: UTF8.self))'")
                }
            }
            func small(_ i: Int) throws -> UInt64 {
                let v = try integer(i)
                guard let s = v.uint64Value else {
                    throw IngestError(file: path, line: reader.line, column: i + 1, columnName: header[i], reason: "value exceeds 2^64-1")
                }
                return s
            }
            file.rows.append(Row(row: dataRow, chain: shared(0), txHash: text(1), block: try small(2), txIndex: try small(3),
                                 logIndex: try small(4), timestamp: text(5), from: shared(6), to: shared(7), asset: shared(8),
                                 amount: try integer(9), fee: try integer(10, optional: true)))
        }
        return file
    }
}

/// A CSV field without surrounding spaces and tabs (the contract trims every field).
func trimmedField(_ reader: CSVReader, _ i: Int) -> ArraySlice<UInt8> {
    var s = reader.field(i)
    while let f = s.first, f == 0x20 || f == 0x09 { s = s.dropFirst() }
    while let l = s.last, l == 0x20 || l == 0x09 { s = s.dropLast() }
    return s
}
