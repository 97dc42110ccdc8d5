import Foundation
import FundTraceCSV

/// The elements of a file holding one JSON array (`[{…}, {…}]`, as cryo writes JSON), one at a time: the file is
/// read whole (bounded by `maxBytes`) and scanned for the array's top-level elements, each parsed on its own, so
/// that no single tree holds the whole file.
public final class JSONArrayReader {
    public static let maxBytes = 1 << 30
    public let path: String
    private let bytes: [UInt8]
    private var i = 0
    /// The 1-based line where the current element starts.
    public private(set) var line = 1
    private var scannedTo = 0
    private var started = false

    public init(path: String) throws {
        self.path = path
        bytes = Array(try WholeFile.read(path, limit: Self.maxBytes, kind: "a JSON array file"))
    }

    public var bytesConsumed: Int64 { Int64(i) }
    public var fileSize: Int64 { Int64(bytes.count) }
    public var rawElement: String = ""

    /// The next element, or nil after the array's end.
    public func next() throws -> JSONValue? {
        skipSpace()
        if !started {
            if i < bytes.count, bytes[i] == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { i += 3; skipSpace() }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { throw failure(.format("not a JSON array")) }
            i += 1; started = true; skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return nil }
        } else {
            guard i < bytes.count else { throw failure(.syntax("truncated JSON: ']' expected")) }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return nil }
            guard bytes[i] == UInt8(ascii: ",") else { throw failure(.syntax("',' or ']' expected between elements")) }
            i += 1; skipSpace()
        }
        countLines(to: i)
        let start = i
        try skipValue()
        rawElement = String(decoding: bytes[start..<min(i, start + 2000)], as: UTF8.self)
        do { return try JSONParser.parse(bytes[start..<i]) } catch let f as JSONParser.Failure {
            throw failure(.syntax("invalid JSON: \(f.reason)"))
        }
    }

    /// Moves past one value, tracking strings and nesting.
    private func skipValue() throws {
        var depth = 0, inString = false, escaped = false
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
                if depth > 64 { throw failure(.syntax("nesting too deep")) }
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                if depth == 0 { return }
                depth -= 1
                if depth == 0 { i += 1; return }
            } else if depth == 0 && (c == UInt8(ascii: ",")) {
                return
            }
            i += 1
        }
        if inString || depth > 0 { throw failure(.syntax("truncated JSON: the element never ends")) }
    }

    private func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private func countLines(to end: Int) {
        while scannedTo < end { if bytes[scannedTo] == 0x0A { line += 1 }; scannedTo += 1 }
    }

    private func failure(_ cause: IngestError.Cause) -> IngestError {
        countLines(to: min(i, bytes.count))
        return IngestError(file: path, line: line, cause)
    }
}
