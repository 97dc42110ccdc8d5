import Foundation
import XCTest
import GRDB
import FundTraceModel
@testable import FundTraceStore
import FundTraceTestSupport

/// The batched neighbourhood read (two connections, rows in id order) gives
/// exactly what the per-address read gives.
final class NeighbourhoodQueriesTests: XCTestCase {
    /// 3,000 transfers among 40 addresses in 600 blocks: enough rows that a
    /// batch is split between the two connections. Every seventh transaction
    /// reverted, every fifth with no time of its own (its block has one).
    func makeStore() throws -> (TransferStore, [Int64]) {
        let dir = try newTemporaryDirectory("fundtrace-nq")
        let store = try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
        var ids: [Int64] = []
        try store.write { w in
            let chain = try w.chainID("ethereum")
            let eth = try w.assetID(chain: chain, chainName: "ethereum", code: "ETH", isNative: true)
            let token = try w.assetID(chain: chain, chainName: "ethereum", code: "0xtoken", isNative: false)
            for a in 0..<40 { ids.append(try w.addressID(String(format: "0x%040x", a + 1))) }
            var x: UInt64 = 12345
            func next() -> UInt64 { x = x &* 6364136223846793005 &+ 1442695040888963407; return x >> 33 }
            for i in 0..<3000 {
                let block = UInt64(i / 5)
                let tx = try w.transactionID(chain: chain, hash: String(format: "0x%064x", i), meta: TransactionMeta(
                    block: block, txIndex: UInt64(i % 5), timestamp: i % 5 == 0 ? nil : 1_700_000_000 + Int64(i),
                    gasUsed: 21000, effectiveGasPrice: Amount(next()), success: i % 7 != 3))
                let from = ids[Int(next() % 40)], to = ids[Int(next() % 40)]
                let isToken = i % 3 == 0
                _ = try w.insertTransfer(txID: tx, kind: isToken ? .token : .native, logIndex: isToken ? 1 : 0, traceAddress: "",
                                         chain: chain, block: block, fromID: from, toID: to, assetID: isToken ? token : eth,
                                         amount: Amount(w0: 0, w1: next(), w2: next(), w3: 0, w4: 0), loadID: 1)
            }
            for b in 0..<600 {
                try w.execute("INSERT OR REPLACE INTO blocks(chain_id, number, timestamp) VALUES(\(chain), \(b), \(1_600_000_000 + b))")
            }
        }
        return (store, ids)
    }

    func perAddress(_ q: NeighbourhoodQueries, _ ids: [Int64], _ blocks: ClosedRange<UInt64>) throws -> [Int64: [[Int64]]] {
        var out: [Int64: [[Int64]]] = [:]
        for a in ids {
            var o: [OrderedTransferRow] = [], i: [OrderedTransferRow] = []
            try q.transfers(of: a, .outgoing, blocks: blocks) { o.append($0) }
            try q.transfers(of: a, .incoming, blocks: blocks) { i.append($0) }
            out[a] = [o.map(\.row.id), i.map(\.row.id)]
        }
        return out
    }

    func testBatchedReadEqualsPerAddressRead() throws {
        let (store, ids) = try makeStore()
        try store.read { r in
            let q = try NeighbourhoodQueries(reader: r)
            for blocks: ClosedRange<UInt64> in [0...UInt64(Int64.max), 100...399] {
                let batch = try q.transfers(of: ids + ids.prefix(3), blocks: blocks).rows
                let single = try perAddress(q, ids, blocks)
                XCTAssertEqual(batch.count, ids.count)
                var rowsByID: [Int64: OrderedTransferRow] = [:]
                for a in ids {
                    var o: [OrderedTransferRow] = []
                    try q.transfers(of: a, .outgoing, blocks: blocks) { o.append($0) }
                    for row in o { rowsByID[row.row.id] = row }
                    XCTAssertEqual(batch[a].map { [$0.outgoing.map(\.row.id), $0.incoming.map(\.row.id)] }, single[a], "address \(a)")
                }
                // Every field, not just the ids: amounts, fees, reverted rows, times.
                for (_, sides) in batch { for row in sides.outgoing { XCTAssertEqual(row, rowsByID[row.row.id]) } }
            }
            XCTAssertEqual(try q.transfers(of: ids, blocks: 0...UInt64(Int64.max)).rows.values.reduce(0) { $0 + $1.outgoing.count }, 3000)
            // The same index reads give each address's degree; above `maxDegree` an address gets no rows.
            let all: ClosedRange<UInt64> = 0...UInt64(Int64.max)
            let degrees = try ids.map { try q.degree(of: $0, blocks: all, limit: 1_000_000) }
            let cap = degrees.sorted()[20]
            let capped = try q.transfers(of: ids, blocks: all, maxDegree: cap)
            for (a, d) in zip(ids, degrees) {
                XCTAssertEqual(capped.degrees[a], try q.degree(of: a, blocks: all, limit: cap), "degree of \(a) counted as degree(of:) counts it")
                XCTAssertEqual(capped.rows[a] != nil, d <= cap, "rows only within the cap")
            }
        }
    }

    func testTheHelperReadsHalfAndFallsBackInWALMode() throws {
        let (store, _) = try makeStore()
        let all = Array(Int64(1)...Int64(3000))
        let (plain, withHelper) = try store.read { r -> ([OrderedTransferRow], [OrderedTransferRow]) in
            let main = try TransferRowFetcher(db: r.db)
            let helper = try XCTUnwrap(TransferRowFetcher(helperFor: r.db), "a file store in rollback-journal mode gets a helper")
            return (try main.rows(all[...]), try TransferRowFetcher.rows(all, main: main, helper: helper))
        }
        XCTAssertEqual(plain.count, 3000)
        XCTAssertEqual(plain, withHelper)
        let reverted = plain.filter { !$0.row.success }
        XCTAssertFalse(reverted.isEmpty)
        XCTAssertTrue(reverted.allSatisfy(\.row.amount.isZero), "reverted: no value moved")
        XCTAssertTrue(reverted.filter { $0.row.kind == .native }.allSatisfy { !$0.row.fee.isZero }, "the fee is paid all the same")

        try store.queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        try store.read { r in
            XCTAssertNil(TransferRowFetcher(helperFor: r.db), "a helper could see a later snapshot in WAL mode")
            let q = try NeighbourhoodQueries(reader: r)
            XCTAssertEqual(try q.transfers(of: Array(Int64(1)...40), blocks: 0...UInt64(Int64.max)).rows.values.reduce(0) { $0 + $1.outgoing.count },
                           3000)
        }
    }

    /// Ids are read in statements of ``TransferRowFetcher/idsPerStatement``:
    /// lists that are not a multiple of it, ids that do not exist, and the
    /// boundaries between statements all give exactly the rows one-by-one reads give.
    func testRowsReadInChunksEqualRowsReadOneByOne() throws {
        let (store, _) = try makeStore()
        let chunk = TransferRowFetcher.idsPerStatement
        try store.read { r in
            let main = try TransferRowFetcher(db: r.db)
            let one = { (id: Int64) in try main.rows([id][...]) }
            for ids: [Int64] in [[], [7], Array(1...Int64(chunk)), Array(1...Int64(chunk + 1)),
                                 Array(stride(from: 1, through: 3000, by: 7)), [0, 1, 2, 2999, 3000, 3001, 5000, 1 << 40]] {
                let expected = try ids.flatMap(one)
                XCTAssertEqual(try main.rows(ids[...]), expected, "\(ids.count) ids")
                XCTAssertEqual(expected.map(\.row.id), ids.filter { (1...3000).contains($0) }, "rows in id order, missing ids skipped")
            }
        }
    }

    func testTimesFallBackToTheBlock() throws {
        let (store, _) = try makeStore()
        try store.read { r in
            let times = try r.transactionInfo([1, 2, 6, 11]).compactMapValues(\.timestamp)
            // Transaction i (id i + 1) has its own time unless i % 5 == 0; then its block's (block i / 5).
            XCTAssertEqual(times, [1: 1_600_000_000, 2: 1_700_000_001, 6: 1_600_000_001, 11: 1_600_000_002])
        }
    }
}
