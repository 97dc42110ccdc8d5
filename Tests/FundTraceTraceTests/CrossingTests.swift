import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceTaintAdapters

/// Swaps and bridges (docs/CROSSINGS.md): taint goes on in the asset and on
/// the chain the value comes out in, and the totals still reconcile.
final class CrossingTests: XCTestCase {
    typealias R = TraceFixtures.Row
    let t0: Int64 = 1_719_079_200

    func trace(_ store: TransferStore, policy: TaintPolicy, _ id: String = "T") throws -> TraceResult {
        var p = TraceParameters()
        p.policy = policy
        return try Investigation(store: store, labels: try LabelBook(store: store), parameters: p)
            .run(sources: SourceSpec(rules: [.init(kind: .address, chain: "eth", id: id)]))
    }

    func endpoint(_ r: TraceResult, _ address: String, _ asset: String, chain: String = "eth") -> TraceEndpoint? {
        r.endpoints.first { $0.address == address && $0.asset == asset && $0.chain == chain }
    }

    /// T holds 50 clean USDT, then receives 100 stolen; swaps 60 USDT for 120 ETH-units through a labelled pool
    /// (one transaction, two legs); later the pool trades with an innocent user.
    func testASwapCarriesTaintIntoTheAssetReceivedAtTheSwapsRate() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let swapTx = String(format: "0x%064x", 99)
        let rows: [R] = [
            R(from: "C", to: "T", amount: "50", block: 1, asset: "USDT", time: t0),
            R(from: "S", to: "T", amount: "100", block: 2, asset: "USDT", time: t0 + 60),
            R(from: "T", to: "POOL", amount: "60", block: 3, asset: "USDT", time: t0 + 120, tx: swapTx, log: 0),
            R(from: "POOL", to: "T", amount: "120", block: 3, asset: "ETH", time: t0 + 120, tx: swapTx, log: 1),
            R(from: "T", to: "H", amount: "90", block: 4, asset: "ETH", time: t0 + 180),
            R(from: "U", to: "POOL", amount: "10", block: 5, asset: "USDT", time: t0 + 240),
            R(from: "POOL", to: "U", amount: "20", block: 6, asset: "ETH", time: t0 + 300),
        ]
        let labels = [AddressLabel(chain: "eth", address: "POOL", label: "SynthSwap pool", category: .dex, source: "test")]
        let store = try TraceFixtures.store(rows, labels: labels, in: dir)
        // Source: everything S sent is stolen (T receives it marked).
        var p = TraceParameters()
        p.policy = .fifo
        for policy in TaintPolicy.allCases where policy.isConserving {
            p.policy = policy
            let r = try Investigation(store: store, labels: try LabelBook(store: store), parameters: p)
                .run(sources: SourceSpec(rules: [.init(kind: .address, chain: "eth", id: "T", startBlock: 2)]))
            let swap = try XCTUnwrap(r.crossings?.first, "\(policy)")
            XCTAssertEqual(swap.kind, "swap")
            XCTAssertEqual([swap.from, swap.via, swap.to], ["T", "POOL", "T"])
            // Haircut: T's ratio is 100/150, so 40 of the 60 are tainted → ⌊40·120/60⌋ = 80 ETH-units.
            // FIFO: the 50 clean come out first, then 10 tainted → 20. LIFO, TIHO: 60 tainted → 120.
            let expected: [TaintPolicy: (String, String)] = [.haircut: ("40", "80"), .fifo: ("10", "20"), .lifo: ("60", "120"), .tiho: ("60", "120")]
            XCTAssertEqual(Amount(String(swap.entryTainted.prefix { $0 != "." })), Amount(expected[policy]!.0), "\(policy)")
            XCTAssertEqual(swap.exitTainted, expected[policy]!.1, "\(policy)")
            XCTAssertNil(endpoint(r, "POOL", "USDT"), "\(policy): the pool takes nothing tainted from a swap")
            XCTAssertNil(endpoint(r, "U", "ETH"), "\(policy): nor passes taint to the next trader")
            for t in r.totals { XCTAssertTrue(t.reconciled, "\(policy) \(t.asset): \(t)") }
            let usdt = try XCTUnwrap(r.totals.first { $0.asset == "USDT" })
            XCTAssertEqual(usdt.crossedOut.flatMap { Amount(String($0.prefix { $0 != "." })) }, Amount(expected[policy]!.0))
            let eth = try XCTUnwrap(r.totals.first { $0.asset == "ETH" })
            XCTAssertEqual(eth.created, "0")
            XCTAssertEqual(eth.crossedIn, expected[policy]!.1)
        }
    }

    func testSwapConversionIsExactAtUint256Scale() {
        let max = Amount.maxInput
        XCTAssertEqual(SwapConversion.convert(max, from: max, to: Amount(7)), Amount(7))
        XCTAssertEqual(SwapConversion.convert(Amount(1), from: Amount(3), to: max),
                       Amount("38597363079105398474523661669562635951089994888546854679819194669304376546645")!)
        XCTAssertEqual(SwapConversion.convert(Amount(2), from: Amount(1), to: Amount(5)), Amount(5), "never more than the exit amount")
        XCTAssertEqual(SwapConversion.convert(Amount(5), from: .zero, to: Amount(5)), .zero)
    }

    static let e18 = "000000000000000000"

    /// V → T (10 ETH on eth) → a labelled bridge on eth; then `payouts` on arbitrum by its labelled twin.
    func bridgeStore(payouts: [R]) throws -> TransferStore {
        let rows: [R] = [
            R(from: "V", to: "T", amount: "10" + Self.e18, block: 100, time: t0),
            R(from: "T", to: "BRIDGE", amount: "10" + Self.e18, block: 101, time: t0 + 12),
        ] + payouts
        let labels = [AddressLabel(chain: "eth", address: "BRIDGE", label: "Skyway Bridge", category: .bridge, source: "test"),
                      AddressLabel(chain: "arbitrum", address: "BRIDGE2", label: "Skyway Bridge", category: .bridge, source: "test")]
        return try TraceFixtures.store(rows, labels: labels, in: try newTemporaryDirectory("fundtrace-trace"))
    }

    /// A deposit into a labelled bridge on eth is paid out on arbitrum 10 minutes later, 0.1 % less;
    /// the trace goes on there to a deposit address.
    func testABridgeDepositIsLinkedToTheSinglePayoutOnAnotherChain() throws {
        let store = try bridgeStore(payouts: [
            R(from: "BRIDGE2", to: "R", amount: "9990000000000000000", block: 5000, time: t0 + 612, chain: "arbitrum"),
            R(from: "BRIDGE2", to: "X", amount: "3" + Self.e18, block: 5001, time: t0 + 640, chain: "arbitrum"),   // another user's payout
            R(from: "R", to: "D", amount: "9" + Self.e18, block: 6000, time: t0 + 3_600, chain: "arbitrum"),
        ])
        for policy in [TaintPolicy.haircut, .fifo] {
            let r = try trace(store, policy: policy)
            let bridge = try XCTUnwrap(r.crossings?.first { $0.kind == "bridge" }, "\(policy)")
            XCTAssertEqual([bridge.chain, bridge.exitChain, bridge.to], ["eth", "arbitrum", "R"])
            XCTAssertEqual(bridge.exitTainted, "9990000000000000000")
            XCTAssertTrue(bridge.evidence.contains("10 min after"), bridge.evidence)
            XCTAssertEqual(endpoint(r, "R", "ETH", chain: "arbitrum")?.taintedAmount.prefix { $0 != "." }, "990000000000000000")
            XCTAssertNil(endpoint(r, "X", "ETH", chain: "arbitrum"), "the other payout is not the thief's")
            XCTAssertNil(endpoint(r, "BRIDGE", "ETH"), "the bridge passed the taint on")
            for t in r.totals { XCTAssertTrue(t.reconciled, "\(policy) \(t.chain) \(t.asset)") }
        }
    }

    /// Two payouts of matching size: the best (lower fee, fresh recipient) is linked with a low confidence, the other listed.
    func testOfSeveralMatchingPayoutsTheBestIsLinkedAndTheOthersListed() throws {
        let store = try bridgeStore(payouts: [
            R(from: "BRIDGE2", to: "R", amount: "9990000000000000000", block: 5000, time: t0 + 612, chain: "arbitrum"),
            R(from: "BRIDGE2", to: "Q", amount: "9995000000000000000", block: 5001, time: t0 + 640, chain: "arbitrum"),
        ])
        let r = try trace(store, policy: .haircut)
        let bridge = try XCTUnwrap(r.crossings?.first { $0.kind == "bridge" })
        XCTAssertEqual(bridge.to, "Q")
        XCTAssertLessThan(bridge.confidence ?? 1, 0.9, "a near tie is not a sure link")
        XCTAssertTrue(bridge.evidence.contains("also matching: R"), bridge.evidence)
        XCTAssertNil(endpoint(r, "BRIDGE", "ETH"), "the bridge passed the taint on")
    }

    /// Another user's deposit into the bridge at the same time claims the payout to its own address, though that
    /// payout's fee is lower: the thief's deposit is linked to the other one.
    func testOtherDepositsClaimTheirOwnPayoutsFirst() throws {
        let store = try bridgeStore(payouts: [
            R(from: "U", to: "BRIDGE", amount: "10" + Self.e18, block: 101, time: t0 + 20),
            R(from: "BRIDGE2", to: "U", amount: "9995000000000000000", block: 5000, time: t0 + 600, chain: "arbitrum"),
            R(from: "BRIDGE2", to: "W", amount: "9990000000000000000", block: 5001, time: t0 + 640, chain: "arbitrum"),
        ])
        let r = try trace(store, policy: .fifo)
        let bridge = try XCTUnwrap(r.crossings?.first { $0.kind == "bridge" })
        XCTAssertEqual(bridge.to, "W")
        XCTAssertNil(endpoint(r, "U", "ETH", chain: "arbitrum"), "the other user's payout is not the thief's")
    }

    /// With no payout in the window, the bridge is an endpoint and the trace says why the crossing was not made.
    func testABridgeCrossingNotMadeSaysWhy() throws {
        let store = try bridgeStore(payouts: [
            R(from: "BRIDGE2", to: "R", amount: "5" + Self.e18, block: 5000, time: t0 + 612, chain: "arbitrum"),
        ])
        let r = try trace(store, policy: .haircut)
        XCTAssertNil(r.crossings)
        XCTAssertEqual(endpoint(r, "BRIDGE", "ETH")?.reason, .bridge)
        let note = try XCTUnwrap(r.crossingsNotMade?.first)
        XCTAssertEqual([note.kind, note.from, note.via], ["bridge", "T", "BRIDGE"])
        XCTAssertTrue(note.reason.hasPrefix("no payout of ETH on another chain"), note.reason)
    }
}
