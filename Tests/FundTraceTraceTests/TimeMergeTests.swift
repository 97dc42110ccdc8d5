import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceTrace

/// Chains interleaved by time, each chain's order kept; a row without a time keeps its predecessor's.
final class TimeMergeTests: XCTestCase {
    func row(_ id: Int64, chain: Int64) -> OrderedTransferRow {
        OrderedTransferRow(row: TransferRow(id: id, chainID: chain, txID: id, block: UInt64(id), txIndex: 0, logIndex: 0, fromID: 1, toID: 2, assetID: 1,
                                            amount: 1, fee: .zero, kind: .native, success: true), traceAddress: "")
    }

    func testInterleavesByTimeKeepingEachChainsOrder() {
        let rows = [row(1, chain: 1), row(2, chain: 1), row(3, chain: 1), row(10, chain: 2), row(11, chain: 2)]
        let times: [Int64: Int64] = [1: 100, 2: 300, 3: 250, 10: 200, 11: 400]  // row 3 earlier than row 2: its chain's order stays
        XCTAssertEqual(TimeMerge.merged(rows, times: times).map(\.row.id), [1, 10, 2, 3, 11])
        let untimed: [Int64: Int64] = [1: 100, 10: 50]  // rows 2, 3 and 11 keep their predecessors' times
        XCTAssertEqual(TimeMerge.merged(rows, times: untimed).map(\.row.id), [10, 11, 1, 2, 3])
        XCTAssertEqual(TimeMerge.merged(rows, times: [:]).map(\.row.id), [1, 2, 3, 10, 11], "no times: the lower chain id first")
    }
}
