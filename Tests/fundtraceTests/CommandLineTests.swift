import ArgumentParser
import Foundation
import XCTest
import FundTraceIngest
import FundTraceStore
@testable import fundtrace
import FundTraceCSV
import FundTraceTestSupport

/// What a user sees when a command meets a missing or unwritable file.
final class CommandLineTests: XCTestCase {
    /// A path named `name` in a folder removed when the test ends.
    func temporaryPath(_ name: String) throws -> String {
        try newTemporaryDirectory("fundtrace-cli").appendingPathComponent(name).path
    }

    /// A mistyped `--db` is an error naming it, and leaves no empty store behind.
    func testReadCommandsRefuseAMissingStore() throws {
        let db = try temporaryPath("missing.sqlite"), sources = try temporaryPath("sources.csv")
        try "type,chain,id,asset,start_block\n".write(toFile: sources, atomically: true, encoding: .utf8)
        for arguments in [["score", "--db", db, "--sources", sources], ["stats", "--db", db], ["export", "transfers", "--db", db]] {
            var command = try FundTrace.parseAsRoot(arguments)
            XCTAssertThrowsError(try command.run(), "\(arguments[0])") { error in
                guard case StoreError.missing(let path) = error else { return XCTFail("\(arguments[0]): \(error)") }
                XCTAssertEqual(path, db)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: db), "\(arguments[0]) created the store")
        }
    }

    /// `load` then `score --summary` on the shipped sample theft: the summary
    /// holds the conformance keys as decimal strings and held per asset, whose
    /// holders are the score rows with taint held.
    func testScoreWritesASummaryOfTheSweep() throws {
        let sample = SharedData.inRepository("Datasets/sample-theft")
        let db = try temporaryPath("s.sqlite"), scores = try temporaryPath("scores.csv"), summary = try temporaryPath("summary.json")
        var load = try FundTrace.parseAsRoot(["load", "--db", db] + ["blocks.csv", "transactions.csv", "receipts.csv", "token_transfers.csv", "tokens.csv"]
            .map { sample.appendingPathComponent($0).path })
        try load.run()
        var score = try FundTrace.parseAsRoot(["score", "--db", db, "--sources", sample.appendingPathComponent("sources.csv").path,
                                               "--policy", "fifo", "-o", scores, "--summary", summary])
        try score.run()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        for key in ["created", "held", "fee_sink", "reabsorbed", "absorbed", "whole_held"] {
            let value = try XCTUnwrap(object[key] as? String, key)
            XCTAssertTrue(!value.isEmpty && value.allSatisfy(\.isNumber), "\(key): \(value)")
        }
        XCTAssertEqual(object["policy"] as? String, "fifo")
        XCTAssertGreaterThan(try XCTUnwrap(object["transfers"] as? Int), 50)
        let rows = try String(contentsOfFile: scores, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let holding = rows.filter { $0[14] == "0" && $0[11] != "0" }  // not a whole_balance source, tainted_held > 0
        let byAsset = try XCTUnwrap(object["held_by_asset"] as? [[String: Any]])
        XCTAssertFalse(byAsset.isEmpty, "the sample's theft leaves taint held")
        XCTAssertEqual(byAsset.reduce(0) { $0 + ($1["holders"] as? Int ?? 0) }, holding.count)
        XCTAssertEqual((object["unresolved_sources"] as? [Any])?.count, 0, "the sample's sources are all in the store")
    }

    /// Invalid input exits with status 2 from every command that reads a data
    /// file, as the conformance command must; other failures exit with 1.
    func testInvalidInputExitsWithStatusTwo() throws {
        let db = try temporaryPath("s.sqlite"), bad = try temporaryPath("bad.csv"), sources = try temporaryPath("sources.csv")
        try "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\nethereum,0xaa,1,0,0,,0x01,0x02,ETH,-5,\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        try "type,chain,id,asset,start_block\nparcel,ethereum,0x01,,\n".write(toFile: sources, atomically: true, encoding: .utf8)
        let out = try temporaryPath("out")
        for arguments in [["load", "--db", db, bad],
                          ["taint", "account", "--transfers", bad, "--sources", sources, "--policy", "fifo",
                           "--out-transfers", out + "-t.csv", "--out-addresses", out + "-a.csv", "--summary", out + "-s.json"]] {
            var command = try FundTrace.parseAsRoot(arguments)
            XCTAssertThrowsError(try command.run(), arguments[0]) { error in
                XCTAssertEqual(error as? ExitCode, ExitCode(2), "\(arguments[0]): \(error)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "-t.csv"), "no output written")
        XCTAssertEqual(try TransferStore(path: db, create: false).loads().count, 0, "nothing loaded")
    }

    /// A --from that would trace nothing because of a typo is an error, not an empty trace.
    func testTraceSourcesRejectWhatCanOnlyBeATypo() throws {
        let address = "0x" + String(repeating: "Ab", count: 20), hash = "0x" + String(repeating: "c", count: 64)
        let spec = try TraceCommand.sources([address, hash + ":7", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"], chains: ["ethereum"])
        XCTAssertEqual(spec.rules.map(\.description), ["whole_balance ethereum \(address.lowercased())", "transfer ethereum \(hash):7",
                                                       "whole_balance ethereum bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"])
        // A victim's drained wallet keeps the contract's address rule; UTXO chains have no whole_balance.
        let victim = try TraceCommand.sources([address], chains: ["ethereum", "bitcoin"], role: .victim)
        XCTAssertEqual(victim.rules.map(\.description), ["address ethereum \(address.lowercased())", "address bitcoin \(address.lowercased())"])
        let thief = try TraceCommand.sources([address], chains: ["ethereum", "bitcoin"])
        XCTAssertEqual(thief.rules.map(\.kind), [.wholeBalance, .wholeBalance])
        XCTAssertThrowsError(try TraceCommand.sources([try temporaryPath("sources.csv")], chains: ["ethereum"])) { e in
            XCTAssertTrue("\(e)".hasSuffix("no such sources file"), "\(e)")
        }
        for typo in ["0xzz", address + "0", hash, hash + ":x", "0x:1"] {
            XCTAssertThrowsError(try TraceCommand.sources([typo], chains: ["ethereum"]), typo) { e in
                XCTAssertTrue(e is ValidationError, "\(typo): \(e)")
            }
        }
    }

    /// render writes the format its output file names, and refuses a name that names none.
    func testRenderFormatComesFromTheExtensionOrTheOption() throws {
        XCTAssertEqual(try RenderCommand.format(nil, output: "a/trace.PNG"), .png)
        XCTAssertEqual(try RenderCommand.format(nil, output: "trace.dot"), .dot)
        XCTAssertEqual(try RenderCommand.format(nil, output: "-"), .svg)
        XCTAssertEqual(try RenderCommand.format(.pdf, output: "trace.svg"), .pdf, "--format wins")
        XCTAssertEqual(try RenderCommand.format(.png, output: "trace"), .png)
        for name in ["trace.gif", "trace"] {
            XCTAssertThrowsError(try RenderCommand.format(nil, output: name), name) { XCTAssertTrue($0 is ValidationError, "\($0)") }
        }
    }

    /// A --chain the store does not hold is an error naming the chains it does, not an empty export.
    func testUnknownChainIsAnErrorNotAnEmptyResult() throws {
        let sample = SharedData.inRepository("Datasets/sample-theft")
        let db = try temporaryPath("s.sqlite"), out = try temporaryPath("export.csv")
        var load = try FundTrace.parseAsRoot(["load", "--db", db, sample.appendingPathComponent("transactions.csv").path])
        try load.run()
        for arguments in [["export", "transfers", "--db", db, "--chain", "etherum", "-o", out],
                          ["utxo", "analyze", "--db", db, "--chain", "bitcoin", "--out-dir", out + "-utxo"],
                          ["trace", "--db", db, "--chain", "eth", "--from", "0x" + String(repeating: "1", count: 40), "--out-dir", out + "-trace"]] {
            var command = try FundTrace.parseAsRoot(arguments)
            XCTAssertThrowsError(try command.run(), arguments[0]) { e in
                XCTAssertTrue(e is ValidationError, "\(e)")
                XCTAssertTrue("\(e)".hasSuffix("holds no such chain; it holds ethereum"), "\(e)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no empty export written")
        var export = try FundTrace.parseAsRoot(["export", "transfers", "--db", db, "--chain", "ethereum", "-o", out])
        try export.run()
        XCTAssertGreaterThan(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count, 1)
    }

    /// Untrusted names reach the terminal with nothing that could rewrite it or reorder what it shows.
    func testPrintableEscapesControlsAndBidiOverrides() {
        XCTAssertEqual(Terminal.printable("USDT"), "USDT")
        XCTAssertEqual(Terminal.printable("Tether ₮ 🚀 é"), "Tether ₮ 🚀 é", "ordinary Unicode is kept")
        XCTAssertEqual(Terminal.printable("a\u{1B}[2Jb\nc\u{7F}\u{9B}"), "a\\u{1b}[2Jb\\u{a}c\\u{7f}\\u{9b}")
        XCTAssertEqual(Terminal.printable("0x12\u{202E}cba"), "0x12\\u{202e}cba", "right-to-left override")
        XCTAssertEqual(Terminal.printable("\u{2066}x\u{2069}\u{2028}"), "\\u{2066}x\\u{2069}\\u{2028}")
    }

    /// A directory loads as its data files: the same store as naming them, other files skipped,
    /// and a folder named for another chain refused before anything is loaded.
    func testLoadingADirectory() throws {
        let sample = SharedData.inRepository("Datasets/sample-theft")
        let byFiles = try temporaryPath("files.sqlite"), byDirectory = try temporaryPath("dir.sqlite")
        let dataFiles = ["blocks.csv", "receipts.csv", "token_transfers.csv", "tokens.csv", "transactions.csv"].map { sample.appendingPathComponent($0).path }
        let (files, fromDirectory) = LoadCommand.files([sample.path])
        XCTAssertEqual(files, files.sorted())
        XCTAssertTrue(Set(dataFiles).isSubset(of: Set(files)))
        XCTAssertEqual(fromDirectory, Set(files))
        var a = try FundTrace.parseAsRoot(["load", "--db", byFiles] + dataFiles)
        try a.run()
        var b = try FundTrace.parseAsRoot(["load", "--db", byDirectory, sample.path])
        try b.run()
        func export(_ db: String) throws -> String {
            let out = CSVWriter()
            _ = try CanonicalTransfersExporter.export(store: try TransferStore(path: db, create: false), chain: nil, to: out) { _ in }
            return out.text
        }
        XCTAssertEqual(try export(byDirectory), try export(byFiles))
        XCTAssertEqual(try TransferStore(path: byDirectory, create: false).loads().count, dataFiles.count, "sources.csv and other non-data files skipped")

        let tree = try temporaryPath("tree")
        try FileManager.default.createDirectory(atPath: tree + "/polygon", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dataFiles[4], toPath: tree + "/polygon/transactions.csv")
        XCTAssertEqual(LoadCommand.otherChainFolder(in: [tree], chain: "ethereum"), tree + "/polygon")
        XCTAssertNil(LoadCommand.otherChainFolder(in: [tree], chain: "polygon"))
        let refused = try temporaryPath("refused.sqlite")
        var c = try FundTrace.parseAsRoot(["load", "--db", refused, tree])
        XCTAssertThrowsError(try c.run()) { XCTAssertTrue($0 is ValidationError, "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: refused), "nothing loaded, no store created")
    }

    /// Foundation's file errors are restated as the path and the system's reason.
    func testFileErrorsNameThePathAndTheReason() throws {
        let missing = try temporaryPath("none.json")
        XCTAssertThrowsError(try Data(contentsOf: URL(fileURLWithPath: missing))) { error in
            XCTAssertEqual("\(FileErrorMessage.restating(error))", "cannot read \(missing): No such file or directory")
        }
        let unwritable = try temporaryPath("no-such-directory") + "/out.svg"
        XCTAssertThrowsError(try Data("x".utf8).write(to: URL(fileURLWithPath: unwritable))) { error in
            let message = "\(FileErrorMessage.restating(error))"
            XCTAssertTrue(message.hasPrefix("cannot "), message)
            XCTAssertTrue(message.hasSuffix("\(unwritable): No such file or directory"), message)
        }
        struct Other: Error {}
        XCTAssertTrue(FileErrorMessage.restating(Other()) is Other, "other errors pass through unchanged")
    }
}
