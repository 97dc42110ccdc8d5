/// Failures of the transfer store.
public enum StoreError: Error, CustomStringConvertible {
    case sqlite(code: Int32, message: String, sql: String)
    case corrupt(String)
    /// A command that only reads was pointed at a store that does not exist
    /// (most often a mistyped path): opening it would create an empty store
    /// and answer every question with nothing.
    case missing(path: String)
    /// The file is not a FundTrace store: not SQLite at all, damaged beyond opening, or another program's
    /// database. Nothing is written to it.
    case notAStore(path: String, why: String)
    /// SQLite's own check found the store damaged.
    case damaged(path: String, findings: [String])

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql): return "SQLite error \(code): \(message) (in: \(sql.prefix(120)))"
        case .corrupt(let m): return "store is inconsistent: \(m)"
        case .missing(let path): return "no store at \(path): create one with `fundtrace load --db \(path) FILE…`, or name an existing one with --db"
        case .notAStore(let path, let why): return "\(path) is not a FundTrace store (\(why)); nothing was written to it"
        case .damaged(let path, let findings):
            return "the store \(path) is damaged (SQLite's check: \(findings.prefix(3).joined(separator: "; "))\(findings.count > 3 ? "; …" : ""))"
        }
    }
}
