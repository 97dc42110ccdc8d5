import FundTraceModel
import FundTraceStore
import XCTest
@testable import FundTraceTrace

/// Where the sweep takes each leg of a crossing: swap legs together whichever comes first, a later exit with every
/// entry that feeds it, each leg once, and never a source's marked transfer.
final class CrossingPairingTests: XCTestCase {
    func row(_ id: Int64) -> OrderedTransferRow {
        OrderedTransferRow(row: TransferRow(id: id, chainID: 1, txID: id, block: UInt64(id), txIndex: 0, logIndex: 0, fromID: 1, toID: 2, assetID: 1,
                                            amount: 100, fee: .zero, kind: .token, success: true), traceAddress: "")
    }

    func crossing(_ kind: TraceGraph.Crossing.Kind, entry: Int64, exit: Int64) -> TraceGraph.Crossing {
        TraceGraph.Crossing(kind: kind, entry: row(entry), exit: row(exit), via: "service", evidence: "")
    }

    func name(_ s: CrossingPairing<Int>.Step) -> String {
        switch s {
        case .ordinary: return "ordinary"
        case .skip: return "skip"
        case .enter(let x): return "enter \(x.entry.row.id)"
        case .swapExitFirst(let x): return "swap exit first \(x.entry.row.id)"
        case .exit(let w): return "exit \(w.units) hop \(w.hops) feeds \(w.feeds.map(\.feed))"
        }
    }

    func testSwapLegsTogetherWhicheverComesFirst() {
        var p = CrossingPairing<Int>([10: crossing(.swap, entry: 10, exit: 11), 21: crossing(.swap, entry: 21, exit: 20)])
        let none: (TransferRow) -> Bool = { _ in false }
        XCTAssertEqual([10, 11, 20, 21, 5].map { name(p.step(row($0).row, isMarked: none)) },
                       ["enter 10", "skip", "swap exit first 21", "skip", "ordinary"])
    }

    func testALaterExitCarriesEveryEntryThatFeedsIt() {
        var p = CrossingPairing<Int>([1: crossing(.bridge, entry: 1, exit: 9), 2: crossing(.mixer, entry: 2, exit: 9)])
        let none: (TransferRow) -> Bool = { _ in false }
        XCTAssertEqual(name(p.step(row(1).row, isMarked: none)), "enter 1")
        p.wait(crossing(.bridge, entry: 1, exit: 9), 7, units: 40, hops: 3)
        XCTAssertEqual(name(p.step(row(2).row, isMarked: none)), "enter 2")
        p.wait(crossing(.mixer, entry: 2, exit: 9), 8, units: 50, hops: 2)
        XCTAssertEqual(name(p.step(row(1).row, isMarked: none)), "skip", "an entry is swept once")
        XCTAssertEqual(name(p.step(row(9).row, isMarked: none)), "exit 90 hop 2 feeds [7, 8]")
        XCTAssertEqual(name(p.step(row(9).row, isMarked: none)), "skip")
    }

    func testAnExitBeforeItsEntryAndMarkedRowsAreOrdinary() {
        var p = CrossingPairing<Int>([5: crossing(.bridge, entry: 5, exit: 3), 7: crossing(.swap, entry: 7, exit: 8)])
        XCTAssertEqual(name(p.step(row(3).row, isMarked: { _ in false })), "ordinary", "no times to order chains by: swept where it is")
        XCTAssertEqual(name(p.step(row(7).row, isMarked: { $0.id == 7 })), "ordinary", "a source's marked transfer creates taint where it is")
    }
}
