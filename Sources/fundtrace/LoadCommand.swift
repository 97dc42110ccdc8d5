import ArgumentParser
import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceCSV

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load transfer files into the store.",
        discussion: """
            Formats are recognised from each file's header: the taint contract's canonical account and \
            UTXO CSV; ethereum-etl transactions, token_transfers, traces, blocks, receipts and tokens CSV \
            and its JSON lines; bitcoin-etl transactions JSON; Etherscan CSV exports (normal, internal, \
            ERC-20); cryo's transactions, erc20_transfers, traces, native_transfers and logs (Transfer events), as CSV or JSON. Each file is loaded in one transaction: a bad row aborts that file's load with \
            file:line:column and reason, leaving the store unchanged (or use --skip-bad-rows). \
            A file whose exact bytes were loaded before is skipped. A directory stands for the data files \
            below it (an ethereum-etl export_all tree, say), in path order, all of the --chain chain (a folder \
            named for another chain is refused); files in it whose format is not recognised are skipped with a note.
            """)

    @OptionGroup var store: StoreOption

    @Option(help: "Force a format: \(DataFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String?

    @Option(help: "Chain of files whose rows do not name one.")
    var chain: String = "ethereum"

    @Flag(help: "Load good rows and write bad ones, with their reason, to a rejects CSV.")
    var skipBadRows = false

    @Option(help: "Rejects file for --skip-bad-rows (default: <file name>.rejects.csv in the current directory).")
    var rejects: String?

    @Option(name: .customLong("decimals"), help: "Token decimals for Etherscan token exports, as CONTRACT=N or SYMBOL=N (repeatable).")
    var decimals: [String] = []

    @Flag(help: "cryo native_transfers files were exported with `cryo --exclude-failed` (required to load them: they cannot mark failed calls).")
    var cryoExcludedFailed = false

    @Flag(help: "Print one JSON object per file instead of text.")
    var json = false

    @Argument(help: "Files (or directories of files) to load.")
    var paths: [String]

    /// The files `paths` name: each file as given, each directory as the
    /// `.csv`, `.json` and `.jsonl` files below it (hidden ones and rejects
    /// files left out), sorted by path so that every run loads them in the
    /// same order. `fromDirectory` holds the files a directory contributed.
    static func files(_ paths: [String]) -> (files: [String], fromDirectory: Set<String>) {
        var files: [String] = [], fromDirectory: Set<String> = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { files.append(path); continue }
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { rel in
                    let name = (rel as NSString).lastPathComponent.lowercased()
                    return !rel.split(separator: "/").contains { $0.hasPrefix(".") } && !name.hasSuffix(".rejects.csv")
                        && ["csv", "json", "jsonl"].contains((name as NSString).pathExtension)
                }
                .map { (path as NSString).appendingPathComponent($0) }
                .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                .sorted()
            files += found
            fromDirectory.formUnion(found)
        }
        return (files, fromDirectory)
    }

    /// A folder below a directory in `paths` named for a known chain other
    /// than `chain` (`bsc/` when loading as ethereum): its rows name no chain,
    /// so loading it would file them under the wrong one.
    static func otherChainFolder(in paths: [String], chain: String) -> String? {
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for rel in (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).sorted() {
                let name = (rel as NSString).lastPathComponent
                var d: ObjCBool = false
                let full = (path as NSString).appendingPathComponent(rel)
                if name != chain, ChainInfo.known[name] != nil, fm.fileExists(atPath: full, isDirectory: &d), d.boolValue { return full }
            }
        }
        return nil
    }

    func run() throws {
        var options = Loader.Options()
        if let format {
            guard let f = DataFormat(rawValue: format) else { throw ValidationError("unknown format '\(format)'") }
            options.format = f
        }
        options.chain = chain
        options.skipBadRows = skipBadRows
        options.cryoExcludedFailed = cryoExcludedFailed
        let (files, fromDirectory) = Self.files(paths)
        if files.isEmpty { throw ValidationError("no .csv, .json or .jsonl files in \(paths.joined(separator: ", "))") }
        if let folder = Self.otherChainFolder(in: paths, chain: chain) {
            throw ValidationError("\(folder) looks like another chain's data than --chain \(chain): load each chain's folder with its own --chain")
        }
        if rejects != nil && files.count > 1 { throw ValidationError("--rejects names one file; load one input at a time with it") }
        options.rejectsPath = rejects
        for d in decimals {
            let parts = d.split(separator: "=")
            guard parts.count == 2, let n = Int(parts[1]), (0...255).contains(n) else { throw ValidationError("--decimals expects NAME=N, got '\(d)'") }
            let key = parts[0].hasPrefix("0x") ? parts[0].lowercased() : String(parts[0])
            options.tokenDecimals[key] = n
        }
        options.progress = { p in
            Terminal.progress(String(format: "%@: %@ rows, %.0f rows/s, %.1f%%", (p.file as NSString).lastPathComponent,
                                     Terminal.grouped(p.rows), p.rowsPerSecond, p.fraction * 100))
        }
        let st = try store.openOrCreate()
        let loader = Loader(store: st)
        for file in files {
            // A directory may hold files that are not transfers (labels, notes): say so and go on.
            if options.format == nil, fromDirectory.contains(file), (try? FormatDetector.detect(path: file)) == nil {
                Terminal.error("note: skipped \(Terminal.printable(file)): not a format FundTrace loads")
                continue
            }
            let start = Date()
            let result: Loader.Result
            do {
                result = try loader.load(path: file, options: options)
            } catch {
                Terminal.endProgress()
                Terminal.error("error: \(error)")
                Terminal.error("nothing from \(file) was stored.")
                throw error is IngestError ? ExitCode.invalidInput : ExitCode.failure
            }
            Terminal.endProgress()
            let r = result.record
            if json {
                var obj: [String: Any] = [
                    "file": file, "sha256": r.sha256, "format": r.format, "chain": r.chain, "already_loaded": result.alreadyLoaded,
                    "rows_read": r.rowsRead, "rows_stored": r.rowsStored, "rows_duplicate": r.rowsDuplicate,
                    "rows_skipped": r.rowsSkipped, "rows_rejected": r.rowsRejected, "load_id": r.id,
                    "seconds": Date().timeIntervalSince(start),
                ]
                if let rp = result.rejectsPath { obj["rejects"] = rp }
                if !result.skippedReasons.isEmpty { obj["skipped_reasons"] = result.skippedReasons }
                let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else if result.alreadyLoaded {
                Terminal.say("\(file): already loaded (load #\(r.id), sha256 \(r.sha256.prefix(16))…); nothing to do")
            } else {
                var line = "\(file): \(r.format)\(r.chain.isEmpty ? "" : " (\(r.chain))"): \(Terminal.grouped(r.rowsRead)) rows read, "
                line += "\(Terminal.grouped(r.rowsStored)) stored, \(Terminal.grouped(r.rowsDuplicate)) already present, "
                line += "\(Terminal.grouped(r.rowsSkipped)) skipped, \(Terminal.grouped(r.rowsRejected)) rejected"
                line += String(format: " in %.2f s", Date().timeIntervalSince(start))
                Terminal.say(line)
                for (why, n) in result.skippedReasons.sorted(by: { $0.value > $1.value }) {
                    Terminal.say("  skipped \(Terminal.grouped(n)): \(why)")
                }
                if let rp = result.rejectsPath { Terminal.say("  rejected rows written to \(rp)") }
            }
        }
    }
}
