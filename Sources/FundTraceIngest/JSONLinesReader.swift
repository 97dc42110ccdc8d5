import FundTraceCSV
/// Reads a JSON-lines file (one JSON document per line) in bounded memory.
public final class JSONLinesReader {
    private let file: ChunkedFile
    public var path: String { file.path }
    public var fileSize: Int64 { file.size }
    public var bytesConsumed: Int64 { file.consumed }
    /// The 1-based line of the current document.
    public private(set) var line = 0
    private var lineBytes: [UInt8] = []

    public init(path: String) throws { file = try ChunkedFile(path: path) }

    /// The longest line read (256 MiB: an ethereum-etl block with every transaction inline stays far below it).
    public static let maxLineBytes = 256 << 20

    /// The raw text of the current line (for rejects files).
    public var rawLine: String { String(decoding: lineBytes, as: UTF8.self) }

    /// The next non-blank line's bytes, or nil at end of file.
    public func nextLine() throws -> [UInt8]? {
        while true {
            lineBytes.removeAll(keepingCapacity: true)
            var sawAny = false
            while true {
                guard try file.ensure() else { break }
                let buf = file.buffer
                var i = file.start
                var done = false
                while i < file.end {
                    let c = buf[i]; i += 1
                    if c == UInt8(ascii: "\n") { done = true; break }
                    if c != UInt8(ascii: "\r") { lineBytes.append(c) }
                }
                sawAny = true
                file.consumed += Int64(i - file.start); file.start = i
                if done { break }
                if lineBytes.count > Self.maxLineBytes {
                    throw IngestError(file: path, line: line + 1, .tooLarge(what: "a line (not a JSON-lines file FundTrace reads)", limit: Self.maxLineBytes))
                }
            }
            if !sawAny && lineBytes.isEmpty { return nil }
            line += 1
            if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if file.eof && file.start == file.end && lineBytes.isEmpty { return nil }
                continue
            }
            return lineBytes
        }
    }

    /// The next JSON document, or nil at end of file.
    public func next() throws -> JSONValue? {
        guard let bytes = try nextLine() else { return nil }
        do {
            return try JSONParser.parse(bytes)
        } catch let f as JSONParser.Failure {
            throw IngestError(file: path, line: line, column: f.offset + 1, .syntax("invalid JSON: \(f.reason)"))
        }
    }
}
