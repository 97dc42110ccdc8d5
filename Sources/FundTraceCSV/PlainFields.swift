import Foundation

/// Splitting a line that holds no quotes on its commas, eight bytes at a time (SWAR): the hot loop of
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
    /// than `capacity`, or when the line holds a quote or a carriage return (not a plain line).
    @inline(__always)
    static func split(_ line: UnsafeBufferPointer<UInt8>, into ends: UnsafeMutablePointer<Int>, capacity: Int) -> (count: Int, high: Bool)? {
        let n = line.count
        let raw = UnsafeRawBufferPointer(line)
        let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C, quotes: UInt64 = 0x2222_2222_2222_2222, returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Exact per-byte test: the high bit of each byte of the result is set where `w` has the byte `b` repeats.
        @inline(__always) func equal(_ w: UInt64, _ b: UInt64) -> UInt64 { let x = w ^ b; return ~(((x & low7) &+ low7) | x | low7) }
        var high: UInt64 = 0, special: UInt64 = 0
        var count = 0
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            high |= w
            special |= equal(w, quotes) | equal(w, returns)
            var m = equal(w, commas)
            while m != 0 {
                guard count < capacity - 1 else { return nil }
                ends[count] = i + m.trailingZeroBitCount >> 3
                count += 1
                m &= m - 1
            }
            i += 8
        }
        guard special == 0 else { return nil }
        while i < n {
            let c = line[i]
            if c == 0x22 || c == 0x0D { return nil }
            high |= UInt64(c)
            if c == 0x2C {
                guard count < capacity - 1 else { return nil }
                ends[count] = i
                count += 1
            }
            i += 1
        }
        ends[count] = n
        return (count + 1, high & 0x8080_8080_8080_8080 != 0)
    }
}
