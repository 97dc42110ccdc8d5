import Foundation

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

    /// The current record's fields back to back, one separator byte between them: field `i` is
    /// `bytes[ends[i - 1] + 1 ..< ends[i]]` (from 0 for the first).
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
    package init(path: String, bufferCapacity: Int) throws {
        file = try ChunkedFile(path: path, capacity: bufferCapacity)
    }

    /// Number of fields in the current record.
    public var fieldCount: Int { ends.count }

    /// The raw bytes of field `i` of the current record.
    @inline(__always)
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1] + 1)..<ends[i]]
    }

    /// Calls `body` with the current record's fields as buffers into the reader's own storage: no copy and no
    /// reference counting per field, for loops that read millions of records. The buffers are valid only inside `body`.
    public func withFields<R>(_ body: (CSVFields) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { b in try ends.withUnsafeBufferPointer { e in try body(CSVFields(bytes: b, ends: e)) } }
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
        if Self.plainLine(file, into: &bytes, ends: &ends, nonASCII: &nonASCII, scratch: plainEnds) { nextLine += 1; return true }
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
                    // The separator stays between fields in `bytes` (so a plain line is one copy): fields start one past the previous end.
                    ends.append(bytes.count); nonASCII.append(high >= 0x80); high = 0
                    bytes.append(c)
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

    /// Calls `body` with each record from here on that is a plain line (no quote, no carriage return but a CRLF's,
    /// at most ``maxPlainFields`` fields), as fields in the file's buffer — no copy at all — and its line number,
    /// until a record is not one or the file ends; then ``next()`` reads on. The reader's position is kept in locals
    /// meanwhile: a class's stored properties touched per record pay a run-time exclusivity check each.
    ///
    /// The fields' bytes stay where they are until `beforeRefill` is called (just before the buffer's unread bytes
    /// move to make room) or this call returns: a caller may keep a few records' fields and finish them later,
    /// as ``PresortedAccountSweep`` does to overlap their cache misses, provided it finishes them by then. The
    /// fields' end offsets are valid only inside `body`.
    public func readPlainRecords(beforeRefill: () throws -> Void = {}, _ body: (CSVFields, _ line: Int) throws -> Void) throws {
        let f = file
        var start = f.start, lineNumber = nextLine, consumed: Int64 = 0
        defer {
            f.start = start; f.consumed += consumed
            if lineNumber != nextLine { line = lineNumber - 1; nextLine = lineNumber }
        }
        while true {
            let end = f.end
            while let plain = PlainFields.line(in: f.buffer, from: start, to: end, ends: plainEnds, capacity: Self.maxPlainFields) {
                consumed += Int64(plain.next - start)
                start = plain.next
                lineNumber += 1
                try body(CSVFields(bytes: plain.record, ends: UnsafeBufferPointer(start: plainEnds, count: plain.fields)), lineNumber - 1)
            }
            // Unless the line at `start` is whole in the buffer (then it is not plain), bring it to the front and read behind it.
            if start < end, memchr(f.buffer + start, 0x0A, end - start) != nil { return }
            let available = end - start
            try beforeRefill()
            f.start = start
            guard try f.compact(), f.end > available else { start = f.start; return }
            start = f.start
        }
    }

    /// The most fields of a plain record; a record with more goes to the general parser.
    public static let maxPlainFields = 64
    private let plainEnds = UnsafeMutablePointer<Int>.allocate(capacity: CSVReader.maxPlainFields)
    deinit { plainEnds.deallocate() }

    /// The fast path of ``next()``: when the buffer holds a whole line with no quote and no carriage return inside
    /// it (what exports write), the line is split on commas a word at a time, as the byte-by-byte parser would
    /// split it. False, having consumed nothing, for anything else (a blank line, quotes, a line across refills).
    ///
    /// Measured on a 1 M-row canonical transfers file (224 MB): the byte-by-byte parser alone ran at about
    /// 0.25 GB/s; this path at about 1 GB/s.
    private static func plainLine(_ f: ChunkedFile, into bytes: inout [UInt8], ends: inout [Int], nonASCII: inout [Bool],
                                  scratch: UnsafeMutablePointer<Int>) -> Bool {
        guard let (line, fields, high, next) = PlainFields.line(in: f.buffer, from: f.start, to: f.end, ends: scratch, capacity: maxPlainFields)
        else { return false }
        bytes.append(contentsOf: line)
        ends.append(contentsOf: UnsafeBufferPointer(start: scratch, count: fields))
        if high {
            var from = 0
            for end in ends { nonASCII.append(line[from..<end].contains { $0 >= 0x80 }); from = end + 1 }
        } else {
            for _ in ends { nonASCII.append(false) }
        }
        f.consumed += Int64(next - f.start)
        f.start = next
        return true
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
