import Dispatch
import GRDBSQLite

/// Reads account transfers by row id, for a batch of ids sorted ascending.
///
/// An investigation's rows are scattered over a large store, and reading one
/// costs two random B-tree descents (the transfer, its transaction). The
/// machine has more than one core and SQLite connections work independently,
/// so ``TransferRowFetcher/rows(_:main:helper:)`` splits a batch between the
/// investigation's own connection and a second read-only one on the same
/// file (BENCHMARKS.md, "Investigations", gives the effect on a trace).
///
/// The helper reads the same data as the main connection only while the main
/// connection holds its read transaction in rollback-journal mode: a writer
/// cannot commit until every reader has finished. In WAL mode a helper could
/// see a later snapshot, so none is opened there; a helper that cannot get
/// its read lock at once leaves its half to the main connection.
///
/// Sendable by hand: a fetcher is one SQLite connection (opened `NOMUTEX`) and one statement, and
/// ``rows(_:main:helper:)`` hands each fetcher to exactly one of its two threads.
final class TransferRowFetcher: @unchecked Sendable {
    private let db: OpaquePointer
    private let ownsConnection: Bool
    private let byID: RawStatement

    /// A fetcher on an open connection (the investigation's own).
    init(db: OpaquePointer) throws {
        self.db = db
        ownsConnection = false
        byID = try Self.statement(db)
    }

    /// A helper: a second read-only connection to the database of `main`, or
    /// nil when there is none to open (in-memory, WAL mode, any error).
    init?(helperFor main: OpaquePointer) {
        guard let file = sqlite3_db_filename(main, "main"), file.pointee != 0,
              let mode = try? Self.journalMode(main), mode != "wal" else { return nil }
        var handle: OpaquePointer?
        guard sqlite3_open_v2(file, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle,
              let statement = try? Self.statement(handle) else {
            sqlite3_close_v2(handle)
            return nil
        }
        // The same memory map as the store's own connections, a smaller page cache.
        _ = sqlite3_exec(handle, "PRAGMA mmap_size = \(TransferStore.mmapSize); PRAGMA cache_size = -65536;", nil, nil, nil)
        db = handle
        ownsConnection = true
        byID = statement
    }

    deinit {
        if ownsConnection { sqlite3_close_v2(db) }
    }

    /// Ids looked up per execution of the statement: one execution per row
    /// cost as much again as the row's two B-tree descents (statement start
    /// and stop, cursor open and close, read-lock checks).
    static let idsPerStatement = 64

    private static func statement(_ db: OpaquePointer) throws -> RawStatement {
        let slots = repeatElement("?", count: idsPerStatement).joined(separator: ",")
        return try RawStatement(db: db, sql: """
            SELECT \(StoreReader.rowColumns) FROM transfers t JOIN transactions tx ON tx.id = t.tx_id WHERE t.id IN (\(slots))
            """)
    }

    static func journalMode(_ db: OpaquePointer) throws -> String {
        let s = try RawStatement(db: db, sql: "PRAGMA journal_mode")
        return try s.step() ? s.text(0).lowercased() : ""
    }

    /// The rows of `ids` (ascending) that exist, in id order.
    func rows(_ ids: ArraySlice<Int64>) throws -> [OrderedTransferRow] {
        if ownsConnection {
            guard sqlite3_exec(db, "BEGIN", nil, nil, nil) == SQLITE_OK else { throw StoreError.corrupt("helper connection busy") }
        }
        defer { if ownsConnection { sqlite3_exec(db, "COMMIT", nil, nil, nil) } }
        var out: [OrderedTransferRow] = []
        out.reserveCapacity(ids.count)
        var start = ids.startIndex
        while start < ids.endIndex {
            let end = min(start + Self.idsPerStatement, ids.endIndex)
            byID.reset()
            for (slot, id) in ids[start..<end].enumerated() { byID.bind(Int32(slot + 1), id) }
            // Unused slots match nothing (x IN (NULL) is never true).
            for slot in (end - start)..<Self.idsPerStatement { byID.bind(Int32(slot + 1), nil as Int64?) }
            let first = out.count
            while try byID.step() { out.append(try OrderedTransferRow(byID)) }
            // SQLite walks an IN list on the row id in ascending order; keep the promise if a later version does not.
            if zip(out[first...], out[first...].dropFirst()).contains(where: { $0.row.id > $1.row.id }) {
                out[first...].sort { $0.row.id < $1.row.id }
            }
            start = end
        }
        byID.reset()
        return out
    }

    /// Fewer ids than this are read on the main connection alone: the second
    /// thread would cost more than it saves.
    static let minimumToSplit = 2048

    /// The rows of `ids` (ascending, no repeats), read half by `main` and half
    /// by `helper` on another thread when there is a helper and enough ids to
    /// pay for the thread; if the helper fails, `main` reads its half too.
    static func rows(_ ids: [Int64], main: TransferRowFetcher, helper: TransferRowFetcher?) throws -> [OrderedTransferRow] {
        guard let helper, ids.count >= minimumToSplit else { return try main.rows(ids[...]) }
        let half = ids.count / 2
        // Each part is written by one iteration and read after concurrentPerform returns (which waits for both).
        final class Part: @unchecked Sendable { var rows: Result<[OrderedTransferRow], Error> = .success([]) }
        let first = Part(), second = Part()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                first.rows = Result { try main.rows(ids[..<half]) }
            } else {
                second.rows = Result { try helper.rows(ids[half...]) }
            }
        }
        let tail: [OrderedTransferRow]
        switch second.rows {
        case .success(let r): tail = r
        case .failure: tail = try main.rows(ids[half...])
        }
        return try first.rows.get() + tail
    }
}

/// A store's helper fetcher, opened on first use and kept while the store is
/// open, so its memory map stays warm from one investigation to the next.
/// Reads of one store run one at a time, so one helper serves them all. It is
/// not used while the store is in WAL mode (checked at every use: another
/// process may switch the file between two reads).
final class RowHelperSlot {
    private var fetcher: TransferRowFetcher?
    private var tried = false

    func fetcher(helping main: OpaquePointer) -> TransferRowFetcher? {
        if !tried { tried = true; fetcher = TransferRowFetcher(helperFor: main) }
        guard fetcher != nil, (try? TransferRowFetcher.journalMode(main)) != "wal" else { return nil }
        return fetcher
    }
}
