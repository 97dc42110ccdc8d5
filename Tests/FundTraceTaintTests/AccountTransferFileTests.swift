import Foundation
import FundTraceModel
import XCTest
import FundTraceCSV
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

final class AccountTransferFileTests: XCTestCase {
    /// Rows read back exactly as the file gives them (fields trimmed), from
    /// the columns the file is kept in: texts in any case, timestamps,
    /// empty fees, amounts up to 2^256 − 1, repeated names.
    func testRowsReadBackAsWritten() throws {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        let csv = """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            ethereum, 0xAbC ,7,1,2,2024-06-11T10:00:00Z,0xa,0xb,ETH,\(max),21
            ethereum,0xdef,7,0,0,,0xb,0xa,ETH,5,
            polygon,0xdef,3,0,0,t,0xa,0xc,0xtoken,0,0

            """
        let path = temporaryDirectory().appendingPathComponent("t.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let rows = Array(try AccountTransferFile.read(path: path).rows)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows.map(\.row), [1, 2, 3])
        XCTAssertEqual(rows.map(\.txHash), ["0xAbC", "0xdef", "0xdef"])
        XCTAssertEqual(rows.map(\.timestamp), ["2024-06-11T10:00:00Z", "", "t"])
        XCTAssertEqual(rows.map(\.chain), ["ethereum", "ethereum", "polygon"])
        XCTAssertEqual(rows.map(\.from), ["0xa", "0xb", "0xa"])
        XCTAssertEqual(rows.map(\.to), ["0xb", "0xa", "0xc"])
        XCTAssertEqual(rows.map(\.asset), ["ETH", "ETH", "0xtoken"])
        XCTAssertEqual(rows.map(\.block), [7, 7, 3])
        XCTAssertEqual(rows.map(\.txIndex), [1, 0, 0])
        XCTAssertEqual(rows.map(\.logIndex), [2, 0, 0])
        XCTAssertEqual(rows[0].amount.description, max)
        XCTAssertEqual(rows.map(\.fee), [Amount(21), .zero, .zero])
        XCTAssertEqual(rows.map(\.amount)[1...], [Amount(5), .zero])
    }

    /// A row that stops before the optional `fee` reads it as empty (0);
    /// one that stops earlier names the missing column, and one with a
    /// field too many is rejected.
    func testRowsEndingEarlyOrLate() throws {
        let header = "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee\n"
        let path = temporaryDirectory().appendingPathComponent("t.csv").path
        try (header + "eth,0x1,1,0,0,,A,B,ETH,10\neth,0x2,2,0,0,,B,C,ETH,4,1\n").write(toFile: path, atomically: true, encoding: .utf8)
        let rows = Array(try AccountTransferFile.read(path: path).rows)
        XCTAssertEqual(rows.map(\.amount), [Amount(10), Amount(4)])
        XCTAssertEqual(rows.map(\.fee), [.zero, Amount(1)])
        for (body, place) in [("eth,0x1,1,0,0,,A,B,ETH\n", "t.csv:2:10"), ("eth,0x1,1,0,0,,A,B,ETH,10,,x\n", "t.csv:2:12")] {
            try (header + body).write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try AccountTransferFile.read(path: path)) { XCTAssertTrue("\($0)".contains(place), "\($0)") }
        }
    }

    /// `fee` is optional (§3.1), so a header may leave the column out; its
    /// rows then read fees of 0 and may not carry one. Any other header is
    /// rejected.
    func testHeaderWithoutTheFeeColumn() throws {
        let path = temporaryDirectory().appendingPathComponent("t.csv").path
        let header = "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount\n"
        try (header + "eth,0x1,1,0,0,,A,B,ETH,10\n").write(toFile: path, atomically: true, encoding: .utf8)
        let rows = Array(try AccountTransferFile.read(path: path).rows)
        XCTAssertEqual(rows.map(\.amount), [Amount(10)])
        XCTAssertEqual(rows.map(\.fee), [.zero])
        try (header + "eth,0x1,1,0,0,,A,B,ETH,10,1\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try AccountTransferFile.read(path: path)) {
            XCTAssertTrue("\($0)".contains("t.csv:2:11: expected 10 fields, found 11"), "\($0)")
            XCTAssertEqual(($0 as? IngestError)?.cause, .fieldCount(expected: 10, found: 11))
        }
        for bad in ["chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset\n", "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,fee,amount\n"] {
            try (bad + "eth,0x1,1,0,0,,A,B,ETH,10\n").write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try AccountTransferFile.read(path: path)) {
                XCTAssertTrue("\($0)".contains("t.csv:1: header must be exactly"), "\($0)")
                XCTAssertEqual(($0 as? IngestError)?.cause.kind, .header)
            }
        }
    }

    /// A file built from rows gives them back, and orders them by (block,
    /// tx_index, log_index, file row).
    func testRowsGivenDirectlyAndTheirOrder() {
        func row(_ n: Int, _ block: UInt64, _ tx: UInt64, _ log: UInt64) -> AccountTransferFile.Row {
            .init(row: n, chain: "c", txHash: "h\(n)", block: block, txIndex: tx, logIndex: log, from: "a", to: "b", asset: "x",
                  amount: Amount(UInt64(n)))
        }
        let file = AccountTransferFile(rows: [row(1, 2, 0, 0), row(2, 1, 5, 0), row(3, 1, 5, 0), row(4, 1, 0, 9), row(9, 1, 5, 0)])
        XCTAssertEqual(file.rows.map(\.txHash), ["h1", "h2", "h3", "h4", "h9"])
        XCTAssertEqual(file.rows.map(\.amount), [1, 2, 3, 4, 9].map { Amount(UInt64($0)) })
        XCTAssertEqual(file.processingOrder, [3, 1, 2, 4, 0])
    }
}
