import CSQLiteConfig
import Foundation
import GRDB
import GRDBSQLite

/// A FundTrace store: one SQLite file holding the address graph.
///
/// Opening a store creates or migrates its schema. Writes go through
/// ``write(_:)``, which runs the whole closure in one SQLite transaction, so a
/// load that fails or is killed leaves the store exactly as it was.
public final class TransferStore {
    /// The default store path used by every command when `--db` is not given.
    public static let defaultPath = "fundtrace.sqlite"

    public let path: String
    let queue: DatabaseQueue
    /// The second connection investigations read rows on, opened once per
    /// store so its memory map stays warm from one trace to the next.
    let rowHelper = RowHelperSlot()

    /// Bytes of the store reads see through a memory map (SQLite's own limit
    /// in this build is just under 2 GiB).
    static let mmapSize = 2_147_418_112

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let sqliteConfigured: Void = { _ = ft_sqlite_disable_memstatus() }()

    /// Opens the store at `path`, creating it if needed; with `create`
    /// false, a missing file is an error (``StoreError/missing(path:)``)
    /// rather than a new empty store.
    public init(path: String, create: Bool = true) throws {
        Self.sqliteConfigured
        if !create && path != ":memory:" && !FileManager.default.fileExists(atPath: path) { throw StoreError.missing(path: path) }
        self.path = path
        var config = Configuration()
        // Another process loading into the same store holds the write lock
        // for its whole load: wait for it rather than fail at once.
        config.busyMode = .timeout(600)
        // Investigations read scattered rows of a large store: memory-mapped
        // reads avoid a system call and a 16 KiB copy per page.
        config.prepareDatabase { db in
            try db.execute(sql: """
                PRAGMA page_size = 16384;
                PRAGMA synchronous = NORMAL;
                PRAGMA cache_size = -131072;
                PRAGMA temp_store = MEMORY;
                PRAGMA mmap_size = \(Self.mmapSize);
                """)
        }
        let existed = path != ":memory:" && FileManager.default.fileExists(atPath: path)
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            if existed { try Self.requireFundTraceSchema(queue, path: path) }
            try StoreSchema.migrator.migrate(queue)
        } catch let e as DatabaseError where [SQLITE_NOTADB, SQLITE_CORRUPT].contains(e.resultCode.primaryResultCode.rawValue) {
            throw StoreError.notAStore(path: path, why: e.message ?? "not a database SQLite can read")
        }
    }

    /// An existing file must already be a FundTrace store (its first migration applied, its tables there):
    /// migrating another program's database would write FundTrace's tables into it.
    static func requireFundTraceSchema(_ queue: DatabaseQueue, path: String) throws {
        try queue.read { db in
            let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            if tables.isEmpty { return }  // an empty file: a new store
            let needed: Set<String> = ["grdb_migrations", "chains", "assets", "addresses", "transactions", "transfers"]
            guard needed.isSubset(of: tables) else {
                throw StoreError.notAStore(path: path, why: "it lacks the tables " + needed.subtracting(tables).sorted().joined(separator: ", "))
            }
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            let known = Set(StoreSchema.migrator.migrations)
            if let unknown = applied.subtracting(known).sorted().first {
                throw StoreError.notAStore(path: path, why: "it was written by a newer FundTrace (schema step \(unknown))")
            }
        }
    }

    /// SQLite's `PRAGMA quick_check` over the whole file (O(size): seconds for a store of millions of transfers):
    /// the problems it finds, none when the store is sound.
    public func damage() throws -> [String] {
        try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(20)") }.filter { $0 != "ok" }
    }

    /// Runs `body` in one transaction with a ``StoreWriter``; everything it
    /// wrote is committed together, or nothing is if it throws.
    ///
    /// Writes read the store through SQLite's page cache, not the memory map
    /// reads use: a load touches a large part of the file, and mapped pages
    /// count as the process's resident memory, which would then grow with
    /// the store (measured: 983 MiB peak for a 5 M-row load, against the
    /// page cache's bound).
    public func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            try Self.inTransactionWithoutMemoryMap(db, kind: .immediate) { try body(StoreWriter(db: db.sqliteConnection!)) }
        }
    }

    /// Runs `body` with a read-only view of the store.
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        try queue.read { db in
            try body(StoreReader(db: db.sqliteConnection!, grdb: db, rowHelper: rowHelper))
        }
    }

    /// Runs `body` with a read-only view of the store for a sweep that reads
    /// all of it once (scoring, export). Like ``write(_:)`` it reads through
    /// SQLite's page cache rather than the memory map: mapped pages of the
    /// whole file would count as the process's resident memory (measured:
    /// 2.0 GiB peak scoring a 0.9 GB store, 1.4 GiB through the page cache).
    public func scan<T>(_ body: (StoreReader) throws -> T) throws -> T {
        try queue.inDatabase { db in
            try db.readOnly {
                try Self.inTransactionWithoutMemoryMap(db, kind: .deferred) {
                    try body(StoreReader(db: db.sqliteConnection!, grdb: db, rowHelper: rowHelper))
                }
            }
        }
    }

    /// Runs `body` in one transaction (committed unless it throws) with the
    /// connection reading through the page cache; the memory map is restored after.
    private static func inTransactionWithoutMemoryMap<T>(_ db: Database, kind: Database.TransactionKind,
                                                         _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA mmap_size = 0")
        defer { try? db.execute(sql: "PRAGMA mmap_size = \(mmapSize)") }
        var result: T?
        // Writes begin IMMEDIATE: a second process writing the same store waits here, before it reads anything,
        // so what it decides from the store (a file already loaded) reflects the first one's commit.
        try db.inTransaction(kind) {
            result = try body()
            return .commit
        }
        return result!
    }

    /// The load of a file with this SHA-256 that already completed, if any.
    public func completedLoad(sha256: String) throws -> LoadRecord? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM loads WHERE sha256 = ? ORDER BY id LIMIT 1", arguments: [sha256])
                .map(LoadRecord.init(row:))
        }
    }

    /// Every load recorded in the store, oldest first.
    public func loads() throws -> [LoadRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM loads ORDER BY id").map(LoadRecord.init(row:))
        }
    }
}
