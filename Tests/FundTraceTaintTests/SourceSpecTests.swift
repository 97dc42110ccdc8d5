import Foundation
import XCTest
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

final class SourceSpecTests: XCTestCase {
    private func write(_ body: String) throws -> String {
        let path = temporaryDirectory().appendingPathComponent("s.csv").path
        try ("type,chain,id,asset,start_block\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every kind of row, fields trimmed; `*` and an empty asset mean every
    /// asset, and a row may stop before its optional `asset` and `start_block`.
    func testRowsOfEveryKind() throws {
        let spec = try SourceSpec.read(path: write("""
            address,eth, 0xA ,*,100
            transfer,eth,0xT:3,USDT,
            whole_balance,eth,0xW
            outpoint,btc,abc:1
            address,eth,0xB,ETH

            """))
        XCTAssertEqual(spec.rules, [
            .init(kind: .address, chain: "eth", id: "0xA", startBlock: 100),
            .init(kind: .transfer, chain: "eth", id: "0xT:3", asset: "USDT"),
            .init(kind: .wholeBalance, chain: "eth", id: "0xW"),
            .init(kind: .outpoint, chain: "btc", id: "abc:1"),
            .init(kind: .address, chain: "eth", id: "0xB", asset: "ETH"),
        ])
        XCTAssertTrue(spec.isMarked(chain: "eth", txHash: "h", logIndex: 0, to: "0xA", asset: "DAI", block: 100))
        XCTAssertFalse(spec.isMarked(chain: "eth", txHash: "h", logIndex: 0, to: "0xA", asset: "DAI", block: 99))
        XCTAssertTrue(spec.isMarked(chain: "eth", txHash: "0xT", logIndex: 3, to: "0xZ", asset: "USDT", block: 1))
        XCTAssertFalse(spec.isMarked(chain: "eth", txHash: "0xT", logIndex: 3, to: "0xZ", asset: "ETH", block: 1))
        XCTAssertTrue(spec.isWholeBalance(chain: "eth", address: "0xW", asset: "anything"))
        XCTAssertFalse(spec.isAddressSource(chain: "eth", address: "0xB", asset: "DAI"))
    }

    /// One sources file may serve both models: each model names the rules
    /// of kinds it does not have, so its caller can say they were ignored.
    func testRulesIgnoredByEachModel() throws {
        let spec = try SourceSpec.read(path: write("""
            address,eth,0xA
            transfer,eth,0xT:3
            transfer,eth,0xT:4
            whole_balance,eth,0xW
            outpoint,btc,abc:1

            """))
        XCTAssertEqual(spec.rulesIgnored(by: .account).map { "\($0.kind.rawValue) \($0.count)" }, ["outpoint 1"])
        XCTAssertEqual(spec.rulesIgnored(by: .utxo).map { "\($0.kind.rawValue) \($0.count)" }, ["transfer 2", "whole_balance 1"])
        XCTAssertTrue(try SourceSpec.read(path: write("address,eth,0xA\n")).rulesIgnored(by: .utxo).isEmpty)
    }

    /// Invalid rows name the file, the line and the column.
    func testInvalidRowsNameTheirPlace() throws {
        let cases = [
            ("mixer,eth,0xA,,\n", "s.csv:2:1", "unknown source type"),
            ("address,eth,0xA,,-1\n", "s.csv:2:5", "start_block"),
            ("whole_balance,eth,0xA,,5\n", "s.csv:2:5", "no start_block"),
            ("address,eth,,,\n", "s.csv:2:3", "empty id"),
            ("transfer,eth,0xT,,\n", "s.csv:2:3", "tx_hash:index"),
            ("address,eth,0xA,,,x\n", "s.csv:2:6", "expected 5 fields, found 6"),
        ]
        for (body, place, reason) in cases {
            XCTAssertThrowsError(try SourceSpec.read(path: write(body)), body) { e in
                XCTAssertTrue("\(e)".contains(place) && "\(e)".contains(reason), "\(e)")
            }
        }
    }
}
