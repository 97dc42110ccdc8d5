import FundTraceTaint
import FundTraceCSV
/// The address and `whole_balance` rules of a ``SourceSpec`` resolved to the
/// name ids of an ``AccountTransferFile``, so that the conformance sweep
/// decides a row's marking and a new key's source flags with one integer-keyed
/// lookup instead of building `chain + address` strings for every row. Rules
/// naming a chain or address the file never mentions cannot match and are
/// dropped. Transfer rules stay with the spec: ``hasTransferRules`` says
/// whether a row must still be checked against them.
struct SourceMarks {
    private struct AddressRule { var asset: UInt32?; var startBlock: UInt64 }
    /// By `chain << 32 | address`.
    private var address: [UInt64: [AddressRule]] = [:]
    private var wholeBalance: [UInt64: [UInt32?]] = [:]
    let hasTransferRules: Bool
    /// A digest of each `transfer` rule's `(tx_hash, log_index)`: a row whose digest is not here is marked by no
    /// transfer rule, which a sweep can tell without building the rule's text (``mayBeMarkedByTransferRule``).
    private var transferDigests: Set<UInt64> = []
    /// One bit per digest's low 16 bits: most rows are told apart by one bit test, without hashing the digest again.
    private var transferBits = [UInt64](repeating: 0, count: 1024)

    init(_ spec: SourceSpec, names: NameTable) {
        var transfers = false
        for r in spec.rules {
            if r.kind == .transfer {
                transfers = true
                // Only `HASH:N` with N as a row's log_index prints it (no sign, no leading zero) can match a row.
                if let (hashText, index) = r.hashAndIndex, let n = UInt64(index), String(n) == index {
                    var hash = String(hashText)
                    let digest = hash.withUTF8 { Self.digest(txHash: $0, logIndex: n) }
                    transferDigests.insert(digest)
                    transferBits[Int(digest & 0xFFFF) >> 6] |= 1 << (digest & 63)
                }
            }
            guard r.kind == .address || r.kind == .wholeBalance,
                  let chain = names.existingID(r.chain), let id = names.existingID(r.id) else { continue }
            // An asset the file never names matches nothing: keep the rule out.
            var asset: UInt32?
            if let a = r.asset {
                guard let known = names.existingID(a) else { continue }
                asset = known
            }
            let key = UInt64(chain) << 32 | UInt64(id)
            if r.kind == .address { address[key, default: []].append(AddressRule(asset: asset, startBlock: r.startBlock ?? 0)) }
            else { wholeBalance[key, default: []].append(asset) }
        }
        hasTransferRules = transfers
    }

    /// False when no `transfer` rule can mark the row `(txHash, logIndex)`; true when one may (then ask the spec).
    @inline(__always)
    func mayBeMarkedByTransferRule(txHash: UnsafeBufferPointer<UInt8>, logIndex: UInt64) -> Bool {
        guard hasTransferRules else { return false }
        let digest = Self.digest(txHash: txHash, logIndex: logIndex)
        return transferBits[Int(digest & 0xFFFF) >> 6] & (1 << (digest & 63)) != 0 && transferDigests.contains(digest)
    }

    /// A digest of the hash's bytes and the log index: its 8-byte words folded with a rotation each (the last word
    /// read overlapping, so no byte loop), then mixed once. Every row pays it, so it is cheaper than ``ByteHash``
    /// (170 instructions a row for a 66-byte hash, callgrind) at the price of being easy to collide on purpose: a
    /// collision costs one exact check against the rules, never a wrong answer. Not seeded per run, for the same
    /// reason.
    @inline(__always)
    static func digest(txHash: UnsafeBufferPointer<UInt8>, logIndex: UInt64) -> UInt64 {
        let raw = UnsafeRawBufferPointer(txHash), n = raw.count
        var h = (logIndex &+ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8 {
            var i = 0
            while i + 8 < n { h = (h << 7 | h >> 57) ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self); i += 8 }
            h = (h << 7 | h >> 57) ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else {
            for c in raw { h = (h << 7 | h >> 57) ^ UInt64(c) }
        }
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 29)
    }

    /// Whether an `address` rule marks a transfer to `to` (§3.5).
    @inline(__always)
    func isMarkedByAddress(chain: UInt32, to: UInt32, asset: UInt32, block: UInt64) -> Bool {
        guard let rules = address[UInt64(chain) << 32 | UInt64(to)] else { return false }
        return rules.contains { ($0.asset == nil || $0.asset == asset) && block >= $0.startBlock }
    }

    /// Whether some `address` rule names `address` on `chain` (whatever its asset and start block).
    func namesAddressRule(chain: UInt32, address a: UInt32) -> Bool {
        address[UInt64(chain) << 32 | UInt64(a)] != nil
    }

    /// Whether `(chain, address, asset)` is an `address` source key.
    func isAddressSource(chain: UInt32, address a: UInt32, asset: UInt32) -> Bool {
        address[UInt64(chain) << 32 | UInt64(a)]?.contains { $0.asset == nil || $0.asset == asset } ?? false
    }

    /// Whether `(chain, address, asset)` is a `whole_balance` source key.
    func isWholeBalance(chain: UInt32, address a: UInt32, asset: UInt32) -> Bool {
        wholeBalance[UInt64(chain) << 32 | UInt64(a)]?.contains { $0 == nil || $0 == asset } ?? false
    }
}
