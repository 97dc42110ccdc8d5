import Foundation
import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceTrace

/// The deposit-address rule: most outgoing transfers to one exchange's wallets, most of them soon after an inflow.
final class DepositDetectorTests: XCTestCase {
    let hot = AddressLabel(chain: "eth", address: "HOT", label: "Altus: Hot Wallet 3", category: .exchange, source: "test")
    let other = AddressLabel(chain: "eth", address: "HOT2", label: "Brightpool: Hot Wallet", category: .exchange, source: "test")

    func row(_ id: Int64, from: Int64, to: Int64, tx: Int64) -> OrderedTransferRow {
        OrderedTransferRow(row: TransferRow(id: id, chainID: 1, txID: tx, block: UInt64(id), txIndex: 0, logIndex: 0, fromID: from, toID: to,
                                            assetID: 1, amount: Amount(5), fee: .zero, kind: .native, success: true), traceAddress: "")
    }

    /// Addresses: 1 the candidate, 2 HOT, 3 a customer, 4 HOT2, 5 someone else.
    func examine(_ rows: [OrderedTransferRow], times: [Int64: Int64], window: Int64 = 3 * 86_400) throws -> DepositDetector.Finding? {
        let names: [Int64: String] = [1: "D", 2: "HOT", 3: "C", 4: "HOT2", 5: "X"]
        return try DepositDetector(labels: LabelBook([hot, other]), window: window, share: 0.9)
            .examine(address: 1, chain: "eth", rows: rows, text: { names[$0]! }, time: { ids in times.filter { ids.contains($0.key) } })
    }

    func testAnExchangeSweepOfItsOwnGasTopUpMayWait() throws {
        // A token deposit, the exchange's gas top-up and the token sweep at once, then the leftover gas swept 4 days later.
        let rows = [row(1, from: 3, to: 1, tx: 1), row(2, from: 2, to: 1, tx: 2), row(3, from: 1, to: 2, tx: 3), row(4, from: 1, to: 2, tx: 4)]
        let f = try XCTUnwrap(try examine(rows, times: [1: 0, 2: 90_000, 3: 90_000, 4: 90_000 + 4 * 86_400]))
        XCTAssertEqual(f.exchange, "Altus")
        XCTAssertEqual(f.promptForwards, 1)
        XCTAssertTrue(f.evidence.contains("1 within the deposit window, the slowest 4 days after receipt"), f.evidence)
    }

    func testMostForwardsMustBePrompt() throws {
        // Two forwards, both more than the window after the inflow before them: a holder, not a deposit address.
        let rows = [row(1, from: 3, to: 1, tx: 1), row(2, from: 1, to: 2, tx: 2), row(3, from: 1, to: 2, tx: 3)]
        XCTAssertNil(try examine(rows, times: [1: 0, 2: 4 * 86_400, 3: 5 * 86_400]))
        XCTAssertNotNil(try examine(rows, times: [1: 0, 2: 3_600, 3: 5 * 86_400]))
    }

    func testOneExchangeMustTakeMostOutgoingTransfers() throws {
        let rows = [row(1, from: 3, to: 1, tx: 1), row(2, from: 1, to: 2, tx: 2), row(3, from: 1, to: 4, tx: 3)]
        XCTAssertNil(try examine(rows, times: [1: 0, 2: 60, 3: 60]), "half to Altus, half to Brightpool")
        XCTAssertNil(try examine([row(1, from: 3, to: 1, tx: 1), row(2, from: 1, to: 5, tx: 2)], times: [1: 0, 2: 60]))
    }
}
