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
        var t = text
        guard let packed = t.withUTF8({ Self.pack($0) }) else { return nil }
        (a, b, c, d) = packed.words
        chainAndLength = chain << 8 | Int64(packed.count)
    }

    /// The words of `0x` + 1…64 lower-case hex digits, or nil.
    @inline(__always)
    private static func pack(_ u: UnsafeBufferPointer<UInt8>) -> (words: (UInt64, UInt64, UInt64, UInt64), count: Int)? {
        let n = u.count - 2
        guard n > 0, n <= 64, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "x") else { return nil }
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for i in 0..<n {
            let ch = u[i + 2]
            let v: UInt64
            switch ch {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt64(ch &- 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt64(ch &- 87)
            default: return nil
            }
            switch i >> 4 {
            case 0: w.0 = w.0 << 4 | v
            case 1: w.1 = w.1 << 4 | v
            case 2: w.2 = w.2 << 4 | v
            default: w.3 = w.3 << 4 | v
            }
        }
        return (w, n)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(a &* 0x9E37_79B9_7F4A_7C15 ^ b &* 0xC2B2_AE3D_27D4_EB4F ^ c ^ d &* 0x1656_67B1_9E37_79F9 ^ UInt64(bitPattern: chainAndLength))
    }
}
