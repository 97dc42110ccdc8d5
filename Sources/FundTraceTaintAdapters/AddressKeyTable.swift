import Foundation
import CFundTracePrefetch
import FundTraceTaint

/// Ledger keys `(chain, address, asset)` interned straight from the address's bytes, for a sweep that reads its
/// rows once, in order (``PresortedAccountSweep``). Lookups are O(1) expected; memory is O(keys): each key is one
/// entry of a byte arena (its hash, chain and asset ids, index and address bytes, about 72 bytes for an EVM
/// address) and 8–16 bytes of slots.
///
/// Hand-written, and not ``NameTable`` plus ``LedgerKeyTable``: those take an address to a name id and then the
/// ids to a key, and over 200,000 addresses met at random each probe missed the cache four to six times
/// (`perf`: a fifth of `taint account`'s time in `NameTable.find` and `memcmp`). Here a slot holds a tag of the
/// hash and the entry's place in the arena, so a probe touches the slot and then one entry, whose bytes are
/// compared only when the tag agrees. The hash is seeded per table, so crafted input cannot line keys up.
struct AddressKeyTable {
    /// Owns the arena and the slots (frees them); the table's own copies of the pointers are what the hot path
    /// reads, as a struct's fields, so that no access is checked for exclusivity at run time.
    private final class Storage {
        var arena: UnsafeMutableRawPointer
        var slots: UnsafeMutablePointer<UInt64>
        init(arena: UnsafeMutableRawPointer, slots: UnsafeMutablePointer<UInt64>) { self.arena = arena; self.slots = slots }
        deinit { arena.deallocate(); slots.deallocate() }
    }

    private let storage: Storage
    private var arena: UnsafeMutableRawPointer
    private var arenaCapacity: Int
    private var arenaCount = 0
    /// Per slot: `tag << 40 | (offset + 1)`, 0 when empty; a power of two in size, at most half full.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    /// Each key's entry offset in the arena, by key index.
    private(set) var offsets: [Int] = []
    private let seed = UInt64.random(in: .min ... .max)

    private static let headerSize = 24  // hash: 8, chain: 4, asset: 4, index: 4, length: 4

    init() {
        arenaCapacity = 1 << 16
        arena = RecordMemory.allocate(byteCount: arenaCapacity, alignment: 8)
        slotCount = 1024
        slots = Self.allocateSlots(slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        storage = Storage(arena: arena, slots: slots)
    }

    var count: Int { offsets.count }

    /// The index of the key `(chain, address, asset)`, whether it is new, and whether it is ``flag(_:)``ged.
    @inline(__always)
    mutating func intern(chain: UInt32, asset: UInt32, address: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool, isFlagged: Bool) {
        intern(chain: chain, asset: asset, address: address, hash: hash(address, chain: chain, asset: asset))
    }

    /// The key's hash, and a hint to start loading its slot: a sweep that computes it early, then does other work
    /// before ``intern(chain:asset:address:hash:)``, overlaps the slot's cache miss with that work.
    @inline(__always)
    func prefetch(chain: UInt32, asset: UInt32, address: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let h = hash(address, chain: chain, asset: asset)
        ft_prefetch(slots + (Int(truncatingIfNeeded: h) & (slotCount - 1)), 8)
        return h
    }

    /// The second step of a lookup's prefetch, once the slot ``prefetch(chain:asset:address:)`` asked for has had time
    /// to arrive: reads the key's first slot and starts loading the entry it points to (its header and address
    /// bytes). Without it the entry's cache miss waited on the slot's and stalled ``intern(chain:asset:address:hash:)``
    /// (`perf annotate`: a third of the row loop's samples on the entry's first load, the case's 84,782 keys).
    @inline(__always)
    func prefetchEntry(hash h: UInt64) {
        let s = slots[Int(truncatingIfNeeded: h) & (slotCount - 1)]
        if s != 0 { ft_prefetch(arena + Int(s & 0xFF_FFFF_FFFF) - 1, 72) }
    }

    /// As ``intern(chain:asset:address:)``, with the hash ``prefetch(chain:asset:address:)`` gave.
    @inline(__always)
    mutating func intern(chain: UInt32, asset: UInt32, address: UnsafeBufferPointer<UInt8>, hash h: UInt64)
        -> (index: Int, isNew: Bool, isFlagged: Bool) {
        let tag = h >> 40
        let mask = slotCount - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s >> 40 == tag {
                let e = arena + Int(s & 0xFF_FFFF_FFFF) - 1
                if e.load(fromByteOffset: 8, as: UInt32.self) == chain && e.load(fromByteOffset: 12, as: UInt32.self) == asset
                    && Int(e.load(fromByteOffset: 20, as: UInt32.self) & Self.lengthMask) == address.count
                    && (address.count == 0 || memcmp(e + Self.headerSize, address.baseAddress!, address.count) == 0) {
                    return (Int(e.load(fromByteOffset: 16, as: UInt32.self)), false, e.load(fromByteOffset: 20, as: UInt32.self) > Self.lengthMask)
                }
            }
            i = (i + 1) & mask
        }
        precondition(offsets.count < Int(UInt32.max) && address.count <= Int(Self.lengthMask), "too many ledger keys")
        let index = offsets.count
        let offset = append(hash: h, chain: chain, asset: asset, index: UInt32(index), address: address)
        offsets.append(offset)
        slots[i] = tag << 40 | UInt64(offset + 1)
        if offsets.count * 2 > slotCount { rehash(capacity: slotCount * 2) }
        return (index, true, false)
    }

    /// Marks key `index`, so that ``intern(chain:asset:address:hash:)`` says so each time it finds it: a bit of the
    /// entry it reads anyway, where a per-key array beside the table cost a cache miss a row over 200,000 keys
    /// (`perf annotate`: 40 % of keying a row).
    mutating func flag(_ index: Int) {
        let e = arena + offsets[index]
        e.storeBytes(of: e.load(fromByteOffset: 20, as: UInt32.self) | ~Self.lengthMask, toByteOffset: 20, as: UInt32.self)
    }

    /// The low 31 bits of an entry's length word are the address's length; the top bit is the flag.
    private static let lengthMask: UInt32 = 0x7FFF_FFFF

    /// Key `index`'s address bytes (valid until the next ``intern(chain:asset:address:)``).
    func address(_ index: Int) -> UnsafeRawBufferPointer {
        let e = arena + offsets[index]
        return UnsafeRawBufferPointer(start: e + Self.headerSize, count: Int(e.load(fromByteOffset: 20, as: UInt32.self) & Self.lengthMask))
    }

    /// Key `index`'s chain and asset ids.
    func chainAndAsset(_ index: Int) -> (chain: UInt32, asset: UInt32) {
        let e = arena + offsets[index]
        return (e.load(fromByteOffset: 8, as: UInt32.self), e.load(fromByteOffset: 12, as: UInt32.self))
    }

    /// Bytes held: the arena, the slots and the offsets.
    var memoryBytes: Int { arenaCapacity + slotCount * 8 + offsets.capacity * 8 }

    private mutating func append(hash h: UInt64, chain: UInt32, asset: UInt32, index: UInt32, address: UnsafeBufferPointer<UInt8>) -> Int {
        let size = (Self.headerSize + address.count + 7) & ~7
        if arenaCount + size > arenaCapacity {
            var grown = arenaCapacity * 2
            while arenaCount + size > grown { grown *= 2 }
            precondition(grown <= 1 << 40, "ledger keys past 1 TiB of addresses")
            let bigger = RecordMemory.allocate(byteCount: grown, alignment: 8)
            bigger.copyMemory(from: arena, byteCount: arenaCount)
            arena.deallocate()
            arena = bigger
            storage.arena = bigger
            arenaCapacity = grown
        }
        let offset = arenaCount
        let e = arena + offset
        e.storeBytes(of: h, as: UInt64.self)
        e.storeBytes(of: chain, toByteOffset: 8, as: UInt32.self)
        e.storeBytes(of: asset, toByteOffset: 12, as: UInt32.self)
        e.storeBytes(of: index, toByteOffset: 16, as: UInt32.self)
        e.storeBytes(of: UInt32(address.count), toByteOffset: 20, as: UInt32.self)
        if let base = address.baseAddress { (e + Self.headerSize).copyMemory(from: base, byteCount: address.count) }
        arenaCount += size
        return offset
    }

    private mutating func rehash(capacity: Int) {
        slots.deallocate()
        slots = Self.allocateSlots(capacity)
        slots.initialize(repeating: 0, count: capacity)
        storage.slots = slots
        slotCount = capacity
        let mask = capacity - 1
        for offset in offsets {
            let h = (arena + offset).load(as: UInt64.self)
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (h >> 40) << 40 | UInt64(offset + 1)
        }
    }

    /// Slots and arena past 2 MiB sit in huge pages (``RecordMemory``): a lookup touches one slot and one entry at
    /// random, and with 4 KiB pages both missed the TLB as well as the cache.
    private static func allocateSlots(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        RecordMemory.allocate(byteCount: count * 8, alignment: 8).bindMemory(to: UInt64.self, capacity: count)
    }

    /// ``ByteHash`` of the address, seeded by the table's seed and the chain and asset ids.
    @inline(__always)
    private func hash(_ bytes: UnsafeBufferPointer<UInt8>, chain: UInt32, asset: UInt32) -> UInt64 {
        ByteHash.hash(bytes, seed: seed ^ (UInt64(chain) << 32 | UInt64(asset)))
    }
}
