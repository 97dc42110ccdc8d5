/// Splitting a line that holds no quotes on its commas, eight bytes at a time (SWAR): the hot loop of
/// ``CSVReader``'s fast paths.
enum PlainFields {
    /// Writes to `ends` the end offset of each comma-separated field of `line` (the last one ends at its count) and
    /// returns how many there are, with whether any byte is 0x80 or above (not ASCII); nil when there are more
    /// than `capacity`.
    @inline(__always)
    static func split(_ line: UnsafeBufferPointer<UInt8>, into ends: UnsafeMutablePointer<Int>, capacity: Int) -> (count: Int, high: Bool)? {
        let n = line.count
        let raw = UnsafeRawBufferPointer(line)
        let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var high: UInt64 = 0
        var count = 0
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            high |= w
            // Exact per-byte test for a comma: the high bit of each byte of `m` is set where `w` has 0x2C.
            let x = w ^ commas
            var m = ~(((x & low7) &+ low7) | x | low7)
            while m != 0 {
                guard count < capacity - 1 else { return nil }
                ends[count] = i + m.trailingZeroBitCount >> 3
                count += 1
                m &= m - 1
            }
            i += 8
        }
        while i < n {
            let c = line[i]
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
