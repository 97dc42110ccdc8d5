/// The hash of a short byte string (an address, a name, a transaction hash) that the sweeps' hand-written tables
/// use: a seeded multiply-mix over 8-byte words, then a final avalanche. Names are short (addresses 42 bytes), so a
/// word at a time is what counts. Tables seed it per run, so that crafted input cannot line keys up in one run of
/// slots.
enum ByteHash {
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = seed ^ (UInt64(bytes.count) &* k)
        let n = bytes.count
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n { tail |= UInt64(raw[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* k
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
