import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceTrace
import FundTraceTestSupport

final class UTXOHeuristicsTests: XCTestCase {
    func tx(_ hash: String, inputs: [(String, String, Int, UInt64)], outputs: [(String, UInt64)]) -> UTXOTransaction {
        UTXOTransaction(chain: "bitcoin", txHash: hash, block: 1, txIndex: 0, timestamp: nil,
                        inputs: inputs.enumerated().map { i, x in UTXOInput(index: i, spent: OutPoint(txHash: x.1, index: x.2), address: x.0, value: Amount(x.3)) },
                        outputs: outputs.enumerated().map { i, o in UTXOOutput(index: i, address: o.0, value: Amount(o.1)) })
    }

    /// Five participants, 0.1 BTC each out, change for three of them, one dust output.
    var whirl: UTXOTransaction {
        tx("cj", inputs: (1...5).map { ("p\($0)", "f\($0)", 0, 12_000_000) },
           outputs: (1...5).map { ("m\($0)", 10_000_000) } + [("c1", 1_990_000), ("c2", 1_990_000), ("c3", 1_990_000), ("dust", 546)])
    }

    func testCoinJoinIsRecognisedAndOrdinaryPaymentsAreNot() {
        let d = CoinJoinDetector()
        let cj = d.examine(whirl)
        XCTAssertEqual(cj?.denomination, Amount(10_000_000))
        XCTAssertEqual(cj?.equalOutputs, 5)
        XCTAssertEqual(cj?.participants, 5)
        // A two-input payment with change.
        XCTAssertNil(d.examine(tx("pay", inputs: [("a", "x", 0, 5), ("b", "y", 0, 5)], outputs: [("shop", 7), ("a", 2)])))
        // A batch payout from one wallet: many inputs of one address.
        XCTAssertNil(d.examine(tx("batch", inputs: [("a", "x", 0, 50_000), ("a", "x", 1, 50_000)],
                                  outputs: [("u1", 20_000), ("u2", 20_000), ("u3", 20_000), ("a", 39_000)])))
        // Equal outputs of dust do not make a CoinJoin.
        XCTAssertNil(d.examine(tx("dusty", inputs: [("a", "x", 0, 5_000), ("b", "y", 0, 5_000), ("c", "z", 0, 5_000)],
                                  outputs: [("u1", 546), ("u2", 546), ("u3", 546), ("a", 4_000), ("b", 3_000)])))
    }

    func testClusteringMergesInputsButSkipsCoinJoins() {
        var c = AddressClustering()
        c.add(tx("t1", inputs: [("a", "x", 0, 5), ("b", "y", 0, 5)], outputs: [("shop", 9)]))
        c.add(tx("t2", inputs: [("b", "z", 0, 5), ("c", "w", 0, 5)], outputs: [("shop", 9)]))
        c.add(whirl)
        XCTAssertTrue(c.sameOwner("a", "c"), "a–b and b–c: one owner")
        XCTAssertFalse(c.sameOwner("p1", "p2"), "CoinJoin participants are not merged")
        XCTAssertEqual(c.skippedCoinJoins, 1)
        XCTAssertEqual(c.clusters(), [["a", "b", "c"]])
    }

    func testPeelChainFollowsTheRemainder() {
        let t1 = tx("h1", inputs: [("s", "f", 0, 100_000)], outputs: [("peel1", 10_000), ("r1", 89_000)])
        let t2 = tx("h2", inputs: [("r1", "h1", 1, 89_000)], outputs: [("r2", 78_000), ("peel2", 10_000)])
        let t3 = tx("h3", inputs: [("r2", "h2", 0, 78_000)], outputs: [("peel3", 5_000), ("r3", 72_000)])
        let t4 = tx("h4", inputs: [("r3", "h3", 1, 72_000)], outputs: [("x", 36_000), ("y", 35_000)])   // 49 % peeled: still within maxPeelShare
        let other = tx("o", inputs: [("q", "g", 0, 10)], outputs: [("q1", 5), ("q2", 5)])
        let chains = PeelChainDetector().chains([t3, other, t1, t4, t2])
        XCTAssertEqual(chains.count, 1)
        XCTAssertEqual(chains[0].map(\.txHash), ["h1", "h2", "h3", "h4"])
        XCTAssertEqual(chains[0].map(\.peel.address), ["peel1", "peel2", "peel3", "y"])
        XCTAssertTrue(PeelChainDetector(minLength: 5).chains([t1, t2, t3, t4]).isEmpty)
    }

    /// On the real bitcoin-etl fixtures: the multi-input transactions of blocks 50,001–50,002 cluster their inputs.
    func testRealBitcoinFixturesClusterTheirMultiInputTransactions() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let store = try TransferStore(path: dir.appendingPathComponent("btc.sqlite").path)
        var options = Loader.Options()
        options.chain = "bitcoin"
        let fixtures = try SharedData.url("bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin")
        for f in ["stream_50001_50002", "block_with_transactions"] {
            _ = try Loader(store: store).load(path: fixtures.appendingPathComponent("\(f)/expected_transactions.json").path, options: options)
        }
        var txs: [UTXOTransaction] = []
        try store.read { try $0.forEachUTXOTransaction(chain: "bitcoin") { txs.append($0) } }
        XCTAssertGreaterThanOrEqual(txs.count, 4)
        XCTAssertTrue(txs.contains { Set($0.inputs.compactMap(\.address)).count > 1 }, "the fixtures hold a multi-input transaction")
        XCTAssertTrue(txs.compactMap(CoinJoinDetector().examine).isEmpty, "no CoinJoin in 2010-era blocks")
        var c = AddressClustering()
        for t in txs { c.add(t) }
        for t in txs where Set(t.inputs.compactMap(\.address)).count > 1 {
            let a = t.inputs.compactMap(\.address)
            XCTAssertTrue(a.dropFirst().allSatisfy { c.sameOwner(a[0], $0) }, t.txHash)
        }
        XCTAssertFalse(c.clusters().isEmpty)
    }
}
