import Foundation
import XCTest
import FundTraceModel
import GRDB
@testable import FundTraceStore
import FundTraceTestSupport

final class TransferStoreTests: XCTestCase {
    func newStore() throws -> TransferStore {
        let dir = try newTemporaryDirectory("fundtrace-store")
        return try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
    }

    func insert(_ w: StoreWriter, hash: String, kind: TransferKind, log: UInt64, amount: Amount, block: UInt64 = 5, txIndex: UInt64? = 1) throws -> Bool {
        let chain = try w.chainID("ethereum")
        let asset = try w.assetID(chain: chain, chainName: "ethereum", code: kind == .token ? "0xtoken" : "ETH", isNative: kind != .token)
        let tx = try w.transactionID(chain: chain, hash: hash, meta: TransactionMeta(block: block, txIndex: txIndex))
        return try w.insertTransfer(txID: tx, kind: kind, logIndex: log, traceAddress: "", chain: chain, block: block,
                                    fromID: w.addressID("0xa"), toID: w.addressID("0xb"), assetID: asset, amount: amount, loadID: 1)
    }

    /// A file that is not SQLite, or another program's database, is refused as not a store, and nothing is written
    /// into it; a store whose pages were damaged is reported by SQLite's own check.
    func testForeignAndDamagedStoresAreNamedAsSuch() throws {
        let dir = try newTemporaryDirectory("fundtrace-foreign")
        let text = dir.appendingPathComponent("notes.sqlite").path
        try "not a database at all, just some words in a file".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TransferStore(path: text, create: false)) { e in
            guard case StoreError.notAStore = e else { return XCTFail("\(e)") }
        }
        let foreign = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE notes(text); INSERT INTO notes VALUES('x')") }
        XCTAssertThrowsError(try TransferStore(path: foreign)) { e in XCTAssertTrue("\(e)".contains("lacks the tables"), "\(e)") }
        XCTAssertEqual(try DatabaseQueue(path: foreign).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master") }, ["notes"],
                       "nothing was written to the other program's database")

        let store = try newStore()
        _ = try store.write { w in try self.insert(w, hash: "0x01", kind: .native, log: 0, amount: Amount(5)) }
        XCTAssertEqual(try store.damage(), [])
        let path = store.path
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        for page in stride(from: 16_384, to: size, by: 16_384) { try h.seek(toOffset: UInt64(page + 8)); h.write(Data(repeating: 0xFF, count: 64)) }
        try h.close()
        let damage = (try? TransferStore(path: path, create: false).damage()) ?? ["unreadable"]
        XCTAssertFalse(damage.isEmpty, "SQLite's quick check sees pages overwritten")
    }

    /// Label files are recorded with their SHA-256, for the report's provenance.
    func testLabelFilesAreRecorded() throws {
        let store = try newStore()
        let r = LabelFileRecord(file: "labels/ofac.yaml", sha256: String(repeating: "ab", count: 32), labels: 572, added: 570, importedAt: "2026-12-06T00:00:00Z")
        try store.recordLabelFile(r)
        XCTAssertEqual(try store.labelFiles(), [r])
    }

    /// Read-only commands open with `create: false`: a mistyped path is an
    /// error naming it, and no empty store is left behind.
    func testOpeningAMissingStoreWithoutCreateFailsAndCreatesNothing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fundtrace-missing-\(UUID().uuidString).sqlite").path
        XCTAssertThrowsError(try TransferStore(path: path, create: false)) { error in
            guard case StoreError.missing(let named) = error else { return XCTFail("unexpected error \(error)") }
            XCTAssertEqual(named, path)
            XCTAssertTrue("\(error)".contains(path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        _ = try TransferStore(path: path)
        XCTAssertNoThrow(try TransferStore(path: path, create: false), "an existing store opens")
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The text form of a transfer: its transaction's hash, both addresses,
    /// the asset code, and the transaction's time or else its block's.
    func testTransfersComeBackWithTheirTextAndTime() throws {
        let store = try newStore()
        try store.write { w in
            let chain = try w.chainID("ethereum")
            XCTAssertTrue(try insert(w, hash: "0xaa", kind: .native, log: 0, amount: Amount(5), block: 7))
            XCTAssertTrue(try insert(w, hash: "0xbb", kind: .token, log: 3, amount: Amount(6), block: 8))
            try w.upsertBlock(chain: chain, number: 7, timestamp: 1_700_000_007, hash: nil)
            let timed = try w.transactionID(chain: chain, hash: "0xcc", meta: TransactionMeta(block: 9, txIndex: 0, timestamp: 1_700_000_123))
            XCTAssertTrue(try w.insertTransfer(txID: timed, kind: .native, logIndex: 0, traceAddress: "", chain: chain, block: 9,
                                               fromID: w.addressID("0xb"), toID: w.addressID("0xc"),
                                               assetID: w.assetID(chain: chain, chainName: "ethereum", code: "ETH", isNative: true),
                                               amount: Amount(1), loadID: 1))
        }
        var seen: [Transfer] = []
        try store.read { r in try r.forEachAccountTransfer { seen.append($0.transfer) } }
        XCTAssertEqual(seen.map(\.txHash), ["0xaa", "0xbb", "0xcc"])
        XCTAssertEqual(seen.map(\.from), ["0xa", "0xa", "0xb"])
        XCTAssertEqual(seen.map(\.to), ["0xb", "0xb", "0xc"])
        XCTAssertEqual(seen.map(\.asset), ["ETH", "0xtoken", "ETH"])
        XCTAssertEqual(seen.map(\.timestamp), [1_700_000_007, nil, 1_700_000_123], "the block's time, none known, the transaction's own")
        var none = 0
        try store.read { r in try r.forEachAccountTransfer(chain: "bitcoin") { _ in none += 1 } }
        XCTAssertEqual(none, 0)
    }

    func testAmountsComeBackExactlyAndIdentitiesAreUnique() throws {
        let store = try newStore()
        try store.write { w in
            XCTAssertTrue(try insert(w, hash: "0x1", kind: .native, log: 0, amount: .maxInput))
            XCTAssertTrue(try insert(w, hash: "0x1", kind: .token, log: 0, amount: Amount(7)))
            XCTAssertFalse(try insert(w, hash: "0x1", kind: .token, log: 0, amount: Amount(7)), "same identity is a duplicate")
            XCTAssertTrue(try insert(w, hash: "0x1", kind: .token, log: 1, amount: Amount(8)))
        }
        var seen: [StoredTransfer] = []
        try store.read { r in try r.forEachAccountTransfer { seen.append($0) } }
        XCTAssertEqual(seen.map(\.transfer.amount), [.maxInput, Amount(7), Amount(8)], "native first, then tokens by log index")
        XCTAssertEqual(seen.first?.transfer.asset, "ETH")
    }

    /// A whole-store scan sees what reads see, through the page cache, and
    /// cannot write; reads afterwards use the memory map again.
    func testScanReadsLikeReadWithoutTheMemoryMap() throws {
        let store = try newStore()
        try store.write { w in
            _ = try insert(w, hash: "0x1", kind: .native, log: 0, amount: .maxInput)
            _ = try insert(w, hash: "0x2", kind: .token, log: 3, amount: Amount(9))
        }
        var read: [Amount] = [], scanned: [Amount] = []
        try store.read { r in try r.forEachAccountTransfer { read.append($0.transfer.amount) } }
        let mmapDuringScan = try store.scan { r -> Int in
            try r.forEachAccountTransfer { scanned.append($0.transfer.amount) }
            return try Int.fetchOne(r.grdb, sql: "PRAGMA mmap_size") ?? -1
        }
        XCTAssertEqual(scanned, read)
        XCTAssertEqual(mmapDuringScan, 0)
        XCTAssertThrowsError(try store.scan { r in try r.grdb.execute(sql: "DELETE FROM transfers") }, "a scan is read-only")
        XCTAssertEqual(try store.read { r in try Int.fetchOne(r.grdb, sql: "PRAGMA mmap_size") }, TransferStore.mmapSize)
        try store.read { r in try r.forEachAccountTransfer { _ in } }
        XCTAssertEqual(read.count, 2)
    }

    func testMetadataMergesKeepingTheFirstKnownValue() throws {
        let store = try newStore()
        try store.write { w in
            let chain = try w.chainID("ethereum")
            let a = try w.transactionID(chain: chain, hash: "0x9", meta: TransactionMeta(block: 3))
            let b = try w.transactionID(chain: chain, hash: "0x9", meta: TransactionMeta(txIndex: 4, gasUsed: 21000, effectiveGasPrice: Amount(10), success: false))
            XCTAssertEqual(a, b)
            let c = try w.transactionID(chain: chain, hash: "0x9", meta: TransactionMeta(block: 99, txIndex: 5))
            XCTAssertEqual(a, c)
            let asset = try w.assetID(chain: chain, chainName: "ethereum", code: "ETH", isNative: true)
            _ = try w.insertTransfer(txID: a, kind: .native, logIndex: 0, traceAddress: "", chain: chain, block: 3,
                                     fromID: w.addressID("x"), toID: w.addressID("y"), assetID: asset, amount: Amount(50), loadID: 1)
        }
        var t: StoredTransfer?
        try store.read { r in try r.forEachAccountTransfer { t = $0 } }
        XCTAssertEqual(t?.transfer.txIndex, 4)
        XCTAssertEqual(t?.transfer.fee, Amount(210000))
        XCTAssertEqual(t?.success, false)
        XCTAssertEqual(t?.transfer.amount, .zero, "a reverted transaction moved no value")
    }

    func testAFailedWriteLeavesNothing() throws {
        struct Boom: Error {}
        let store = try newStore()
        XCTAssertThrowsError(try store.write { w in
            _ = try insert(w, hash: "0x1", kind: .native, log: 0, amount: Amount(1))
            throw Boom()
        })
        XCTAssertEqual(try store.read { try $0.count(table: "transfers") }, 0)
        XCTAssertEqual(try store.read { try $0.count(table: "addresses") }, 0)
    }
}
