import FundTraceModel
import XCTest
@testable import FundTraceTrace

final class BridgeMatcherTests: XCTestCase {
    let matcher = BridgeMatcher(maxFee: 0.05, window: 7200)

    func leg(_ id: Int64, from: Int64, to: Int64, _ amount: String, _ symbol: String, _ decimals: Int?, t: Int64) -> BridgeMatcher.Leg {
        .init(id: id, from: from, to: to, amount: Amount(amount)!, asset: .init(symbol: symbol, decimals: decimals), time: t)
    }

    /// USDT has 6 decimals on Ethereum and 18 on BSC: with both known, amounts compare in whole units.
    func testAmountsCompareInWholeUnitsWhenDecimalsAreKnown() throws {
        let d = leg(1, from: 10, to: 99, "1000000000", "USDT", 6, t: 0)          // 1,000 USDT
        let u = leg(2, from: 98, to: 11, "998000000000000000000", "usdt", 18, t: 600)  // 998 USDT
        let m = try XCTUnwrap(matcher.match(d, u))
        XCTAssertEqual(m.feeShare, 0.002, accuracy: 1e-12)
        XCTAssertEqual(m.basis, "compared in whole units")
        // One side's decimals unknown: base units, which cannot match across a scale of 10 or more (the fee cap is far below 90 %).
        XCTAssertNotNil(matcher.match(d, leg(3, from: 98, to: 11, "998000000", "USDT", nil, t: 600)))
        XCTAssertNil(matcher.match(d, leg(4, from: 98, to: 11, "998000000000000000000", "USDT", nil, t: 600)))
    }

    /// A canonical CSV states no decimals: the same symbol is compared in base units, and the evidence says so.
    func testUnknownDecimalsCompareInBaseUnitsOfTheSameSymbol() throws {
        let d = leg(1, from: 10, to: 99, "5000000", "USDT", nil, t: 0)
        let m = try XCTUnwrap(matcher.match(d, leg(2, from: 98, to: 11, "4900000", "USDT", nil, t: 60)))
        XCTAssertEqual(m.basis, "decimals unknown: compared in base units of the same symbol")
        XCTAssertNil(matcher.match(d, leg(3, from: 98, to: 11, "4000000", "USDT", nil, t: 60)), "a 20 % fee is past --bridge-max-fee")
        XCTAssertNil(matcher.match(d, leg(4, from: 98, to: 11, "4900000", "USDC", nil, t: 60)), "another symbol")
        XCTAssertNil(matcher.match(d, leg(5, from: 98, to: 11, "4900000", "USDT", nil, t: 7300)), "after the window")
        XCTAssertNil(matcher.match(d, leg(6, from: 98, to: 11, "5000001", "USDT", nil, t: 60)), "more than was deposited")
    }

    /// A payout to the depositor's own address beats a cheaper one elsewhere, with high confidence.
    func testAPayoutToTheDepositorsOwnAddressWins() throws {
        let d = leg(1, from: 10, to: 99, "1000", "ETH", 18, t: 0)
        let own = leg(2, from: 98, to: 10, "990", "ETH", 18, t: 900)
        let other = leg(3, from: 98, to: 12, "999", "ETH", 18, t: 100)
        guard case .linked(let best, let confidence, let alternatives, _) = matcher.choose(d, payouts: [other, own], competitors: []) else {
            return XCTFail("not linked")
        }
        XCTAssertEqual(best.payout.id, 2)
        XCTAssertEqual(confidence, 950)
        XCTAssertEqual(alternatives.map(\.payout.id), [3])
    }
}
