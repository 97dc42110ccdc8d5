import Foundation
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceTaintAdapters

/// Deposit-address reuse: a mixer withdrawal whose recipient pays a deposit address the case's funds fill is the case's.
final class DepositReuseLinkerTests: XCTestCase {
    typealias R = TraceFixtures.Row
    let t0: Int64 = 1_719_079_200
    let one = "1000000000000000000", net = "995000000000000000"

    /// T is drained into; it deposits 1 ETH into a pool (no gas price, address or timing evidence) and pays 2 ETH into
    /// its exchange account D directly. W withdraws from the pool and pays D too: W is linked, and W's other deposit
    /// address E (reached only through the link) is found. `innocentD` makes D mostly an innocent's account instead.
    func store(innocentD: Bool) throws -> TransferStore {
        var rows: [R] = [
            R(from: "V", to: "T", amount: "3" + one.dropFirst(), block: 1, time: t0),
            R(from: "T", to: "POOL", amount: one, block: 2, time: t0 + 60),
            R(from: "T", to: "D", amount: "2" + one.dropFirst(), block: 3, time: t0 + 120),
            R(from: "D", to: "HOT", amount: "2" + one.dropFirst(), block: 4, time: t0 + 600),
        ]
        for i in 0..<4 { rows.append(R(from: "U\(i)", to: "POOL", amount: one, block: UInt64(5 + i), time: t0 + 180 + Int64(i) * 60)) }
        rows += [
            R(from: "POOL", to: "Y", amount: net, block: 50, time: t0 + 40_000),
            R(from: "POOL", to: "W", amount: net, block: 51, time: t0 + 50_000),
            R(from: "W", to: "D", amount: "400000000000000000", block: 52, time: t0 + 50_600),
            R(from: "W", to: "E", amount: "500000000000000000", block: 53, time: t0 + 50_700),
            R(from: "D", to: "HOT", amount: "400000000000000000", block: 54, time: t0 + 51_000),
            R(from: "E", to: "HOT", amount: "500000000000000000", block: 55, time: t0 + 51_100),
            R(from: "Y", to: "F", amount: "900000000000000000", block: 56, time: t0 + 52_000),
            R(from: "F", to: "HOT", amount: "900000000000000000", block: 57, time: t0 + 52_100),
        ]
        if innocentD { rows.insert(R(from: "CUSTOMER", to: "D", amount: "9" + one.dropFirst(), block: 3, time: t0 + 100), at: 2) }
        let labels = [AddressLabel(chain: "eth", address: "POOL", label: "Privacy pool 1 ETH", category: .mixer, source: "test"),
                      AddressLabel(chain: "eth", address: "HOT", label: "Altus: Hot Wallet", category: .exchange, source: "test")]
        return try TraceFixtures.store(rows, labels: labels, in: try newTemporaryDirectory("fundtrace-trace"))
    }

    func trace(_ store: TransferStore) throws -> TraceResult {
        var p = TraceParameters()
        p.policy = .fifo
        return try Investigation(store: store, labels: try LabelBook(store: store), parameters: p)
            .run(sources: SourceSpec(rules: [.init(kind: .transfer, chain: "eth", id: String(format: "0x%064x", 1) + ":0")]))
    }

    func testAWithdrawalPayingTheCasesDepositAddressIsLinked() throws {
        let r = try trace(try store(innocentD: false))
        let x = try XCTUnwrap(r.crossings?.first { $0.kind == "mixer" })
        XCTAssertEqual([x.from, x.to], ["T", "W"])
        XCTAssertEqual(x.confidence, 0.7)
        XCTAssertTrue(x.evidence.hasPrefix("deposit_address_reuse: the withdrawal's recipient W paid D"), x.evidence)
        XCTAssertEqual(r.endpoints.first { $0.address == "E" }?.reason, .exchangeDeposit, "found only through the link")
        XCTAssertNil(r.endpoints.first { $0.address == "F" }, "Y, the innocent withdrawer, is not linked")
        for t in r.totals { XCTAssertTrue(t.reconciled) }
    }

    /// D holds mostly an innocent customer's money (the case's 2 ETH of 11): it vouches for no one.
    func testADepositAddressTheCaseBarelyFillsLinksNoOne() throws {
        let r = try trace(try store(innocentD: true))
        XCTAssertNil(r.crossings?.first { $0.kind == "mixer" })
        XCTAssertNil(r.endpoints.first { $0.address == "E" })
    }
}
