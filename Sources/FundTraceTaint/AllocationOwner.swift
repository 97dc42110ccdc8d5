/// Frees a manually managed allocation when the last value sharing it goes.
///
/// The engine's hand-written stores (``SegmentPool``, ``DrawnSegments``) are
/// structs over raw memory, not copy-on-write: copies share the memory, the
/// engine mutates the one it owns, and this object, held by every copy,
/// frees the current block once. A store that moves to a new block points
/// its owner at it.
final class AllocationOwner {
    var base: UnsafeMutableRawPointer
    init(_ base: UnsafeMutableRawPointer) { self.base = base }
    deinit { base.deallocate() }
}
