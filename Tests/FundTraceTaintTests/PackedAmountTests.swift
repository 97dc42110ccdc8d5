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

    /// The haircut record keeps the exact value while it is known and the
    /// approximation's bits once a term is approximate: exact sums stay
    /// exact, an approximate term makes the sum approximate for good, and an
    /// approximate zero is not read as exact.
    func testPackedHaircutKeepsExactnessUntilATermIsApproximate() {
        var wide = WideTable()
        XCTAssertEqual(MemoryLayout<PackedHaircut>.size, 16)
        var p = HaircutAmount.packedZero
        XCTAssertTrue(p.hasExact)
        p = HaircutAmount.add(HaircutAmount(exact: Amount.maxInput), to: p, &wide)
        XCTAssertEqual(HaircutAmount.unpack(p, wide).exact, Amount.maxInput, "exact up to 2^256 − 1 (wide slot)")
        XCTAssertTrue(p.hasExact, "a wide slot is not the approximate marker")
        p = HaircutAmount.add(HaircutAmount(approximate: 2.5), to: p, &wide)
        XCTAssertFalse(p.hasExact)
        XCTAssertNil(HaircutAmount.unpack(p, wide).exact)
        XCTAssertEqual(HaircutAmount.unpack(p, wide).approximate, Amount.maxInput.doubleValue + 2.5)
        p = HaircutAmount.add(HaircutAmount(exact: Amount(7)), to: p, &wide)
        XCTAssertFalse(p.hasExact, "an exact term does not make an approximate sum exact")
        let zeroApprox = HaircutAmount.add(HaircutAmount(approximate: 0), to: HaircutAmount.packedZero, &wide)
        XCTAssertFalse(zeroApprox.hasExact, "approximate zero stays approximate")
        XCTAssertEqual(HaircutAmount.unpack(zeroApprox, wide).approximate, 0)
        let inline = HaircutAmount.add(HaircutAmount(exact: Amount(w0: .max, w1: UInt64.max >> 1, w2: 0, w3: 0)), to: HaircutAmount.packedZero, &wide)
        XCTAssertTrue(inline.hasExact, "the largest inline amount is not the approximate marker")
    }
}
