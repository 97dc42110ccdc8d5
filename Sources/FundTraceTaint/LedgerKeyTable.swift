/// A ledger key of the account model: `(chain, address, asset)` (§2).
public struct LedgerKey: Hashable, Sendable {
    public var chain: String
    public var address: String
    public var asset: String
    public init(chain: String, address: String, asset: String) { self.chain = chain; self.address = address; self.asset = asset }
}

/// Interns ledger keys as dense indices for the engines' per-key arrays.
/// Lookups are O(1) hash lookups; memory is O(number of keys).
public struct LedgerKeyTable: Sendable {
    public private(set) var keys: [LedgerKey] = []
    private var index: [LedgerKey: Int] = [:]
    public init() {}

    /// The index of `key` and whether it was new.
    public mutating func intern(_ key: LedgerKey) -> (index: Int, isNew: Bool) {
        if let i = index[key] { return (i, false) }
        let i = keys.count
        keys.append(key)
        index[key] = i
        return (i, true)
    }

    public func lookup(_ key: LedgerKey) -> Int? { index[key] }
    public var count: Int { keys.count }
}
