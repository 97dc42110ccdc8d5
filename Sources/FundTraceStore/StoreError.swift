/// Failures of the transfer store.
public enum StoreError: Error, CustomStringConvertible {
    case sqlite(code: Int32, message: String, sql: String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql): return "SQLite error \(code): \(message) (in: \(sql.prefix(120)))"
        case .corrupt(let m): return "store is inconsistent: \(m)"
        }
    }
}
