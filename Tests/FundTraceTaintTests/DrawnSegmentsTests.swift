import FundTraceModel
import XCTest
@testable import FundTraceTaint

final class DrawnSegmentsTests: XCTestCase {
    /// Growing past the initial capacity keeps every segment in order, a
    /// partial reverse touches only the tail, and a reset empties in O(1)
    /// while the next draw reuses the slots.
    func testAppendsGrowReverseAndReset() {
        var drawn = DrawnSegments(capacity: 2)
        let segments = (0..<100).map { Segment(Amount(UInt64($0 + 1)), tainted: $0 % 3 == 0) }
        for s in segments { drawn.append(s) }
        XCTAssertEqual((0..<drawn.count).map { drawn[$0] }, segments)
        drawn.reverse(from: 90)
        XCTAssertEqual((0..<drawn.count).map { drawn[$0] }, Array(segments[..<90]) + segments[90...].reversed())
        drawn.removeAll()
        XCTAssertEqual(drawn.count, 0)
        drawn.append(segments[5])
        XCTAssertEqual(drawn.count, 1)
        XCTAssertEqual(drawn[0], segments[5])
    }

    /// A LIFO draw across more segments than the buffer first holds returns
    /// the units in queue order, so the recipient's queue mirrors the sender's.
    func testLongDrawKeepsQueueOrder() {
        let engine = AccountTaintEngine<LIFOPolicy>()
        for k in 0..<4 { engine.addKey(k, isSource: k == 0) }
        for i in 0..<40 {  // key 1 alternates tainted and clean segments: 40 of them
            _ = engine.process(from: i % 2 == 0 ? 0 : 2, to: 1, amount: Amount(UInt64(i + 1)), fee: .zero, marked: false)
            if i % 2 == 0 { _ = engine.process(from: 2, to: 0, amount: Amount(UInt64(i + 2)), fee: .zero, marked: true) }
        }
        let before = engine.policy.segments(of: engine.record(1).state, balance: engine.balance(1))
        XCTAssertGreaterThan(before.count, 20)
        _ = engine.process(from: 1, to: 3, amount: engine.balance(1), fee: .zero, marked: false)
        XCTAssertEqual(engine.policy.segments(of: engine.record(3).state, balance: engine.balance(3)), before)
    }
}
