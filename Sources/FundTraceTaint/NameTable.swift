/// Distinct names (chains, addresses, assets) under dense 32-bit ids, so
/// that tables of millions of rows or keys keep each name once and refer to
/// it by id. Lookups are O(1) hash lookups; memory is O(distinct names).
struct NameTable: Sendable {
    private var names: [String] = []
    private var ids: [String: UInt32] = [:]

    /// The id of `name`, assigned on first sight.
    mutating func id(_ name: String) -> UInt32 {
        if let i = ids[name] { return i }
        precondition(names.count < UInt32.max, "more than 2^32 - 1 distinct names")
        let i = UInt32(names.count)
        names.append(name)
        ids[name] = i
        return i
    }

    /// The id of `name` if it was seen.
    func existingID(_ name: String) -> UInt32? { ids[name] }

    subscript(id: UInt32) -> String { names[Int(id)] }
}
