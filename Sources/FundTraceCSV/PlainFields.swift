import CFundTraceScan

/// Finding a line that holds no quotes and splitting it on its commas, sixteen bytes at a time, in one pass
/// (``ft_split_line``): the hot loop of ``CSVReader``'s fast paths.
enum PlainFields {
    /// The line starting at `start` in `buffer[..<end]` when it is whole there and plain: its bytes (without the
    /// line break, a CRLF's carriage return included), its fields (each field's end offset written to `ends`, the
    /// last one at the line's length), whether any byte is not ASCII, and where the next line starts. Nil for a
    /// blank line, a line cut by `end`, one with a quote or a carriage return (but a CRLF's), or one with more than
    /// `capacity` fields.
    @inline(__always)
    static func line(in buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, ends: UnsafeMutablePointer<Int>, capacity: Int)
        -> (record: UnsafeBufferPointer<UInt8>, fields: Int, high: Bool, next: Int)? {
        guard start < end else { return nil }
        var high: Int32 = 0, length = 0
        let fields = ft_split_line(buffer + start, end - start, ends, capacity, &high, &length)
        guard fields > 0 else { return nil }
        // The line break is one byte after the line, or two for a CRLF.
        let next = start + length + (buffer[start + length] == 0x0D ? 2 : 1)
        return (UnsafeBufferPointer(start: buffer + start, count: length), fields, high != 0, next)
    }
}
