/// A streaming RFC 4180 CSV reader over bytes.
///
/// Hand-written because it is the loader's hot path: it parses ~0.5–1 GB/s
/// into a reused field buffer, where the mirrored CSV packages measured
/// 16–32 MB/s (notes/measurements.md). It tracks the physical line of each
/// record for error messages, handles quoted fields with embedded commas,
/// quotes and newlines, and flags fields holding non-ASCII bytes so that only
/// those pay for UTF-8 validation.
public final class CSVReader {
    private let file: ChunkedFile
    public var path: String { file.path }
    /// File size and bytes consumed, for progress.
    public var fileSize: Int64 { file.size }
    public var bytesConsumed: Int64 { file.consumed }
    /// The 1-based line on which the current record starts.
    public private(set) var line = 0
    private var nextLine = 1

    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var nonASCII: [Bool] = []
    /// The header fields, once ``readHeader()`` ran.
    public private(set) var header: [String] = []

    public init(path: String) throws {
        file = try ChunkedFile(path: path)
        bytes.reserveCapacity(4096)
    }

    /// Reads through a buffer of `bufferCapacity` bytes (tests: records and
    /// runs that cross buffer refills).
    init(path: String, bufferCapacity: Int) throws {
        file = try ChunkedFile(path: path, capacity: bufferCapacity)
    }

    /// Number of fields in the current record.
    public var fieldCount: Int { ends.count }

    /// The raw bytes of field `i` of the current record.
    @inline(__always)
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
    }

    /// Field `i` as a string, or nil when it is not valid UTF-8.
    public func string(_ i: Int) -> String? {
        let f = field(i)
        if !nonASCII[i] { return String(decoding: f, as: UTF8.self) }
        return String(validating: f, as: UTF8.self)
    }

    /// The whole current record, re-joined (for rejects files).
    public var rawRecord: String {
        (0..<fieldCount).map { i in
            let s = String(decoding: field(i), as: UTF8.self)
            return CSVWriter.escape(s)
        }.joined(separator: ",")
    }

    /// The index of the first field whose bytes are not valid UTF-8.
    public func firstInvalidUTF8Field() -> Int? {
        for i in 0..<fieldCount where nonASCII[i] {
            if String(validating: field(i), as: UTF8.self) == nil { return i }
        }
        return nil
    }

    /// Reads the first record as the header.
    @discardableResult
    public func readHeader() throws -> [String] {
        guard try next() else { throw IngestError(file: path, line: 1, .empty("empty file: no header line")) }
        header = (0..<fieldCount).map { i in
            var s = string(i) ?? ""
            if i == 0, s.hasPrefix("\u{FEFF}") { s.removeFirst() }  // UTF-8 byte order mark
            return s.trimmingSpaces
        }
        return header
    }

    /// Advances to the next record; false at end of file. Blank lines are skipped.
    public func next() throws -> Bool {
        // Work on local copies: class properties touched per byte would pay a
        // dynamic exclusivity check each time.
        var bytes = self.bytes, ends = self.ends, nonASCII = self.nonASCII
        self.bytes = []; self.ends = []; self.nonASCII = []
        defer { self.bytes = bytes; self.ends = ends; self.nonASCII = nonASCII }
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        nonASCII.removeAll(keepingCapacity: true)
        var nextLine = self.nextLine
        defer { self.nextLine = nextLine }
        line = nextLine
        var inQuotes = false
        var quoteSeen = false      // a quote inside a quoted field: end of field or doubled quote
        var fieldStart = 0
        var high: UInt8 = 0
        var recordHasBytes = false
        let f = file
        while true {
            if f.start == f.end {
                guard try f.ensure() else {
                    if inQuotes && !quoteSeen {
                        throw IngestError(file: path, line: line, column: ends.count + 1,
                                          .syntax("truncated file: quoted field opened on line \(line) is never closed"))
                    }
                    if !recordHasBytes { return false }
                    ends.append(bytes.count); nonASCII.append(high >= 0x80)
                    return true
                }
            }
            let buf = f.buffer
            var i = f.start
            let end = f.end
            while i < end {
                let c = buf[i]
                i += 1
                if inQuotes {
                    if quoteSeen {
                        quoteSeen = false
                        if c == UInt8(ascii: "\"") { bytes.append(c); continue }
                        inQuotes = false
                        // fall through to unquoted handling of c
                    } else if c == UInt8(ascii: "\"") {
                        quoteSeen = true; continue
                    } else {
                        if c == UInt8(ascii: "\n") { nextLine += 1 }
                        high |= c
                        bytes.append(c); continue
                    }
                }
                switch c {
                case UInt8(ascii: ","):
                    ends.append(bytes.count); nonASCII.append(high >= 0x80); high = 0
                    fieldStart = bytes.count
                    recordHasBytes = true
                case UInt8(ascii: "\n"):
                    nextLine += 1
                    if !recordHasBytes && bytes.isEmpty {
                        line = nextLine
                        continue
                    }
                    ends.append(bytes.count); nonASCII.append(high >= 0x80)
                    f.consumed += Int64(i - f.start); f.start = i
                    return true
                case UInt8(ascii: "\r"):
                    continue
                case UInt8(ascii: "\""):
                    recordHasBytes = true
                    if bytes.count == fieldStart { inQuotes = true } else { bytes.append(c) }
                default:
                    // A run of ordinary bytes goes in with one append: a call
                    // per byte (capacity and uniqueness checks each time) was
                    // most of the parse.
                    recordHasBytes = true
                    var j = i
                    var run = c
                    while j < end {
                        let d = buf[j]
                        if d == UInt8(ascii: ",") || d == UInt8(ascii: "\n") || d == UInt8(ascii: "\r") || d == UInt8(ascii: "\"") { break }
                        run |= d
                        j += 1
                    }
                    high |= run
                    bytes.append(contentsOf: UnsafeBufferPointer(start: buf + i - 1, count: j - i + 1))
                    i = j
                }
            }
            f.consumed += Int64(i - f.start); f.start = i
            // A record cannot be larger than any real export's row: a file with no line breaks would otherwise be read whole.
            if bytes.count > Self.maxRecordBytes {
                throw IngestError(file: path, line: line, column: ends.count + 1,
                                  .tooLarge(what: "a record without a line break (not a CSV file FundTrace reads)", limit: Self.maxRecordBytes))
            }
        }
    }

    /// The largest record read (64 MiB): memory stays bounded whatever the file holds.
    public static let maxRecordBytes = 64 << 20
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
