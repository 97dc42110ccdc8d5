import Foundation
import FundTraceTaint
import FundTraceCSV

/// Distinct names (chains, addresses, assets) under dense 32-bit ids, so
/// that tables of millions of rows or keys keep each name once and refer to
/// it by id. Names are compared byte for byte, as the store's SQLite text
/// is: two spellings of an identifier are two names, even when Unicode
/// calls them equivalent. Lookups are O(1) expected; memory is O(distinct
/// names).
///
/// Hand-written rather than a `[String: UInt32]`: the conformance command
/// looks up four names per row, and building a `String` per field, hashing
/// it and comparing it with the stored key's out-of-line bytes took a sixth
/// of the command's time (perf, 300 k rows). This table hashes the field's
/// bytes in place, keeps each name's full hash beside it so that a probe
/// compares bytes only when the hashes agree, and seeds the hash per table
/// so that crafted input cannot force collisions.
struct NameTable: Sendable {
    private var names: [String] = []
    /// The bytes of names that are not valid UTF-8, whose `String` (with
    /// replacement characters) no longer spells them. Rare: §3.2 accepts
    /// any text, so such names are still told apart byte for byte.
    private var invalidUTF8: [UInt32: [UInt8]] = [:]
    /// Per id, the name's hash.
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: `id + 1`, or 0 for an empty slot. A
    /// power of two in size, at most half full.
    private var slots: [UInt32] = []
    private let seed = UInt64.random(in: .min ... .max)

    /// The id of `name`, assigned on first sight.
    mutating func id(_ name: String) -> UInt32 {
        var name = name
        return name.withUTF8 { id($0) }
    }

    /// The id of the name spelled by `bytes` (UTF-8), assigned on first sight.
    mutating func id(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { id($0) }
    }

    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        if slots.isEmpty { rehash(capacity: 64) }
        let h = hash(bytes)
        let (slot, found) = find(bytes, hash: h)
        if let found { return found }
        precondition(names.count < Int(UInt32.max) - 1, "more than 2^32 - 2 distinct names")
        let id = UInt32(names.count)
        let name = String(decoding: bytes, as: UTF8.self)
        if !Self.equal(name.utf8, bytes) { invalidUTF8[id] = Array(bytes) }
        names.append(name)
        hashes.append(h)
        slots[slot] = id + 1
        if names.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return id
    }

    /// The id of `name` if it was seen.
    func existingID(_ name: String) -> UInt32? {
        guard !slots.isEmpty else { return nil }
        var name = name
        return name.withUTF8 { find($0, hash: hash($0)).found }
    }

    /// The id of the name spelled by `bytes` if it was seen.
    func existingID(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        slots.isEmpty ? nil : find(bytes, hash: hash(bytes)).found
    }

    /// Number of distinct names; their ids are `0..<count`.
    var count: Int { names.count }

    subscript(id: UInt32) -> String { names[Int(id)] }

    /// The slot holding `bytes`' id (and the id), or the empty slot where it would go.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, found: UInt32?) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (i, nil) }
            let id = Int(s - 1)
            if hashes[id] == h && (Self.equal(names[id].utf8, bytes) || invalidUTF8[UInt32(id)].map { Self.equal($0, bytes) } == true) {
                return (i, UInt32(id))
            }
            i = (i + 1) & mask
        }
    }

    private static func equal<C: Collection<UInt8>>(_ stored: C, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.withContiguousStorageIfAvailable { s in
            s.count == bytes.count && (s.count == 0 || memcmp(s.baseAddress!, bytes.baseAddress!, s.count) == 0)
        } ?? stored.elementsEqual(bytes)
    }

    private mutating func rehash(capacity: Int) {
        slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (id, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = UInt32(id + 1)
        }
    }

    private func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHash.hash(bytes, seed: seed) }
}
