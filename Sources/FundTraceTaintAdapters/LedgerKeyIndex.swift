import CFundTracePrefetch
import FundTraceTaint
import FundTraceCSV

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

    /// The packed key of `(address, asset)`, or nil when it does not fit (see ``overflow``).
    @inline(__always)
    private func packed(_ address: Int64, _ asset: Int64) -> UInt64? {
        guard address >= 0, address < 1 << 40, asset >= 0, asset < 1 << 24, used < Int32.max else { return nil }
        return UInt64(address) << 24 | UInt64(asset)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask }

    /// Starts loading the slot where a lookup of `(address, asset)` begins:
    /// a sweep that knows its coming keys overlaps their cache misses (the
    /// table of millions of keys is far larger than the cache).
    @inline(__always)
    func prefetch(address: Int64, asset: Int64) {
        guard let key = packed(address, asset) else { return }
        let i = home(key)
        slots.withUnsafeBufferPointer { ft_prefetch($0.baseAddress! + i, 8) }
        values.withUnsafeBufferPointer { ft_prefetch($0.baseAddress! + i, 4) }
    }

    /// The index of `(address, asset)`, inserting `next()` if absent.
    @inline(__always)
    mutating func index(address: Int64, asset: Int64, orInsert next: () -> Int) -> Int {
        guard let key = packed(address, asset) else {
            if let i = overflow[address]?[asset] { return i }
            let i = next()
            overflow[address, default: [:]][asset] = i
            return i
        }
        let stored = key &+ 1
        var i = home(key)
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
            var i = home(s &- 1)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = s
            values[i] = oldValues[j]
        }
    }
}
