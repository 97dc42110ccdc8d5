import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

final class LedgerKeyTableTests: XCTestCase {
    /// Keys differing in any one part are distinct; the same key interns to
    /// the same index; a name shared by parts of different keys (an address
    /// that is also an asset contract) does not confuse them.
    func testInterningIsExactPerPart() {
        var t = LedgerKeyTable()
        let a = LedgerKey(chain: "ethereum", address: "0xaa", asset: "ETH")
        let variants = [
            a,
            LedgerKey(chain: "polygon", address: "0xaa", asset: "ETH"),
            LedgerKey(chain: "ethereum", address: "0xbb", asset: "ETH"),
            LedgerKey(chain: "ethereum", address: "0xaa", asset: "0xbb"),
            LedgerKey(chain: "ethereum", address: "ETH", asset: "0xaa"),
        ]
        for (i, k) in variants.enumerated() {
            XCTAssertEqual(t.intern(k).index, i)
        }
        XCTAssertEqual(t.intern(a).index, 0)
        XCTAssertFalse(t.intern(a).isNew)
        XCTAssertEqual(t.count, variants.count)
        XCTAssertEqual(t.keys, variants, "keys in index order, as given")
        for (i, k) in variants.enumerated() {
            XCTAssertEqual(t[i], k)
            XCTAssertEqual(t.lookup(k), i)
        }
        XCTAssertNil(t.lookup(LedgerKey(chain: "ethereum", address: "0xbb", asset: "0xaa")), "known names, unknown key")
        XCTAssertNil(t.lookup(LedgerKey(chain: "bitcoin", address: "0xaa", asset: "ETH")), "unknown name")
    }

    /// Many keys over few names, through many growths of the index: each interns once, in order.
    func testManyKeysKeepTheirIndices() {
        var t = LedgerKeyTable()
        var keys: [LedgerKey] = []
        for chain in ["ethereum", "bsc"] {
            for a in 0..<300 { for asset in ["ETH", "USDT", "0x\(a % 7)"] { keys.append(LedgerKey(chain: chain, address: "0x\(a)", asset: asset)) } }
        }
        for (i, k) in keys.enumerated() { XCTAssertEqual(t.intern(k).index, i) }
        for (i, k) in keys.enumerated().reversed() {
            XCTAssertEqual(t.intern(k).index, i)
            XCTAssertFalse(t.intern(k).isNew)
            XCTAssertEqual(t.lookup(k), i)
            XCTAssertEqual(t[i], k)
        }
        XCTAssertEqual(t.count, keys.count)
    }
}
