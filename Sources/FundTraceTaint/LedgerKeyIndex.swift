/// Maps store ledger keys — (address id, asset id); the asset id implies the
/// chain — to dense engine indices.
///
/// Hand-written open addressing (linear probing over two flat arrays)
/// because the store sweep looks up two keys per transfer among millions:
/// one multiply-shift hash and usually one cache line, where `Dictionary`
/// pays for generic SipHash hashing and bucket metadata (measured ~20 % of a
/// 5 M-transfer sweep). Keys that do not fit 40 + 24 bits use a `Dictionary`.
struct LedgerKeyIndex {
    private var slots: [UInt64]      // packed key + 1; 0 = empty
    private var values: [Int32]
    private var mask: Int
    private var used = 0
    private var overflow: [Int64: [Int64: Int]] = [:]

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The index of `(address, asset)`, inserting `next()` if absent.
    @inline(__always)
    mutating func index(address: Int64, asset: Int64, orInsert next: () -> Int) -> Int {
        guard address >= 0, address < 1 << 40, asset >= 0, asset < 1 << 24, used < Int32.max else {
            if let i = overflow[address]?[asset] { return i }
            let i = next()
            overflow[address, default: [:]][asset] = i
            return i
        }
        let key = UInt64(address) << 24 | UInt64(asset)
        let stored = key &+ 1
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let s = slots[i]
            if s == stored { return Int(values[i]) }
            if s == 0 { break }
            i = (i + 1) & mask
        }
        let v = next()
        slots[i] = stored
        values[i] = Int32(v)
        used += 1
        if used * 2 > slots.count { grow() }
        return v
    }

    private mutating func grow() {
        let oldSlots = slots, oldValues = values
        slots = [UInt64](repeating: 0, count: oldSlots.count * 2)
        values = [Int32](repeating: 0, count: oldSlots.count * 2)
        mask = slots.count - 1
        for (j, s) in oldSlots.enumerated() where s != 0 {
            var i = Int(truncatingIfNeeded: ((s &- 1) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = s
            values[i] = oldValues[j]
        }
    }
}
