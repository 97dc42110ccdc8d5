import GRDBSQLite

/// Prepared statements kept for the life of one read, keyed by their SQL:
/// preparing costs more than running a one-row lookup, and lookups such as
/// "transaction id of this hash" run once per source of a trace.
final class StatementCache {
    private var statements: [String: RawStatement] = [:]

    /// The statement for `sql` on `db`, prepared on first use.
    func prepared(_ sql: String, db: OpaquePointer) throws -> RawStatement {
        if let s = statements[sql] { return s }
        let s = try RawStatement(db: db, sql: sql)
        statements[sql] = s
        return s
    }
}
