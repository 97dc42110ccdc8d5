import XCTest
@testable import FundTraceTaint

final class SegmentPoolTests: XCTestCase {
    /// Many rings driven by random appends, prepends, removals at both ends,
    /// overwrites and releases hold exactly what plain arrays do, through ring
    /// growth, block reuse and slab growth (whose blocks move).
    func testRingsMatchArraysThroughGrowthAndReuse() {
        var pool = SegmentPool()
        let n = 300
        var handles = [UInt32](repeating: SegmentPool.none, count: n)
        var model = [[PackedSegment]](repeating: [], count: n)
        var x: UInt64 = 99
        func next() -> UInt64 { x = x &* 6364136223846793005 &+ 1442695040888963407; return x >> 17 }
        for step in 0..<60_000 {
            let k = Int(next() % UInt64(n))
            let s = PackedSegment(lo: UInt64(step), hi: next() % 2 == 0 ? PackedSegment.taintBit : 0)
            switch next() % 10 {
            case 0...3: pool.append(&handles[k], s); model[k].append(s)
            case 4: pool.prepend(&handles[k], s); model[k].insert(s, at: 0)
            case 5 where !model[k].isEmpty: pool.removeFirst(handles[k]); model[k].removeFirst()
            case 6 where !model[k].isEmpty: pool.removeLast(handles[k]); model[k].removeLast()
            case 7 where !model[k].isEmpty:
                let i = Int(next() % UInt64(model[k].count))
                pool.set(handles[k], i, s); model[k][i] = s
            case 8 where next() % 8 == 0: pool.release(&handles[k]); model[k] = []
            default: break
            }
            XCTAssertEqual(pool.count(handles[k]), model[k].count)
        }
        for k in 0..<n {
            XCTAssertEqual((0..<pool.count(handles[k])).map { pool.segment(handles[k], $0) }, model[k], "ring \(k)")
        }
        XCTAssertGreaterThan(pool.usedUnits, 1024, "the slab grew at least once")
        XCTAssertGreaterThan(model.map(\.count).max()!, 7, "some ring grew past two size classes")
    }

    /// A released block is handed out again before the slab grows.
    func testReleasedBlocksAreReused() {
        var pool = SegmentPool()
        var a = SegmentPool.none, b = SegmentPool.none
        pool.append(&a, PackedSegment(lo: 1, hi: 0))
        let used = pool.usedUnits
        let first = a
        pool.release(&a)
        XCTAssertEqual(a, SegmentPool.none)
        pool.append(&b, PackedSegment(lo: 2, hi: 0))
        XCTAssertEqual(b, first)
        XCTAssertEqual(pool.usedUnits, used)
        XCTAssertEqual(pool.segment(b, 0), PackedSegment(lo: 2, hi: 0))
    }

    /// After a reservation the slab stays put while blocks fill it, and the
    /// rings it already held keep their contents.
    func testReservedSlabDoesNotMove() {
        var pool = SegmentPool()
        var first = SegmentPool.none
        pool.append(&first, PackedSegment(lo: 42, hi: 0))
        pool.reserve(units: 5000)
        let address = pool.address(first)
        var rings = [UInt32](repeating: SegmentPool.none, count: 4000)
        for i in rings.indices { pool.append(&rings[i], PackedSegment(lo: UInt64(i), hi: 0)) }
        XCTAssertEqual(pool.address(first), address)
        XCTAssertEqual(pool.segment(first, 0), PackedSegment(lo: 42, hi: 0))
        XCTAssertEqual(pool.segment(rings[3999], 0), PackedSegment(lo: 3999, hi: 0))
    }
}
