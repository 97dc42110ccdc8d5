/// The storage of every FIFO/LIFO queue of one sweep: ring buffers of
/// ``PackedSegment`` carved from one slab and recycled through free lists,
/// one per block size.
///
/// Written by hand instead of a `Deque` per key because the FIFO/LIFO sweep
/// spent about a fifth of its time in `malloc`/`free`, reference counting and
/// uniqueness checks on millions of small queues that appear and vanish as
/// taint comes and goes. Here a queue is a 32-bit handle in the key's record,
/// nothing is retained, and the slab sits in huge pages like the records
/// (see ``RecordMemory``). Every operation is O(1) except growth, which
/// copies the queue into a block twice the size (amortised O(1) per append).
///
/// Not copy-on-write: copies of a pool share its slab, and the slab is freed
/// when the last copy goes. The engine owns the one pool that mutates.
struct SegmentPool {
    /// A block: this header, then `capacity` segments in ring order from `head`.
    struct Ring {
        var head: UInt32
        var count: UInt32
        var capacity: UInt32
        var sizeClass: UInt32
    }

    /// Blocks are `unit << sizeClass` bytes: one cache line for a header and
    /// three segments, the queue most keys need.
    static let unit = 64
    /// Handle of no ring: units 0 and 1 of the slab are never handed out;
    /// they hold the free lists' heads.
    static let none: UInt32 = 0
    /// A handle no block ever has (unit 1 holds free-list heads too): a
    /// queue marks with it a ring it keeps in its own state (see ``SegmentQueue``).
    static let outside: UInt32 = 1
    /// Size classes: blocks of up to 2^26 units.
    static let sizeClasses = 27

    private var base: UnsafeMutableRawPointer
    private var units: Int
    private var used = 2
    private let owner: AllocationOwner

    init() {
        units = 1024
        base = RecordMemory.allocate(byteCount: units * Self.unit, alignment: Self.unit)
        base.initializeMemory(as: UInt32.self, repeating: Self.none, count: Self.sizeClasses)
        owner = AllocationOwner(base)
    }

    /// The head of size class `c`'s free list (``none``: empty). Each free
    /// block's `head` field names the next. Kept in the slab rather than a
    /// Swift array, whose uniqueness and bounds checks cost more than the
    /// allocation itself (callgrind: ~17 instructions per transfer of a FIFO
    /// sweep went to `popLast`, `isUniquelyReferenced` and `arrayDestroy`).
    @inline(__always)
    private func freeHead(_ c: Int) -> UnsafeMutablePointer<UInt32> {
        base.assumingMemoryBound(to: UInt32.self) + c
    }

    /// Units of the slab ever handed out (freed blocks are reused, not returned), for tests.
    var usedUnits: Int { used }

    @inline(__always)
    func ring(_ h: UInt32) -> UnsafeMutablePointer<Ring> {
        (base + Int(h) &* Self.unit).assumingMemoryBound(to: Ring.self)
    }

    /// The address of ring `h`'s block (for prefetching).
    @inline(__always)
    func address(_ h: UInt32) -> UnsafeRawPointer { UnsafeRawPointer(base + Int(h) &* Self.unit) }

    @inline(__always)
    private func slots(_ h: UInt32) -> UnsafeMutablePointer<PackedSegment> {
        (base + Int(h) &* Self.unit + MemoryLayout<Ring>.size).assumingMemoryBound(to: PackedSegment.self)
    }

    /// Index of the `i`-th segment from the head in a ring.
    @inline(__always)
    private static func slot(_ r: Ring, _ i: UInt32) -> Int {
        let s = r.head &+ i
        return Int(s >= r.capacity ? s &- r.capacity : s)
    }

    // MARK: Reading

    /// Whether ring `h`'s block is larger than one unit (cache line).
    @inline(__always) func spansLines(_ h: UInt32) -> Bool { ring(h).pointee.sizeClass != 0 }

    @inline(__always) func count(_ h: UInt32) -> Int { h == Self.none ? 0 : Int(ring(h).pointee.count) }

    /// The `i`-th segment from the front (0 ≤ i < count).
    @inline(__always)
    func segment(_ h: UInt32, _ i: Int) -> PackedSegment {
        slots(h)[Self.slot(ring(h).pointee, UInt32(i))]
    }

    @inline(__always)
    func set(_ h: UInt32, _ i: Int, _ s: PackedSegment) {
        slots(h)[Self.slot(ring(h).pointee, UInt32(i))] = s
    }

    // MARK: Changing

    /// Appends `s` at the back of ring `h`, creating or growing the ring as needed.
    @inline(__always)
    mutating func append(_ h: inout UInt32, _ s: PackedSegment) {
        if h == Self.none { h = allocate(sizeClass: 0) } else if ring(h).pointee.count == ring(h).pointee.capacity { h = grow(h) }
        let r = ring(h)
        slots(h)[Self.slot(r.pointee, r.pointee.count)] = s
        r.pointee.count &+= 1
    }

    /// A new empty ring with room for `n` segments, so a ring built with
    /// several appends at once is not grown (and copied) on the way.
    mutating func create(holding n: Int) -> UInt32 {
        var c = 0
        while Self.capacity(c) < n { c += 1 }
        return allocate(sizeClass: c)
    }

    /// Inserts `s` at the front of ring `h`, creating or growing the ring as needed.
    mutating func prepend(_ h: inout UInt32, _ s: PackedSegment) {
        if h == Self.none { h = allocate(sizeClass: 0) } else if ring(h).pointee.count == ring(h).pointee.capacity { h = grow(h) }
        let r = ring(h)
        r.pointee.head = r.pointee.head == 0 ? r.pointee.capacity &- 1 : r.pointee.head &- 1
        slots(h)[Int(r.pointee.head)] = s
        r.pointee.count &+= 1
    }

    @inline(__always)
    func removeFirst(_ h: UInt32) {
        let r = ring(h)
        r.pointee.head = r.pointee.head &+ 1 == r.pointee.capacity ? 0 : r.pointee.head &+ 1
        r.pointee.count &-= 1
    }

    @inline(__always)
    func removeLast(_ h: UInt32) { ring(h).pointee.count &-= 1 }

    /// Returns ring `h`'s block to its free list; `h` becomes ``none``.
    @inline(__always)
    mutating func release(_ h: inout UInt32) {
        guard h != Self.none else { return }
        let list = freeHead(Int(ring(h).pointee.sizeClass))
        ring(h).pointee.head = list.pointee
        list.pointee = h
        h = Self.none
    }

    /// Makes room for `n` units without moving the slab again until they
    /// are used. The memory is only reserved: pages are committed as blocks
    /// are first handed out, so an unused reservation costs no resident memory.
    mutating func reserve(units n: Int) {
        if n > units { growSlab(toAtLeast: n) }
    }

    // MARK: Blocks

    private mutating func allocate(sizeClass c: Int) -> UInt32 {
        let list = freeHead(c)
        if case let h = list.pointee, h != Self.none {
            list.pointee = ring(h).pointee.head
            ring(h).pointee = Ring(head: 0, count: 0, capacity: Self.capacity(c), sizeClass: UInt32(c))
            return h
        }
        let need = 1 << c
        if used + need > units { growSlab(toAtLeast: used + need) }
        let h = UInt32(used)
        used += need
        ring(h).pointee = Ring(head: 0, count: 0, capacity: Self.capacity(c), sizeClass: UInt32(c))
        return h
    }

    /// Segments a block of size class `c` holds: its bytes less the header's, in 16-byte segments.
    @inline(__always)
    private static func capacity(_ c: Int) -> UInt32 {
        UInt32((unit / MemoryLayout<PackedSegment>.size) << c) - UInt32(MemoryLayout<Ring>.size / MemoryLayout<PackedSegment>.size)
    }

    /// Moves full ring `h` into a block twice the size, in queue order.
    private mutating func grow(_ h: UInt32) -> UInt32 {
        let old = ring(h).pointee
        precondition(old.sizeClass + 1 < Self.sizeClasses, "a FIFO/LIFO queue outgrew 2^28 segments")
        let g = allocate(sizeClass: Int(old.sizeClass) + 1)  // may move the slab: no pointers held across it
        let from = slots(h), to = slots(g)
        for i in 0..<old.count { to[Int(i)] = from[Self.slot(old, i)] }
        ring(g).pointee.count = old.count
        var freed = h
        release(&freed)
        return g
    }

    private mutating func growSlab(toAtLeast n: Int) {
        var grown = units * 2
        while grown < n { grown *= 2 }
        precondition(grown <= Int(UInt32.max), "FIFO/LIFO queue storage outgrew 256 GiB")
        let fresh = RecordMemory.allocate(byteCount: grown * Self.unit, alignment: Self.unit)
        fresh.copyMemory(from: base, byteCount: used * Self.unit)
        base.deallocate()
        base = fresh
        owner.base = fresh
        units = grown
    }
}
