import CFundTraceScan
import Foundation

/// Splitting a line that holds no quotes on its commas, sixteen bytes at a time (``ft_split_plain``): the hot loop of
/// ``CSVReader``'s fast paths.
enum PlainFields {
    /// The line starting at `start` in `buffer[..<end]` when it is whole there and plain: its bytes (without the
    /// line break, a CRLF's carriage return included), its fields (`ends` as ``split(_:into:capacity:)`` writes them),
    /// whether any byte is not ASCII, and where the next line starts. Nil for a blank line, a line cut by `end`, or
    /// one that is not plain.
    @inline(__always)
    static func line(in buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, ends: UnsafeMutablePointer<Int>, capacity: Int)
        -> (record: UnsafeBufferPointer<UInt8>, fields: Int, high: Bool, next: Int)? {
        guard start < end, let newline = memchr(buffer + start, 0x0A, end - start) else { return nil }
        let lineEnd = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
        var count = lineEnd - start
        if count > 0 && buffer[lineEnd - 1] == 0x0D { count -= 1 }  // CRLF
        guard count > 0 else { return nil }
        let record = UnsafeBufferPointer(start: buffer + start, count: count)
        guard let (fields, high) = split(record, into: ends, capacity: capacity) else { return nil }
        return (record, fields, high, lineEnd + 1)
    }

    /// Writes to `ends` the end offset of each comma-separated field of `line` (the last one ends at its count) and
    /// returns how many there are, with whether any byte is 0x80 or above (not ASCII); nil when there are more
    /// than `capacity`, or when the line holds a quote or a carriage return (not a plain line). See ``ft_split_plain``.
    @inline(__always)
    static func split(_ line: UnsafeBufferPointer<UInt8>, into ends: UnsafeMutablePointer<Int>, capacity: Int) -> (count: Int, high: Bool)? {
        var high: Int32 = 0
        let count = ft_split_plain(line.baseAddress, line.count, ends, capacity, &high)
        return count < 0 ? nil : (count, high != 0)
    }
}
