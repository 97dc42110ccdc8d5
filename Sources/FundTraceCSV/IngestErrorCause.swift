extension IngestError {
    /// Why an input was refused. The message a person reads is built from it; tests and callers match on
    /// ``kind``. Details that quote the input (a field, a header) are in the associated text.
    public enum Cause: Sendable, Equatable {
        /// The file cannot be opened or read: missing, not permitted, an I/O error (the system's reason).
        case unreadable(String)
        /// Larger than FundTrace reads: `what` exceeds `limit` bytes (whole files, lines, records, nesting).
        case tooLarge(what: String, limit: Int)
        /// Nothing to read: an empty file, or no header line.
        case empty(String)
        /// Bytes that are not UTF-8 text, in the field or file named.
        case invalidUTF8(String)
        /// The header is not the one this format requires (the expected columns, and a note).
        case header(expected: [String], note: String = "")
        /// Not a format, record or file FundTrace reads here (an unknown header, record type or file name).
        case format(String)
        /// Not well-formed: CSV quoting or field counts, JSON or YAML syntax.
        case syntax(String)
        /// A field whose value is not what its column holds: an address, an amount, a number, a date.
        case value(String)
        /// Contradicts other data: a row stored otherwise, an output spent twice, sums that do not balance.
        case inconsistent(String)
        /// Reading it needs more memory than the run was given: `limit` bytes, passed with `progress` read.
        case outOfMemory(limit: Int, progress: String)

        /// The cause without its details, for matching.
        public enum Kind: String, Sendable, CaseIterable {
            case unreadable, tooLarge, empty, invalidUTF8, header, format, syntax, value, inconsistent, outOfMemory
        }

        public var kind: Kind {
            switch self {
            case .unreadable: .unreadable
            case .tooLarge: .tooLarge
            case .empty: .empty
            case .invalidUTF8: .invalidUTF8
            case .header: .header
            case .format: .format
            case .syntax: .syntax
            case .value: .value
            case .inconsistent: .inconsistent
            case .outOfMemory: .outOfMemory
            }
        }

        public var message: String {
            switch self {
            case .unreadable(let why): why
            case .tooLarge(let what, let limit): "\(what): larger than \(Self.size(limit)), the most FundTrace reads"
            case .empty(let what): what
            case .invalidUTF8(let where_): where_.isEmpty ? "invalid UTF-8" : "\(where_): invalid UTF-8"
            case .header(let expected, let note): "header must be exactly '\(expected.joined(separator: ","))'\(note.isEmpty ? "" : " \(note)")"
            case .format(let why), .syntax(let why), .value(let why), .inconsistent(let why): why
            case .outOfMemory(let limit, let progress): "needs more memory than the \(Self.size(limit)) given (\(progress))"
            }
        }

        private static func size(_ bytes: Int) -> String {
            bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
        }
    }
}

extension IngestError.Cause {
    /// A row with the wrong number of fields for its header.
    public static func fieldCount(expected: Int, found: Int) -> Self { .syntax("expected \(expected) fields, found \(found)") }
}
