/// A ledger key of the account model: `(chain, address, asset)` (§2).
public struct LedgerKey: Hashable, Sendable {
    public var chain: String
    public var address: String
    public var asset: String
    public init(chain: String, address: String, asset: String) { self.chain = chain; self.address = address; self.asset = asset }
}

/// Interns ledger keys as dense indices for the engines' per-key arrays.
/// Lookups are O(1) hash lookups; memory is O(number of keys).
///
/// Each key is kept once, as three ids into one list of distinct names
/// (chains, addresses and assets together): a whole store's export has
/// millions of keys over a few hundred thousand names, and a key then costs
/// about 30 bytes instead of its three strings held twice, in a list and a
/// dictionary (about 150; 6.3 M keys: ~1 GB less for `taint account`).
public struct LedgerKeyTable: Sendable {
    /// A key as the ids of its chain, address and asset names.
    private struct Names: Hashable { var chain: UInt32, address: UInt32, asset: UInt32 }

    private var names = NameTable()
    private var keyNames: [Names] = []
    private var index: [Names: Int32] = [:]

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
        if let i = index[n] { return (Int(i), false) }
        let i = keyNames.count
        precondition(i < Int32.max, "more than 2^31 ledger keys")
        keyNames.append(n)
        index[n] = Int32(i)
        return (i, true)
    }

    public func lookup(_ key: LedgerKey) -> Int? {
        guard let c = names.existingID(key.chain), let a = names.existingID(key.address), let s = names.existingID(key.asset) else { return nil }
        return index[Names(chain: c, address: a, asset: s)].map(Int.init)
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
