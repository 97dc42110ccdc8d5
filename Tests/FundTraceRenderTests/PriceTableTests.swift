import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceTrace
import XCTest
@testable import FundTraceRender
import FundTraceCSV
import FundTraceTestSupport

final class PriceTableTests: XCTestCase {
    func file(_ text: String) throws -> String {
        try temporaryFile("prices.csv", Data(text.utf8))
    }

    /// A value is priced on its own day, or the latest earlier day in the file; never before the first.
    func testPricesByDayAndSymbol() throws {
        let t = try PriceTable.read(path: try file("date,chain,asset,usd\n2024-06-22,eth,ETH,3500\n2024-06-24,eth,ETH,3300\n2024-06-22,eth,usdt,1\n"))
        let day: Int64 = 1_719_014_400  // 2024-06-22T00:00:00Z
        XCTAssertEqual(t.price(chain: "eth", asset: "ETH", symbol: nil, at: day + 3600), 3500)
        XCTAssertEqual(t.price(chain: "eth", asset: "ETH", symbol: nil, at: day + 86_400 + 5), 3500, "no price on the 23rd: the 22nd's")
        XCTAssertEqual(t.price(chain: "eth", asset: "ETH", symbol: nil, at: day + 2 * 86_400), 3300)
        XCTAssertNil(t.price(chain: "eth", asset: "ETH", symbol: nil, at: day - 1), "before the file's first day: no value, not a guess")
        XCTAssertEqual(t.price(chain: "eth", asset: "0xdac17f958d2ee523a2206206994597c13d831ec7", symbol: "USDT", at: day), 1, "by symbol")
        XCTAssertNil(t.price(chain: "bsc", asset: "ETH", symbol: nil, at: day), "per chain")
        XCTAssertEqual(PriceTable.text(1_234_567.4), "$1,234,567")
        XCTAssertEqual(PriceTable.text(12.345), "$12.35")
    }

    func testABadPriceNamesItsLineAndColumn() throws {
        XCTAssertThrowsError(try PriceTable.read(path: try file("date,chain,asset,usd\n2024-06-22,eth,ETH,-3\n"))) { e in
            XCTAssertEqual((e as? IngestError)?.line, 2)
            XCTAssertEqual((e as? IngestError)?.column, 4)
        }
        XCTAssertThrowsError(try PriceTable.read(path: try file("day,chain,asset,price\n")))
    }
}
