import Foundation

/// Writes CSV safely: every field that holds a separator, quote, line break
/// or leading formula character is quoted, because on-chain strings (token
/// names, labels) are untrusted and end up in spreadsheets.
public final class CSVWriter {
    private let handle: FileHandle?
    private var pending: [UInt8] = []
    private var collected: [UInt8]?

    /// Writes to `path` (created or truncated), or to standard output for `-`.
    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw IngestError(file: path, line: 0, reason: "cannot create output file")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        pending.reserveCapacity(1 << 16)
    }

    /// Collects into memory (see ``text``).
    public init() { handle = nil; collected = [] }

    /// What an in-memory writer holds.
    public var text: String { String(decoding: collected ?? [], as: UTF8.self) + String(decoding: pending, as: UTF8.self) }

    /// Escapes one field.
    public static func escape(_ field: String) -> String {
        var needsQuotes = false
        for c in field.utf8 where c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
            needsQuotes = true; break
        }
        if let first = field.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")].contains(first),
           field.contains(where: { !$0.isNumber && $0 != "-" && $0 != "+" && $0 != "." }) {
            // Spreadsheet formula injection: neutralise with a leading apostrophe.
            return "\"'" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// Writes one record.
    public func write(_ fields: [String]) throws {
        var first = true
        for f in fields {
            if !first { pending.append(UInt8(ascii: ",")) }
            first = false
            pending.append(contentsOf: Self.escape(f).utf8)
        }
        pending.append(UInt8(ascii: "\n"))
        if pending.count >= 1 << 16 { try flush() }
    }

    /// Flushes buffered output.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        if let handle { try handle.write(contentsOf: pending) } else { collected!.append(contentsOf: pending) }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws {
        try flush()
        if let handle, handle !== FileHandle.standardOutput { try handle.close() }
    }
}
