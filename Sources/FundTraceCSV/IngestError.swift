import FundTraceModel

/// A problem with input data, located precisely enough to fix it by hand:
/// file, 1-based line, 1-based column (and its header name), and its ``Cause``.
/// Line 0 marks a problem with the file as a whole (missing, unreadable,
/// misnamed), which its message states without a line.
///
/// ```swift
/// do { try loader.load(path: "t.csv") }
/// catch let e as IngestError where e.cause.kind == .value { print(e) }  // t.csv:2:4: column 'block': not an integer
/// ```
public struct IngestError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int?
    public var columnName: String?
    public var cause: Cause

    public init(file: String, line: Int, column: Int? = nil, columnName: String? = nil, _ cause: Cause) {
        self.file = file; self.line = line; self.column = column; self.columnName = columnName; self.cause = cause
    }

    /// The cause's message, without the location.
    public var reason: String { cause.message }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if line > 0, let column { s += ":\(column)" }
        s += ": "
        if let columnName { s += "column '\(columnName)': " }
        // Reasons quote the offending field: its control characters, line
        // breaks included, are shown, not acted on.
        return DisplayControl.escaped(s + reason)
    }
}

/// A row-level problem raised by a format parser; the loader adds the file and line.
package struct RowProblem: Error {
    package var column: Int?
    package var cause: IngestError.Cause
    package init(column: Int? = nil, _ cause: IngestError.Cause) { self.column = column; self.cause = cause }
}
