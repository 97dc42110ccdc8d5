/// A `0x`-prefixed hex string of up to 64 digits (an EVM address or hash)
/// packed into four words, with the chain: the key of the writer's interning
/// caches.
///
/// Exists for speed: hashing and comparing four integers costs a fraction of
/// hashing a 42- or 66-character `String`, and the caches are consulted for
/// every address and transaction hash of every row loaded.
struct PackedHexKey: Hashable {
    var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0
    var chainAndLength: Int64

    /// Packs `text` if it is `0x` followed by 1…64 lower-case hex digits.
    init?(_ text: String, chain: Int64 = 0) {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
        var count = 0
        var it = text.utf8.makeIterator()
        guard it.next() == UInt8(ascii: "0"), it.next() == UInt8(ascii: "x") else { return nil }
        while let ch = it.next() {
            let v: UInt8
            switch ch {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = ch &- 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = ch &- 87
            default: return nil
            }
            guard count < 64 else { return nil }
            switch count >> 4 {
            case 0: w0 = w0 << 4 | UInt64(v)
            case 1: w1 = w1 << 4 | UInt64(v)
            case 2: w2 = w2 << 4 | UInt64(v)
            default: w3 = w3 << 4 | UInt64(v)
            }
            count += 1
        }
        guard count > 0 else { return nil }
        a = w0; b = w1; c = w2; d = w3
        chainAndLength = chain << 8 | Int64(count)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(a &* 0x9E37_79B9_7F4A_7C15 ^ b &* 0xC2B2_AE3D_27D4_EB4F ^ c ^ d &* 0x1656_67B1_9E37_79F9 ^ UInt64(bitPattern: chainAndLength))
    }
}
