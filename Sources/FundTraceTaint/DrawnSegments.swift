/// The segments of a FIFO/LIFO policy's last draw, in queue order, in one
/// buffer reused by every draw of a sweep.
///
/// Written by hand instead of an `Array` because the sweep writes a segment
/// or two per transfer and the array checked its uniqueness on every write
/// (about 17 instructions per transfer, callgrind). Segments are plain
/// values, so slots are overwritten without deinitialising. Like
/// ``SegmentPool``, copies share the buffer; the engine owns the one policy
/// that draws.
struct DrawnSegments {
    private var base: UnsafeMutablePointer<Segment>
    private var capacity: Int
    /// Segments of the last draw: the first `count` slots.
    private(set) var count = 0
    private let owner: AllocationOwner

    init(capacity: Int = 16) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
        owner = AllocationOwner(UnsafeMutableRawPointer(base))
    }

    /// Forgets the last draw's segments (O(1)).
    @inline(__always) mutating func removeAll() { count = 0 }

    /// Amortised O(1).
    @inline(__always)
    mutating func append(_ s: Segment) {
        if count == capacity { grow() }
        (base + count).initialize(to: s)
        count += 1
    }

    @inline(__always) subscript(i: Int) -> Segment { base[i] }

    /// Reverses the segments from `start` to the end (one segment, the usual case, needs no call).
    @inline(__always)
    mutating func reverse(from start: Int) {
        if count - start > 1 { reverseSlots(from: start) }
    }

    private mutating func reverseSlots(from start: Int) {
        var slots = UnsafeMutableBufferPointer(start: base + start, count: count - start)
        slots.reverse()
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<Segment>.allocate(capacity: capacity * 2)
        larger.initialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
        owner.base = UnsafeMutableRawPointer(larger)
    }
}
