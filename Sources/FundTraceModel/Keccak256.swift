/// Keccak-256 as Ethereum uses it (original Keccak padding, not SHA3-256).
///
/// Hand-written because neither Foundation nor swift-crypto offers Keccak;
/// FundTrace needs it only to derive the address of a contract created by a
/// transaction (see ``ContractAddress``), on short inputs.
public enum Keccak256 {
    private static let roundConstants: [UInt64] = [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ]
    private static let rotations: [Int] = [
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]

    private static func permute(_ a: inout [UInt64]) {
        var b = [UInt64](repeating: 0, count: 25)
        var c = [UInt64](repeating: 0, count: 5)
        for round in 0..<24 {
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ ((c[(x + 1) % 5] << 1) | (c[(x + 1) % 5] >> 63))
                for y in stride(from: 0, to: 25, by: 5) { a[y + x] ^= d }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    let r = rotations[x + 5 * y]
                    let v = a[x + 5 * y]
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = r == 0 ? v : (v << UInt64(r)) | (v >> UInt64(64 - r))
                }
            }
            for x in 0..<5 {
                for y in stride(from: 0, to: 25, by: 5) {
                    a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5])
                }
            }
            a[0] ^= roundConstants[round]
        }
    }

    /// The 32-byte Keccak-256 digest of `data`.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        let rate = 136
        var state = [UInt64](repeating: 0, count: 25)
        var msg = data
        msg.append(0x01)
        while msg.count % rate != 0 { msg.append(0) }
        msg[msg.count - 1] |= 0x80
        for blockStart in stride(from: 0, to: msg.count, by: rate) {
            for i in 0..<(rate / 8) {
                var lane: UInt64 = 0
                for j in 0..<8 { lane |= UInt64(msg[blockStart + i * 8 + j]) << UInt64(8 * j) }
                state[i] ^= lane
            }
            permute(&state)
        }
        var out: [UInt8] = []
        for i in 0..<4 { for j in 0..<8 { out.append(UInt8((state[i] >> UInt64(8 * j)) & 0xFF)) } }
        return out
    }
}

/// The address of a contract created by a plain transaction:
/// `keccak256(rlp([sender, nonce]))[12...]`.
///
/// ethereum-etl's `transactions.csv` leaves `to_address` empty for contract
/// creations; deriving the address from the sender and nonce names the real
/// recipient of the value, from the transaction alone, whatever else is loaded.
public enum ContractAddress {
    public static func created(by sender: String, nonce: UInt64) -> String? {
        guard Address.isEVM(sender.utf8) else { return nil }
        var senderBytes: [UInt8] = []
        let hex = Array(sender.utf8.dropFirst(2))
        for i in stride(from: 0, to: 40, by: 2) {
            senderBytes.append(hexDigitValue(hex[i])! << 4 | hexDigitValue(hex[i + 1])!)
        }
        var nonceRLP: [UInt8]
        if nonce == 0 {
            nonceRLP = [0x80]
        } else if nonce < 0x80 {
            nonceRLP = [UInt8(nonce)]
        } else {
            var be: [UInt8] = []
            var n = nonce
            while n > 0 { be.insert(UInt8(n & 0xFF), at: 0); n >>= 8 }
            nonceRLP = [0x80 + UInt8(be.count)] + be
        }
        let payload = [0x94] + senderBytes + nonceRLP
        let rlp = [0xC0 + UInt8(payload.count)] + payload
        let digest = Keccak256.hash(rlp)
        let hexDigits = Array("0123456789abcdef".utf8)
        var out = "0x"
        for b in digest[12...] {
            out.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(b >> 4)]))
            out.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(b & 0xF)]))
        }
        return out
    }
}
