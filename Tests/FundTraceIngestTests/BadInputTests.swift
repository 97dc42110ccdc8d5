import Foundation
import XCTest
import FundTraceTestSupport
@testable import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceCSV

/// Malformed rows fail with file, line, column and reason, and leave the store as it was.
final class BadInputTests: XCTestCase {
    let header = "token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n"
    let good = "0xdac17f958d2ee523a2206206994597c13d831ec7,0x1111111111111111111111111111111111111111,0x2222222222222222222222222222222222222222,5,0x\(String(repeating: "a", count: 64)),0,100\n"

    func write(_ dir: URL, _ name: String, _ text: String) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    func assertRejected(_ body: String, line: Int, column: Int?, _ kind: IngestError.Cause.Kind, reason: String, file: StaticString = #filePath, l: UInt = #line) throws {
        let (store, dir) = try newStore()
        _ = try Loader(store: store).load(path: try Fixtures.blocksCSV)
        let before = try Fixtures.export(store)
        let path = try write(dir, "bad.csv", header + good + body)
        XCTAssertThrowsError(try Loader(store: store).load(path: path), file: file, line: l) { e in
            guard let e = e as? IngestError else { return XCTFail("\(e)", file: file, line: l) }
            XCTAssertEqual(e.file, path, file: file, line: l)
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: l)
            if let column { XCTAssertEqual(e.column, column, "\(e)", file: file, line: l) }
            XCTAssertEqual(e.cause.kind, kind, "\(e)", file: file, line: l)
            XCTAssertTrue(e.description.contains(reason), "\(e)", file: file, line: l)
        }
        XCTAssertEqual(try Fixtures.export(store), before, "store unchanged", file: file, line: l)
        XCTAssertEqual(try store.loads().count, 1, "no load recorded", file: file, line: l)
    }

    func testBadAddress() throws {
        try assertRejected(good.replacingOccurrences(of: "0x2222222222222222222222222222222222222222", with: "0x22zz"), line: 3, column: 3, .value, reason: "not an EVM address")
    }

    func testNonIntegerAndNegativeAmounts() throws {
        try assertRejected(good.replacingOccurrences(of: ",5,", with: ",1.5,"), line: 3, column: 4, .value, reason: "not an integer")
        try assertRejected(good.replacingOccurrences(of: ",5,", with: ",-5,"), line: 3, column: 4, .value, reason: "negative")
        try assertRejected(good.replacingOccurrences(of: ",5,", with: ",1\(String(repeating: "0", count: 80)),"), line: 3, column: 4, .value, reason: "exceeds 2^256-1")
    }

    func testMessagesNameFileLineAndColumnOrTheFileAlone() throws {
        XCTAssertEqual(IngestError(file: "a.csv", line: 3, column: 4, columnName: "value", .value("negative amount")).description,
                       "a.csv:3:4: column 'value': negative amount")
        XCTAssertEqual(IngestError(file: "a.csv", line: 3, .syntax("bad row")).description, "a.csv:3: bad row")
        XCTAssertEqual(IngestError(file: "a.csv", line: 2, column: 10, .value("invalid character in amount: '1\u{1B}[2J\nok'")).description,
                       "a.csv:2:10: invalid character in amount: '1\\u{1b}[2J\\u{a}ok'", "quoted input cannot drive the terminal")
        // Line 0: the file as a whole; no made-up line number.
        XCTAssertEqual(IngestError(file: "a.csv", line: 0, .unreadable("no such file or not readable")).description,
                       "a.csv: no such file or not readable")
        let (store, dir) = try newStore()
        let missing = dir.appendingPathComponent("missing.csv").path
        XCTAssertThrowsError(try Loader(store: store).load(path: missing)) { e in
            XCTAssertEqual("\(e)", "\(missing): no such file or not readable")
            XCTAssertEqual((e as? IngestError)?.cause.kind, .unreadable)
        }
    }

    func testMissingAndExtraColumns() throws {
        try assertRejected("0xdac17f958d2ee523a2206206994597c13d831ec7,0x1111111111111111111111111111111111111111\n", line: 3, column: 3, .syntax, reason: "missing column")
        try assertRejected(good.replacingOccurrences(of: "\n", with: ",extra\n"), line: 3, column: 8, .syntax, reason: "extra column")
    }

    func testInvalidUTF8() throws {
        let (store, dir) = try newStore()
        var bytes = Array((header + good).utf8)
        bytes += Array("0xdac17f958d2ee523a2206206994597c13d831ec7,0x1111111111111111111111111111111111111111,".utf8) + [0xFF, 0xFE]
        bytes += Array(",5,0x\(String(repeating: "b", count: 64)),1,100\n".utf8)
        let path = dir.appendingPathComponent("utf8.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Loader(store: store).load(path: path)) { e in
            XCTAssertEqual((e as? IngestError)?.line, 3)
            XCTAssertEqual((e as? IngestError)?.column, 3)
            XCTAssertEqual((e as? IngestError)?.cause, .invalidUTF8("column 'to_address'"), "\(e)")
        }
        XCTAssertEqual(try store.read { try $0.count(table: "transfers") }, 0)
    }

    func testTruncatedFile() throws {
        // Cut in the middle of a row: the row is short of columns.
        try assertRejected(String(good.prefix(60)), line: 3, column: 3, .syntax, reason: "missing column")
        // An unterminated quoted field.
        try assertRejected("\"0xdac17f958d2ee523a2206206994597c13d831ec7,0x11", line: 3, column: 1, .syntax, reason: "truncated")
    }

    func testSkipBadRowsLoadsTheRestAndWritesRejects() throws {
        let (store, dir) = try newStore()
        let bad = good.replacingOccurrences(of: ",5,", with: ",x,").replacingOccurrences(of: "aaaa", with: "bbbb")
        let third = good.replacingOccurrences(of: "aaaa", with: "cccc")
        let path = try write(dir, "mixed.csv", header + good + bad + third)
        var options = Loader.Options()
        options.skipBadRows = true
        options.rejectsPath = dir.appendingPathComponent("rejects.csv").path
        let r = try Loader(store: store).load(path: path, options: options)
        XCTAssertEqual(r.record.rowsStored, 2)
        XCTAssertEqual(r.record.rowsRejected, 1)
        let rejects = try String(contentsOfFile: options.rejectsPath!, encoding: .utf8)
        XCTAssertTrue(rejects.hasPrefix("file,line,column,reason,record\n"))
        XCTAssertTrue(rejects.contains(",3,4,"), rejects)
        XCTAssertTrue(rejects.contains("invalid character"), rejects)
    }

    /// Two inputs named alike (d1/t.csv, d2/t.csv) get a rejects file each: the second never overwrites the first.
    func testEachInputGetsItsOwnRejectsFile() throws {
        let (_, dir) = try newStore()
        let old = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { FileManager.default.changeCurrentDirectoryPath(old) }
        let first = Loader.freshRejectsPath(for: "/data/d1/t.csv")
        XCTAssertEqual(first, "t.csv.rejects.csv")
        FileManager.default.createFile(atPath: first, contents: Data())
        XCTAssertEqual(Loader.freshRejectsPath(for: "/data/d2/t.csv"), "t.csv.rejects-2.csv")
    }

    /// Memory stays bounded on a file with no line break: the reader stops at its record limit with the line.
    func testARecordWithoutLineBreaksStopsAtTheLimit() throws {
        let (_, dir) = try newStore()
        let path = dir.appendingPathComponent("one-line.csv").path
        FileManager.default.createFile(atPath: path, contents: Data("a,b\n".utf8) + Data(repeating: UInt8(ascii: "x"), count: CSVReader.maxRecordBytes + (1 << 20)))
        let reader = try CSVReader(path: path)
        _ = try reader.readHeader()
        XCTAssertThrowsError(try reader.next()) { e in
            XCTAssertEqual((e as? IngestError)?.line, 2)
            XCTAssertEqual((e as? IngestError)?.cause.kind, .tooLarge, "\(e)")
            XCTAssertTrue("\(e)".contains("larger than 64 MiB"), "\(e)")
        }
    }

    /// A JSON line of millions of tiny values (a 100 MB one took 3 GB) stops at the value limit with its line.
    func testAJSONLineOfTooManyValuesStopsAtTheLimit() throws {
        let values = Array(repeating: "1", count: JSONParser.maxValues).joined(separator: ",")
        XCTAssertThrowsError(try JSONParser.parse(Array("{\"type\": \"block\", \"pad\": [\(values)]}".utf8))) { e in
            XCTAssertTrue((e as? JSONParser.Failure)?.reason.contains("more than 2000000 values") == true, "\(e)")
        }
        XCTAssertNoThrow(try JSONParser.parse(Array("[\(values.dropLast(2))]".utf8)), "up to the limit is read")
    }

    /// An "address" longer than any chain spells is refused wherever addresses are read, with its line.
    func testAnAddressLongerThanAnyChainSpellsIsRefused() throws {
        XCTAssertEqual(Address.normalized(String(repeating: "a", count: Address.maxLength + 1)), .failure(.tooLong))
        XCTAssertEqual(Address.utxo(String(repeating: "1", count: Address.maxLength + 1)), .failure(.tooLong))
        XCTAssertNoThrow(try Address.normalized(String(repeating: "a", count: Address.maxLength)).get())
        let (_, dir) = try newStore()
        let list = try write(dir, "sanctioned_addresses_ETH.txt", "0x098b716b8aaf21512996dc57eb0615e2383e2f96\n" + String(repeating: "x", count: 1000) + "\n")
        XCTAssertThrowsError(try OFACListReader.read(path: list)) { e in
            XCTAssertEqual((e as? IngestError)?.line, 2)
            XCTAssertEqual((e as? IngestError)?.cause.kind, .value, "\(e)")
            XCTAssertTrue("\(e)".contains("not an address"), "\(e)")
        }
    }

    /// Files read whole are refused by size before they are read.
    func testAFileReadWholeIsRefusedBySize() throws {
        let (_, dir) = try newStore()
        let path = try write(dir, "big.txt", String(repeating: "a", count: 3 << 20))
        XCTAssertThrowsError(try WholeFile.read(path, limit: 2 << 20, kind: "a test list")) { e in
            XCTAssertEqual("\(e)", "\(path):1: a test list of 3 MiB: larger than 2 MiB, the most FundTrace reads")
            XCTAssertEqual((e as? IngestError)?.cause, .tooLarge(what: "a test list of 3 MiB", limit: 2 << 20))
        }
        XCTAssertEqual(try WholeFile.read(path, limit: 3 << 20, kind: "a test list").count, 3 << 20)
    }

    /// A JSON-lines file whose first document is longer than the detector's buffer is still recognised.
    func testALongFirstJSONDocumentIsRecognised() throws {
        let (_, dir) = try newStore()
        let path = dir.appendingPathComponent("long.json").path
        let input = String(repeating: "00", count: 200_000)
        try "{\"type\": \"transaction\", \"hash\": \"0x01\", \"input\": \"0x\(input)\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try FormatDetector.detect(path: path), .ethereumETLJSON)
    }

    func testCSVEscapesUntrustedStrings() {
        XCTAssertEqual(CSVWriter.escape("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.escape("say \"hi\"\nnow"), "\"say \"\"hi\"\"\nnow\"")
        XCTAssertEqual(CSVWriter.escape("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")
        XCTAssertEqual(CSVWriter.escape("plain"), "plain")
        XCTAssertEqual(CSVWriter.escape("a\rb"), "\"a\rb\"")
        XCTAssertEqual(CSVWriter.escape("é,ü"), "\"é,ü\"")
        XCTAssertEqual(CSVWriter.escape("0.123456789012345"), "0.123456789012345")
        XCTAssertEqual(CSVWriter.escape("-5"), "-5", "a negative number is not a formula")
        XCTAssertEqual(CSVWriter.escape(""), "")
        let w = CSVWriter()
        try? w.write(["a,b", "=1+A1", "3", ""])
        XCTAssertEqual(w.text, "\"a,b\",\"'=1+A1\",3,\n")
    }

    /// A record built field by field reads exactly as the same fields written
    /// as strings: untrusted text escaped the same way, amounts as their digits.
    func testRecordBuilderWritesWhatWriteWrites() throws {
        let huge = Amount.maxInput
        let texts = ["a,b", "=1+A1", "say \"hi\"\nnow", "é,ü", "-5", "", "plain"]
        let amounts = [Amount.zero, Amount(7), Amount(UInt64.max), huge]
        let byStrings = CSVWriter(), built = CSVWriter()
        for (i, t) in texts.enumerated() {
            let a = amounts[i % amounts.count]
            try byStrings.write([t, a.description, "x"])
            try built.writeRecord { row in row.field(t); row.field(a); row.field("x") }
        }
        try built.writeRecord { _ in }
        try byStrings.write([])
        XCTAssertEqual(built.text, byStrings.text)
        XCTAssertTrue(built.text.contains(huge.description))
    }

    /// Records formatted apart (on other threads) and written whole land in
    /// order between the writer's own records, below and above its 64 KiB buffer.
    func testRecordsFormattedApartAreWrittenInOrder() throws {
        var small: [UInt8] = [], large: [UInt8] = []
        CSVWriter.appendRecord(to: &small) { row in row.field("a,b"); row.field(Amount(5)) }
        for i in 0..<5000 { CSVWriter.appendRecord(to: &large) { row in row.field("row \(i)"); row.field(Amount.maxInput) } }
        XCTAssertGreaterThan(large.count, 1 << 16)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try CSVWriter(path: path), memory = CSVWriter(), reference = CSVWriter()
        for w in [file, memory] {
            try w.write(["first"])
            try w.write(records: small)
            try w.write(records: large)
            try w.write(["last"])
        }
        try file.close()
        try reference.write(["first"])
        try reference.writeRecord { row in row.field("a,b"); row.field(Amount(5)) }
        for i in 0..<5000 { try reference.writeRecord { row in row.field("row \(i)"); row.field(Amount.maxInput) } }
        try reference.write(["last"])
        XCTAssertEqual(memory.text, reference.text)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), reference.text)
        XCTAssertTrue(reference.text.hasPrefix("first\n\"a,b\",5\nrow 0,"))
    }
}
