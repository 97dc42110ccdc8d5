import FundTraceTaint
import FundTraceCSV
/// A ledger key of the account model: `(chain, address, asset)` (§2).
public struct LedgerKey: Hashable, Sendable {
    public var chain: String
    public var address: String
    public var asset: String
    public init(chain: String, address: String, asset: String) { self.chain = chain; self.address = address; self.asset = asset }
}

/// Interns ledger keys as dense indices for the engines' per-key arrays.
/// Lookups are O(1) expected; memory is O(number of keys).
///
/// Each key is kept once, as three ids into one list of distinct names
/// (chains, addresses and assets together): a whole store's export has
/// millions of keys over a few hundred thousand names, and a key then costs
/// about 20 bytes instead of its three strings held twice, in a list and a
/// dictionary (about 150; 6.3 M keys: ~1 GB less for `taint account`).
///
/// The index is a hand-written open-addressing table of key indices rather
/// than a `[Names: Int32]`: the conformance command interns two keys per
/// row, and the dictionary's seeded SipHash of three integers, with its
/// resizes, was about 7 % of the command (perf); a seeded multiply-mix of
/// the ids does the job, and the table holds 4 bytes a slot.
public struct LedgerKeyTable: Sendable {
    /// A key as the ids of its chain, address and asset names.
    private struct Names: Equatable { var chain: UInt32, address: UInt32, asset: UInt32 }

    private var names = NameTable()
    private var keyNames: [Names] = []
    /// `index + 1` of the key in each slot, 0 for none; a power of two in size, at most half full.
    private var slots: [UInt32] = []
    private let seed = UInt64.random(in: .min ... .max)

    public init() {}

    /// A table over names already collected (a transfers file's), so keys
    /// can be interned by their names' ids without hashing the strings again.
    init(names: NameTable) { self.names = names }

    /// The index of `key` and whether it was new.
    public mutating func intern(_ key: LedgerKey) -> (index: Int, isNew: Bool) {
        intern(Names(chain: names.id(key.chain), address: names.id(key.address), asset: names.id(key.asset)))
    }

    /// The index of the key named by ids of this table's names, and whether it was new.
    mutating func intern(chain: UInt32, address: UInt32, asset: UInt32) -> (index: Int, isNew: Bool) {
        intern(Names(chain: chain, address: address, asset: asset))
    }

    private mutating func intern(_ n: Names) -> (index: Int, isNew: Bool) {
        if slots.isEmpty { rehash(capacity: 1024) }
        let (slot, found) = find(n)
        if let found { return (found, false) }
        let i = keyNames.count
        precondition(i < Int32.max, "more than 2^31 ledger keys")
        keyNames.append(n)
        slots[slot] = UInt32(i + 1)
        if keyNames.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return (i, true)
    }

    public func lookup(_ key: LedgerKey) -> Int? {
        guard !slots.isEmpty, let c = names.existingID(key.chain), let a = names.existingID(key.address), let s = names.existingID(key.asset)
        else { return nil }
        return find(Names(chain: c, address: a, asset: s)).found
    }

    /// The slot holding `n`'s index (and the index), or the empty slot where it would go.
    @inline(__always)
    private func find(_ n: Names) -> (slot: Int, found: Int?) {
        let mask = slots.count - 1
        var i = hash(n) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (i, nil) }
            if keyNames[Int(s - 1)] == n { return (i, Int(s - 1)) }
            i = (i + 1) & mask
        }
    }

    private mutating func rehash(capacity: Int) {
        slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (k, n) in keyNames.enumerated() {
            var i = hash(n) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = UInt32(k + 1)
        }
    }

    /// A seeded mix of the three ids (the input decides which keys exist,
    /// so the seed keeps it from lining them up in one run of slots).
    @inline(__always)
    private func hash(_ n: Names) -> Int {
        var h = seed ^ (UInt64(n.address) | UInt64(n.asset) << 32) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(n.chain) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    public var count: Int { keyNames.count }

    /// The key at index `i` (its strings are shared with the table, not copied).
    public subscript(i: Int) -> LedgerKey {
        let n = keyNames[i]
        return LedgerKey(chain: names[n.chain], address: names[n.address], asset: names[n.asset])
    }

    /// Every key in index order. O(keys): builds the list; use the subscript for one key.
    public var keys: [LedgerKey] { (0..<count).map { self[$0] } }
}
