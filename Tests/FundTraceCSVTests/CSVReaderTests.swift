import Foundation
import XCTest
@testable import FundTraceCSV
import FundTraceTestSupport

final class CSVReaderTests: XCTestCase {
    func write(_ bytes: [UInt8]) throws -> String {
        try temporaryFile("input.csv", Data(bytes))
    }

    /// Every record as (line, fields), or the error's text.
    func records(_ path: String, capacity: Int) -> String {
        do {
            let r = try CSVReader(path: path, bufferCapacity: capacity)
            var out: [String] = []
            while try r.next() {
                out.append("\(r.line):" + (0..<r.fieldCount).map { "[" + r.field($0).map { String($0, radix: 16) }.joined(separator: " ") + "]"
                    + (r.string($0) == nil ? "!" : "") }.joined())
            }
            return out.joined(separator: "\n")
        } catch {
            return "error \(error)"
        }
    }

    /// As ``records(_:capacity:)``, taking the records ``CSVReader/readPlainRecords(_:)`` gives.
    func plainFirst(_ path: String, capacity: Int) -> String {
        do {
            let r = try CSVReader(path: path, bufferCapacity: capacity)
            var out: [String] = []
            func add(_ f: CSVFields, _ line: Int) { out.append("\(line):" + (0..<f.count).map { "[" + f[$0].map { String($0, radix: 16) }.joined(separator: " ") + "]" }.joined()) }
            while true {
                try r.readPlainRecords(add)
                guard try r.next() else { break }
                r.withFields { add($0, r.line) }
            }
            return out.joined(separator: "\n")
        } catch {
            return "error \(error)"
        }
    }

    func testQuotesLinesAndBlankLines() throws {
        let text = "a,b\r\n\n\"x,\"\"y\"\"\nz\",2\n\r\nlast,\"\""
        let r = try CSVReader(path: try write(Array(text.utf8)))
        var got: [(Int, [String])] = []
        while try r.next() { got.append((r.line, (0..<r.fieldCount).map { r.string($0)! })) }
        XCTAssertEqual(got.map(\.0), [1, 3, 6])
        XCTAssertEqual(got.map(\.1), [["a", "b"], ["x,\"y\"\nz", "2"], ["last", ""]])
    }

    func testUnclosedQuoteNamesTheLineItOpenedOn() throws {
        let r = try CSVReader(path: try write(Array("h\n\"open\nmore".utf8)))
        XCTAssertTrue(try r.next())
        XCTAssertThrowsError(try r.next()) { e in
            XCTAssertEqual((e as? IngestError)?.line, 2)
            XCTAssertEqual((e as? IngestError)?.cause.kind, .syntax, "\(e)")
            XCTAssertTrue("\(e)".contains("never closed"), "\(e)")
        }
    }

    /// The same records whatever the buffer size: with a one-byte buffer every
    /// byte is handled alone, so the runs read in one go at larger sizes must
    /// give what byte-at-a-time reading gives.
    func testRecordsDoNotDependOnTheBuffer() throws {
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        let alphabet: [UInt8] = Array("ab1 ,,\"\"\n\r".utf8) + [0xC3, 0xA9, 0xFF, 0x09]
        // Long plain lines too, which the fast path splits a word at a time.
        let plain: [UInt8] = Array("abcdef0123456789,,,  \n".utf8) + [0xC3, 0xA9, 0xFF]
        for round in 0..<600 {
            let letters = round < 300 ? alphabet : plain
            let bytes = (0..<next(round < 300 ? 120 : 400)).map { _ in letters[next(letters.count)] }
            let path = try write(bytes)
            let reference = records(path, capacity: 1)
            let fields = records(path, capacity: 1).replacingOccurrences(of: "!", with: "")
            for capacity in [2, 3, 7, 64, 1 << 20] {
                XCTAssertEqual(records(path, capacity: capacity), reference, "capacity \(capacity): \(bytes)")
                XCTAssertEqual(plainFirst(path, capacity: capacity), fields, "zero-copy records, capacity \(capacity): \(bytes)")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Fields kept from ``CSVReader/readPlainRecords(beforeRefill:_:)`` hold their bytes until `beforeRefill` is
    /// called (or the call returns): what the presorted sweep relies on when it keys rows two rows late.
    func testKeptFieldsHoldTheirBytesUntilTheBufferMoves() throws {
        let rows = (0..<200).map { "row\($0),\(String(repeating: "x", count: $0 % 37))" }
        let path = try write(Array((rows.joined(separator: "\n") + "\n").utf8))
        for capacity in [64, 100, 1 << 20] {
            let r = try CSVReader(path: path, bufferCapacity: capacity)
            var kept: [UnsafeBufferPointer<UInt8>] = [], seen: [String] = [], refills = 0
            func settle() { seen += kept.map { String(decoding: $0, as: UTF8.self) }; kept = [] }
            while true {
                try r.readPlainRecords(beforeRefill: { refills += 1; settle() }) { f, _ in kept.append(f[0]) }
                settle()
                guard try r.next() else { break }
                seen.append(r.string(0)!)
            }
            XCTAssertEqual(seen, rows.map { String($0.prefix { $0 != "," }) }, "a \(capacity)-byte buffer")
            if capacity < 1000 { XCTAssertGreaterThan(refills, 10) }
        }
    }
}
