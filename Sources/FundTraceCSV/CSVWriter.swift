import CFundTraceScan
import Foundation

/// Writes CSV safely: every field that holds a separator, quote, line break
/// or leading formula character is quoted, because on-chain strings (token
/// names, labels) are untrusted and end up in spreadsheets.
public final class CSVWriter {
    private let handle: FileHandle?
    /// Whether a field starting like a spreadsheet formula is neutralised with an apostrophe: on for files a person
    /// opens (reports, scores, endpoints), off for exchange formats that must round-trip byte for byte (the
    /// canonical export, the conformance outputs), where a field is quoted only when CSV needs it.
    public let formulaGuard: Bool
    private var pending: [UInt8] = []
    private var collected: [UInt8]?

    /// Writes to `path` (created or truncated), or to standard output for `-`.
    public init(path: String, formulaGuard: Bool = true) throws {
        self.formulaGuard = formulaGuard
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CannotCreate(path: path) }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        pending.reserveCapacity(1 << 16)
    }

    /// An output file that could not be created: a failed run, not bad
    /// input, so not an ``IngestError``.
    public struct CannotCreate: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "cannot create \(path)" }
    }

    /// Collects into memory (see ``text``).
    public init(formulaGuard: Bool = true) { handle = nil; collected = []; self.formulaGuard = formulaGuard }

    /// What an in-memory writer holds.
    public var text: String { String(decoding: collected ?? [], as: UTF8.self) + String(decoding: pending, as: UTF8.self) }

    /// Escapes one field.
    public static func escape(_ field: String, formulaGuard: Bool = true) -> String {
        let needsQuotes = field.utf8.withContiguousStorageIfAvailable(Self.needsQuotes) ?? Self.needsQuotes(field.utf8)
        if formulaGuard, let first = field.utf8.first, Self.isFormulaStart(first),
           field.contains(where: { !$0.isNumber && $0 != "-" && $0 != "+" && $0 != "." }) {
            // Spreadsheet formula injection: neutralise with a leading apostrophe.
            return "\"'" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// Whether `bytes` hold a separator, quote or line break. All four sort
    /// below `0`, so the digits of the numbers most fields hold cost one
    /// comparison each.
    @inline(__always)
    static func needsQuotes<S: Sequence<UInt8>>(_ bytes: S) -> Bool {
        for c in bytes where c < UInt8(ascii: "0") {
            if c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { return true }
        }
        return false
    }

    /// Whether `bytes` are written unchanged by ``escape(_:formulaGuard:)`` whatever the guard: ASCII, with no
    /// separator, quote or line break, not starting as a formula does.
    public static func isPlainText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first else { return true }
        return !isFormulaStart(first) && ft_is_plain_text(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count) != 0
    }

    /// A first byte a spreadsheet reads as the start of a formula.
    @inline(__always)
    static func isFormulaStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@")
    }

    /// Writes one record.
    public func write(_ fields: [String]) throws {
        Self.append(fields, to: &pending, formulaGuard: formulaGuard)
        try flushWhenFull()
    }

    /// Writes one record built in place (see ``CSVRecordBuilder``): no array of
    /// strings per record.
    public func writeRecord(_ build: (inout CSVRecordBuilder) -> Void) throws {
        Self.appendRecord(to: &pending, build)
        try flushWhenFull()
    }

    /// Appends one record built in place to `bytes`, exactly as
    /// ``writeRecord(_:)`` writes it: for writers that format records on
    /// several threads and write the results in order (``write(records:)``).
    public static func appendRecord(to bytes: inout [UInt8], _ build: (inout CSVRecordBuilder) -> Void) {
        // The buffer moves into the record and back, so it is never copied.
        var record = CSVRecordBuilder(bytes: bytes)
        bytes = []
        build(&record)
        record.bytes.append(UInt8(ascii: "\n"))
        bytes = record.bytes
    }

    /// Writes whole records formatted by ``appendRecord(to:_:)``.
    public func write(records bytes: [UInt8]) throws {
        if bytes.count < 1 << 16 {
            pending.append(contentsOf: bytes)
            try flushWhenFull()
            return
        }
        try flush()
        if let handle { try handle.write(contentsOf: bytes) } else { collected!.append(contentsOf: bytes) }
    }

    /// Flushes once 64 KiB are buffered.
    @inline(__always)
    private func flushWhenFull() throws {
        if pending.count >= 1 << 16 { try flush() }
    }

    /// One record onto `buffer`: a single access to the writer's buffer per
    /// record, not one per field (each access to a class's stored property
    /// is checked for exclusivity at run time; measured in `fundtrace score`).
    private static func append(_ fields: [String], to buffer: inout [UInt8], formulaGuard: Bool) {
        var first = true
        for f in fields {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            appendEscaped(f, to: &buffer, formulaGuard: formulaGuard)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// One field, escaped, onto `buffer`.
    @inline(__always)
    static func appendEscaped(_ field: String, to buffer: inout [UInt8], formulaGuard: Bool = true) {
        let e = escape(field, formulaGuard: formulaGuard)
        if e.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil { buffer.append(contentsOf: e.utf8) }
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
