/// The integer key under which the store indexes interned text (addresses,
/// transaction hashes): 63 bits of FNV-1a over the chain id and the text.
///
/// Why not a UNIQUE index on the text itself: hashes and addresses are
/// random, so every new one lands at a random place of that index, and a
/// 66-character key makes the index several times larger than SQLite's page
/// cache on real data sets (measured: 4× slower loads at 5 M transfers).
/// An 8-byte integer index stays small enough to be cached; lookups compare
/// the text of the (rare) rows that share a key, and ``StoreWriter`` is the
/// only writer, so uniqueness holds by construction.
enum InterningKey {
    static func of(_ text: String, chain: Int64 = 0) -> Int64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var c = UInt64(bitPattern: chain)
        for _ in 0..<8 {
            h = (h ^ (c & 0xFF)) &* 0x0000_0100_0000_01B3
            c >>= 8
        }
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int64(bitPattern: h & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
