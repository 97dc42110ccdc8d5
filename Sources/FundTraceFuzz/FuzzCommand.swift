import Foundation
import FundTraceStore

// Coverage-guided fuzzing of FundTrace's parsing entry points (see FuzzTarget and scripts/fuzz-parsers.sh).
//
// Built with `swift build --sanitize fuzzer -Xswiftc -DFUZZING`, libFuzzer supplies `main` and calls
// LLVMFuzzerTestOneInput below: `FundTraceFuzz [libFuzzer options] CORPUS_DIR...` fuzzes, `FundTraceFuzz FILE` replays.
// Built plainly, it is a tool:
//   FundTraceFuzz corpus OUTDIR FILE...   seeds: each file, for every target that reads its kind, as OUTDIR/N-NAME
//   FundTraceFuzz replay FILE|DIR...      runs each input once (the regressions kept in Tests/FuzzRegressions)

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Workspace.run(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

/// The files and store inputs are written to: one per process, the store replaced every few thousand inputs so
/// that what loads does not pile up.
enum Workspace {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundtrace-fuzz-\(getpid())")
    nonisolated(unsafe) static var store: TransferStore?
    nonisolated(unsafe) static var runs = 0

    static func currentStore() throws -> TransferStore {
        if let store, runs % 5000 != 0 { return store }
        store = nil
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fresh = try TransferStore(path: directory.appendingPathComponent("fuzz.sqlite").path)
        store = fresh
        return fresh
    }

    /// Runs one input: its first byte picks the target, the rest is the file.
    static func run(_ input: Data) {
        guard let selector = input.first, let store = try? currentStore() else { return }
        runs += 1
        let target = FuzzTarget.chosen(by: selector)
        let file = directory.appendingPathComponent(target.fileName)
        guard (try? input.dropFirst().write(to: file)) != nil else { return }
        target.run(file: file.path, store: store)
        try? FileManager.default.removeItem(at: file)
    }
}

/// Writes seeds for every target that reads the kind of each file (by extension), cut to 16 KiB at a line break.
func makeCorpus(_ out: String, _ files: [String]) throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    var n = 0
    for path in files {
        guard var data = FileManager.default.contents(atPath: path) else { continue }
        if data.count > 16_384, let nl = data.prefix(16_384).lastIndex(of: UInt8(ascii: "\n")) { data = data.prefix(through: nl) }
        let ext = (path as NSString).pathExtension.lowercased()
        for target in FuzzTarget.allCases where (target.fileName as NSString).pathExtension == ext
            || (ext == "jsonl" && target.fileName.hasSuffix(".json")) || (ext == "yml" && target.fileName.hasSuffix(".yaml")) {
            let name = String(format: "%05d-", n) + (path as NSString).lastPathComponent
            try (Data([target.selector]) + data).write(to: URL(fileURLWithPath: out).appendingPathComponent(name))
            n += 1
        }
    }
    print("wrote \(n) seeds to \(out)")
}

/// Runs every input in the files and directories given once.
func replay(_ paths: [String]) {
    var count = 0
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
        let files = isDirectory.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { path + "/" + $0 } : [path]
        for f in files { if let d = FileManager.default.contents(atPath: f) { Workspace.run(d); count += 1 } }
    }
    print("replayed \(count) inputs, none crashed")
}

#if !FUZZING
@main
enum FuzzCommand {
    static func main() throws {
        let arguments = CommandLine.arguments
        defer { try? FileManager.default.removeItem(at: Workspace.directory) }
        if arguments.count >= 3, arguments[1] == "corpus" {
            try makeCorpus(arguments[2], Array(arguments.dropFirst(3)))
        } else if arguments.count >= 2, arguments[1] == "replay" {
            replay(Array(arguments.dropFirst(2)))
        } else {
            FileHandle.standardError.write(Data("""
                usage: FundTraceFuzz corpus OUTDIR FILE... | replay FILE|DIR...
                (to fuzz, build with: swift build -c release --product FundTraceFuzz --sanitize fuzzer -Xswiftc -DFUZZING)

                """.utf8))
            exit(64)
        }
    }
}
#endif
