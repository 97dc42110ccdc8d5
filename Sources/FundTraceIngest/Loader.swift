import Foundation
import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Loads files into a store: detects the format, streams the rows through the
/// format's importer and records the load's provenance.
///
/// A load is one SQLite transaction. By default it is all-or-nothing: the
/// first bad row aborts it with file, line, column and reason, and the store
/// is left as it was. With `skipBadRows`, bad rows are written with their
/// reason to a rejects CSV and the rest is loaded. A file whose SHA-256 was
/// already loaded is not loaded again.
public final class Loader {
    public struct Options {
        /// Forces a format instead of detecting it.
        public var format: DataFormat?
        /// The chain of formats whose rows do not name one.
        public var chain: String = "ethereum"
        public var skipBadRows = false
        /// Where rejected rows go (default: `<file name>.rejects.csv` in the current directory, numbered
        /// `<file name>.rejects-2.csv` … when that exists: one rejects file per input, never overwritten).
        public var rejectsPath: String?
        /// Token decimals by contract or symbol, for Etherscan token exports.
        public var tokenDecimals: [String: Int] = [:]
        /// cryo's `native_transfers` were exported with `--exclude-failed` (the dataset cannot mark failed calls itself).
        public var cryoExcludedFailed = false
        /// Called about every 50,000 rows.
        public var progress: ((LoadProgress) -> Void)?
        public init() {}
    }

    /// What a load did.
    public struct Result: Sendable {
        public var record: LoadRecord
        /// True when the same bytes had been loaded before and nothing was done.
        public var alreadyLoaded: Bool
        public var rejectsPath: String?
        /// Rows skipped by reason (valid rows that move no value).
        public var skippedReasons: [String: Int]
    }

    public static let toolVersion = "fundtrace 0.1.0"

    let store: TransferStore
    public init(store: TransferStore) { self.store = store }

    public func load(path: String, options: Options = Options()) throws -> Result {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IngestError(file: path, line: 0, .unreadable("no such file or not readable"))
        }
        let digest = try FileDigest.sha256(path: path)
        if let previous = try store.completedLoad(sha256: digest) {
            return Result(record: previous, alreadyLoaded: true, rejectsPath: nil, skippedReasons: [:])
        }
        let format = try options.format ?? FormatDetector.detect(path: path)
        let started = Date()
        var record = LoadRecord(file: path, sha256: digest, format: format.rawValue,
                                chain: format.namesChain ? "" : options.chain,
                                startedAt: ISO8601DateFormatter().string(from: started), toolVersion: Self.toolVersion)
        var rejects: CSVWriter?
        var rejectsPath: String?
        var skipped: [String: Int] = [:]

        var loadedMeanwhile = false
        try store.write { writer in
            // Another process may have loaded the same bytes while this one waited for the write lock.
            if try writer.completedLoadID(sha256: digest) != nil { loadedMeanwhile = true; return }
            record.id = try writer.beginLoad(record)
            let ctx = ImportContext(writer: writer, loadID: record.id, defaultChain: options.chain, tokenDecimals: options.tokenDecimals)
            // A big file relative to the store: rebuild the secondary indexes once at the end.
            let sizeOnDisk = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let estimatedRows = sizeOnDisk / 150
            let bulk = try estimatedRows >= 50_000 && estimatedRows * 2 >= writer.transferCountEstimate()
            if bulk { try writer.beginBulkLoad() }

            func handle(_ outcome: () throws -> RowOutcome, line: Int, column: Int? = nil, raw: () -> String) throws {
                record.rowsRead += 1
                do {
                    switch try outcome() {
                    case .stored: record.rowsStored += 1
                    case .duplicate: record.rowsDuplicate += 1
                    case .skipped(let why): record.rowsSkipped += 1; skipped[why, default: 0] += 1
                    }
                } catch let p as RowProblem {
                    let error = IngestError(file: path, line: line, column: p.column ?? column, p.cause)
                    guard options.skipBadRows else { throw error }
                    record.rowsRejected += 1
                    if rejects == nil {
                        let rp = options.rejectsPath ?? Self.freshRejectsPath(for: path)
                        rejects = try CSVWriter(path: rp)
                        rejectsPath = rp
                        try rejects!.write(["file", "line", "column", "reason", "record"])
                    }
                    try rejects!.write([path, String(line), error.column.map(String.init) ?? "", error.reason, raw()])
                }
                if record.rowsRead % 50_000 == 0, let progress = options.progress {
                    progress(LoadProgress(file: path, rows: record.rowsRead, bytesConsumed: bytesConsumed(), fileSize: fileSize(),
                                          elapsedSeconds: Date().timeIntervalSince(started)))
                }
            }
            var bytesConsumed: () -> Int64 = { 0 }
            var fileSize: () -> Int64 = { 0 }

            if format == .cryoJSON {
                let reader = try JSONArrayReader(path: path)
                bytesConsumed = { reader.bytesConsumed }; fileSize = { reader.fileSize }
                var importer: CryoImporter?
                while true {
                    let value: JSONValue?
                    do { value = try reader.next() } catch let e as IngestError {
                        guard options.skipBadRows else { throw e }
                        try handle({ throw RowProblem(column: e.column, e.cause) }, line: e.line, raw: { reader.rawElement })
                        break  // the array's structure is lost past this point
                    }
                    guard let value else { break }
                    try handle({
                        guard case .object(let o) = value else { throw RowProblem(.format("a cryo row is not a JSON object")) }
                        if importer == nil {
                            guard let d = CryoImporter.dataset(of: Set(o.keys)) else {
                                throw RowProblem(.format("not a cryo dataset FundTrace loads (transactions, erc20_transfers, traces, native_transfers, logs)"))
                            }
                            try Self.requireExcludedFailed(d, options, path)
                            importer = CryoImporter(dataset: d)
                        }
                        return try importer!.importRecord(JSONRecord(object: o), ctx)
                    }, line: reader.line, raw: { reader.rawElement })
                }
            } else if format.isJSON {
                let reader = try JSONLinesReader(path: path)
                bytesConsumed = { reader.bytesConsumed }; fileSize = { reader.fileSize }
                while true {
                    let value: JSONValue?
                    do {
                        value = try reader.next()
                    } catch let e as IngestError {
                        guard options.skipBadRows else { throw e }
                        try handle({ throw RowProblem(column: e.column, e.cause) }, line: e.line, raw: { reader.rawLine })
                        continue
                    }
                    guard let value else { break }
                    try handle({
                        format == .bitcoinETLJSON
                            ? try BitcoinETLImporter().importTransaction(value, ctx)
                            : try EthereumETLJSONImporter().importRecord(value, ctx)
                    }, line: reader.line, raw: { reader.rawLine })
                }
            } else {
                let reader = try CSVReader(path: path)
                bytesConsumed = { reader.bytesConsumed }; fileSize = { reader.fileSize }
                try reader.readHeader()
                if format == .canonicalTransfers || format == .canonicalUTXO {
                    let expected = format == .canonicalTransfers ? FormatDetector.canonicalTransfersHeader : FormatDetector.canonicalUTXOHeader
                    let fits = format == .canonicalTransfers ? FormatDetector.isCanonicalTransfersHeader(reader.header) : reader.header == expected
                    guard fits else {
                        throw IngestError(file: path, line: 1, .header(expected: expected))
                    }
                }
                if let d = format.cryoDataset { try Self.requireExcludedFailed(d, options, path) }
                let importer = try Self.csvImporter(for: format, header: reader.header, store: writer, path: path,
                                                    knownDecimals: format == .etherscanTokens ? writer.tokenDecimals(chain: ctx.chainID(options.chain)) : [:])
                let fields = CSVRecord(reader: reader)
                while true {
                    let more: Bool
                    do {
                        more = try reader.next()
                    } catch let e as IngestError {
                        guard options.skipBadRows else { throw e }
                        try handle({ throw RowProblem(column: e.column, e.cause) }, line: e.line, raw: { reader.rawRecord })
                        break  // a truncated quoted field swallows the rest of the file
                    }
                    guard more else { break }
                    try handle({
                        try fields.checkShape()
                        return try importer.importRecord(fields, ctx)
                    }, line: reader.line, raw: { reader.rawRecord })
                }
            }
            try rejects?.close()
            if bulk { try writer.endBulkLoad() }
            record.finishedAt = ISO8601DateFormatter().string(from: Date())
            try writer.finishLoad(record)
        }
        if loadedMeanwhile, let previous = try store.completedLoad(sha256: digest) {
            return Result(record: previous, alreadyLoaded: true, rejectsPath: nil, skippedReasons: [:])
        }
        return Result(record: record, alreadyLoaded: false, rejectsPath: rejectsPath, skippedReasons: skipped)
    }

    /// cryo's `native_transfers` has no error column: its rows are loaded only when the export left failed calls out.
    static func requireExcludedFailed(_ d: CryoImporter.Dataset, _ options: Options, _ path: String) throws {
        guard d != .nativeTransfers || options.cryoExcludedFailed else {
            throw IngestError(file: path, line: 1, .format("cryo native_transfers cannot mark failed calls, whose value did not move: "
                + "export with `cryo --exclude-failed` and load with --cryo-excluded-failed, or load cryo traces (which carry errors)"))
        }
    }

    /// `<file name>.rejects.csv` in the current directory, or the first of `.rejects-2.csv`, `.rejects-3.csv` …
    /// that does not exist: two inputs of the same name (d1/t.csv, d2/t.csv) never share or overwrite one.
    static func freshRejectsPath(for input: String) -> String {
        let base = URL(fileURLWithPath: input).lastPathComponent
        var candidate = base + ".rejects.csv", n = 1
        while FileManager.default.fileExists(atPath: candidate) { n += 1; candidate = base + ".rejects-\(n).csv" }
        return candidate
    }

    static func csvImporter(for format: DataFormat, header: [String], store: StoreWriter, path: String,
                            knownDecimals: [String: Int]) throws -> RecordImporter {
        switch format {
        case .canonicalTransfers: return CanonicalTransfersImporter()
        case .canonicalUTXO: return CanonicalUTXOImporter()
        case .poolEvents: return PoolEventsImporter(source: "pool-events:" + (path as NSString).lastPathComponent)
        case .ethereumETLTransactions: return EthereumETLTransactionImporter()
        case .ethereumETLTokenTransfers: return EthereumETLTokenTransferImporter()
        case .ethereumETLTraces: return EthereumETLTraceImporter()
        case .ethereumETLBlocks: return EthereumETLBlockImporter()
        case .ethereumETLReceipts: return EthereumETLReceiptImporter()
        case .ethereumETLTokens: return EthereumETLTokenImporter()
        case .etherscanTransactions, .etherscanInternal, .etherscanTokens:
            let kind: EtherscanImporter.Kind = format == .etherscanTransactions ? .transactions : format == .etherscanInternal ? .internal : .tokens
            return EtherscanImporter(kind: kind, columns: EtherscanColumns(header: header), knownDecimals: knownDecimals)
        case .cryoTransactions, .cryoERC20Transfers, .cryoTraces, .cryoNativeTransfers, .cryoLogs:
            return CryoImporter(dataset: format.cryoDataset!)
        case .ethereumETLJSON, .bitcoinETLJSON, .cryoJSON:
            throw IngestError(file: path, line: 1, .format("\(format.rawValue) is a JSON format, but the file is CSV"))
        }
    }
}
