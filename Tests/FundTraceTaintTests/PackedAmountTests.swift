import FundTraceModel
import XCTest
@testable import FundTraceTaint

final class PackedAmountTests: XCTestCase {
    func testInlineBelow2To127AndWideAbove() {
        var wide = WideTable()
        var p = PackedAmount.zero
        p = p.adding(Amount(UInt64.max), &wide)
        p = p.adding(Amount(UInt64.max), &wide)
        XCTAssertTrue(p.isInline)
        XCTAssertEqual(p.unpack(wide), Amount(UInt64.max) + Amount(UInt64.max))
        let big = Amount.maxInput
        p = p.adding(big, &wide)
        XCTAssertFalse(p.isInline)
        XCTAssertEqual(p.unpack(wide), big + Amount(UInt64.max) + Amount(UInt64.max))
        XCTAssertEqual(wide.values.count, 1)
        // Shrinking back keeps the slot: oscillating values cannot grow the table.
        for i in 0..<100 {
            p = p.replaced(by: i % 2 == 0 ? Amount(5) : big, &wide)
        }
        XCTAssertEqual(p.unpack(wide), big)
        XCTAssertEqual(wide.values.count, 1)
        // Exactly at the boundary: 2^127 − 1 is inline, 2^127 is not.
        let edge = Amount(w0: .max, w1: UInt64.max >> 1, w2: 0, w3: 0)
        XCTAssertTrue(PackedAmount.zero.adding(edge, &wide).isInline)
        let over = PackedAmount.zero.adding(edge, &wide).adding(Amount(1), &wide)
        XCTAssertFalse(over.isInline)
        XCTAssertEqual(over.unpack(wide), edge + Amount(1))
    }
}
