import Crypto

/// The P2PKH address of a public key (`1…` on Bitcoin's main network): Base58Check of version 0 and
/// HASH160(key). bitcoin-etl names bare-pubkey (P2PK) outputs this way; Esplora gives them no address.
enum BitcoinKeyAddress {
    static func p2pkh(publicKey: [UInt8], version: UInt8 = 0) -> String {
        let hash160 = RIPEMD160.hash(Array(SHA256.hash(data: publicKey)))
        return base58Check([version] + hash160)
    }

    /// The key inside a P2PK script (`<push 33 or 65 bytes> <key> OP_CHECKSIG`), or nil.
    static func publicKey(inP2PK script: [UInt8]) -> [UInt8]? {
        guard let n = script.first, n == 33 || n == 65, script.count == Int(n) + 2, script.last == 0xAC else { return nil }
        return Array(script[1...Int(n)])
    }

    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    static func base58Check(_ payload: [UInt8]) -> String {
        let checksum = Array(SHA256.hash(data: Array(SHA256.hash(data: payload)))).prefix(4)
        var bytes = payload + checksum
        var digits: [Int] = []
        // Repeated division of the big-endian number by 58.
        while bytes.contains(where: { $0 != 0 }) {
            var remainder = 0
            var next: [UInt8] = []
            for b in bytes {
                let v = remainder * 256 + Int(b)
                let q = v / 58
                remainder = v % 58
                if !next.isEmpty || q != 0 { next.append(UInt8(q)) }
            }
            digits.append(remainder)
            bytes = next
        }
        let zeros = (payload + checksum).prefix { $0 == 0 }.count
        return String(repeating: "1", count: zeros) + String(digits.reversed().map { alphabet[$0] })
    }
}
