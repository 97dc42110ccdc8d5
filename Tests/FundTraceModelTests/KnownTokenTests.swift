import Foundation
import XCTest
@testable import FundTraceModel
import FundTraceTestSupport

final class KnownTokenTests: XCTestCase {
    /// A mistyped address (the old WBTC entry had 39 hex digits) fails its EIP-55 checksum.
    func testEveryBuiltInTokenAddressIsChecksummed() {
        for t in KnownToken.all {
            XCTAssertTrue(t.hasValidChecksum, "\(t.chain) \(t.symbol) \(t.contract)")
        }
        XCTAssertFalse(KnownToken.hasValidChecksum("0x2260fac5e5542a773aa44fbcfac852a5c23c599"))
        XCTAssertFalse(KnownToken.hasValidChecksum("0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2c599"), "one letter's case changed")
        XCTAssertEqual(KnownToken.lookup(chain: "eth", contract: "0x2260fac5e5542a773aa44fbcfac852a5c23c599"), nil)
        XCTAssertEqual(KnownToken.lookup(chain: "ethereum", contract: "0x2260FAC5E5542A773AA44FBCFEDF7C193BC2C599")?.decimals, 8)
    }

    /// The Ethereum entries Etherscan's token labels know carry the same symbol there.
    func testEthereumEntriesAgreeWithEtherscanTokenLabels() throws {
        let data = try Data(contentsOf: try SharedData.url("etherscan-labels/data/etherscan/combined/combinedTokenLabels.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        var found = 0
        for t in KnownToken.all where t.chain == "ethereum" {
            guard let name = object[t.contract.lowercased()]?["name"] as? String else { continue }
            found += 1
            let wanted = ["WETH": "Wrapped Ether", "DAI": "Dai", "LINK": "ChainLink"][t.symbol] ?? t.symbol
            XCTAssertTrue(name.contains(wanted), "\(t.symbol): \(name)")
        }
        XCTAssertGreaterThanOrEqual(found, 7)
    }
}
