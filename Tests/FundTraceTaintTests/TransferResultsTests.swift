import FundTraceModel
import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

final class TransferResultsTests: XCTestCase {
    /// Packed results read back exactly: inline, above 2^127 (up to
    /// 2^256 − 1) and haircut's approximations alike.
    func testResultsReadBackAsStored() {
        let max = Amount(w0: .max, w1: .max, w2: .max, w3: .max)
        let big = Amount(w0: 7, w1: 1 << 63, w2: 0, w3: 0)  // 2^127 + 7
        var r = TransferResults<Amount>(count: 3)
        r.set(2, TransferTaint(tainted: max, feeTainted: Amount(5), carried: big, marked: true, absorbed: false))
        r.set(0, TransferTaint(tainted: Amount(1), feeTainted: .zero, carried: Amount(1), marked: false, absorbed: true))
        XCTAssertEqual(r.count, 3)
        XCTAssertEqual(r[2].tainted, max)
        XCTAssertEqual(r[2].feeTainted, Amount(5))
        XCTAssertEqual(r[2].carried, big)
        XCTAssertTrue(r[2].marked)
        XCTAssertFalse(r[2].absorbed)
        XCTAssertEqual(r[0].tainted, Amount(1))
        XCTAssertTrue(r[0].absorbed)
        XCTAssertEqual(r[1].tainted, .zero, "unset rows are zero")

        var h = TransferResults<HaircutAmount>(count: 2)
        let third = HaircutAmount(approximate: 1.0 / 3.0)
        h.set(1, TransferTaint(tainted: third, feeTainted: HaircutAmount(exact: max), carried: .zero, marked: false, absorbed: false))
        XCTAssertEqual(h[1].tainted.doubleValue, 1.0 / 3.0)
        XCTAssertNil(h[1].tainted.exact)
        XCTAssertEqual(h[1].feeTainted.exact, max)
    }
}
