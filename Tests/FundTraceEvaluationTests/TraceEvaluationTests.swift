import FundTraceModel
import FundTraceSimulation
import FundTraceTrace
import XCTest
import FundTraceTestSupport
@testable import FundTraceEvaluation

final class TraceEvaluationTests: XCTestCase {
    func endpoint(_ address: String, _ amount: String, _ reason: EndpointReason, label: String = "", category: String = "", asset: String = "ETH") -> TraceEndpoint {
        TraceEndpoint(chain: "ethereum", address: address, category: category, label: label, asset: asset, taintedAmount: amount,
                      firstTx: "", lastTx: "", reason: reason, evidence: "")
    }

    func node(_ address: String, _ received: String, _ role: NodeRole, reason: EndpointReason? = nil) -> TraceNode {
        TraceNode(chain: "ethereum", address: address, asset: "ETH", role: role, reason: reason, taintedReceived: received,
                  taintedSent: "0", taintedHeld: "0", balance: "0")
    }

    func testPrecisionRecallAndAmountErrorAgainstTheTruth() {
        let truth = GroundTruth(
            attackers: [.init(chain: "ethereum", address: "A1", role: "drainer"), .init(chain: "ethereum", address: "A2", role: "peel_hop"),
                        .init(chain: "ethereum", address: "A3", role: "mixer_withdrawal")],
            cashouts: [.init(chain: "ethereum", address: "D1", exchange: "Orca Exchange", asset: "ETH", symbol: "ETH", decimals: 18,
                             stolenAmount: Amount(1_000), deposits: 1),
                       .init(chain: "ethereum", address: "D2", exchange: "Kestrel Exchange", asset: "ETH", symbol: "ETH", decimals: 18,
                             stolenAmount: Amount(500), deposits: 2),
                       .init(chain: "ethereum", address: "D3", exchange: "Kestrel Exchange", asset: "ETH", symbol: "ETH", decimals: 18,
                             stolenAmount: Amount(400), deposits: 1)])
        let trace = TraceResult(
            direction: .forward, parameters: TraceParameters(), sources: [], windows: [],
            nodes: [node("V", "0", .source), node("A1", "2000", .followed), node("A2", "900.5", .followed),
                    node("INNOCENT", "300", .followed), node("DUST", "0.001", .followed), node("D1", "1000", .endpoint, reason: .exchangeDeposit)],
            flows: [],
            endpoints: [endpoint("D1", "1000", .exchangeDeposit, label: "Orca Exchange deposit"),
                        endpoint("D2", "450.000000001", .exchangeDeposit, label: "Kestrel Exchange deposit"),
                        endpoint("X", "300", .exchangeDeposit, label: "Bluefin Exchange deposit"),      // an innocent's deposit: false positive
                        endpoint("Y", "0.5", .exchangeDeposit, label: "Bluefin Exchange deposit"),      // dust: below the share, not flagged
                        endpoint("HOT", "20", .service, label: "Orca Exchange: Hot Wallet 1", category: "exchange")],
            totals: [AssetTotals(chain: "ethereum", asset: "ETH", created: "2000", atEndpoints: "2000", feeSink: "0", returnedToSources: "0", reconciled: true)],
            statistics: TraceStatistics())
        let e = TraceEvaluation.evaluate(trace, against: truth, minShare: 0.001)
        XCTAssertEqual([e.depositAddresses.truth, e.depositAddresses.predicted, e.depositAddresses.correct], [3, 3, 2])
        XCTAssertEqual(e.depositAddresses.precision!, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(e.depositAddresses.recall!, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual([e.exchanges.truth, e.exchanges.predicted, e.exchanges.correct], [2, 3, 2], "Orca, Kestrel right; Bluefin wrong")
        XCTAssertEqual([e.attackerAddresses.truth, e.attackerAddresses.predicted, e.attackerAddresses.correct], [3, 3, 2],
                       "A1, A2 found, INNOCENT predicted, DUST below the share, the source and endpoints not counted")
        XCTAssertEqual(e.attackerRecallByRole["mixer_withdrawal"]?.correct, 0)
        let byAddress = Dictionary(uniqueKeysWithValues: e.amounts.map { ($0.address, $0) })
        XCTAssertEqual(byAddress["D1"]?.relativeError, 0)
        XCTAssertEqual(byAddress["D2"]!.relativeError, 0.1, accuracy: 1e-9)
        XCTAssertEqual(byAddress["D2"]?.attributed, "450")
        XCTAssertEqual(byAddress["D3"]?.attributed, "0")
        XCTAssertEqual(byAddress["D3"]?.relativeError, 1)
        XCTAssertEqual(e.medianAmountError!, 0.1, accuracy: 1e-9)
        // With no share threshold the dust deposit counts too.
        XCTAssertEqual(TraceEvaluation.evaluate(trace, against: truth, minShare: 0).depositAddresses.predicted, 4)
    }

    func testTruthFilesRoundTripAndBadFilesSayWhere() throws {
        let dir = try newTemporaryDirectory("fundtrace-truth").path
        let truth = GroundTruth(attackers: [.init(chain: "bsc", address: "0xa77ac40000010000000000000000000000000000", role: "funder")],
                                cashouts: [.init(chain: "bsc", address: "0xde90510000010000000000000000000000000000", exchange: "Orca Exchange",
                                                 asset: "BNB", symbol: "BNB", decimals: 18, stolenAmount: Amount.maxInput, deposits: 3)])
        try truth.write(to: dir)
        XCTAssertEqual(try GroundTruth.read(from: dir), truth)
        try "chain,address,role\nbsc\n".write(toFile: dir + "/attackers.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try GroundTruth.read(from: dir)) { XCTAssertTrue("\($0)".contains("attackers.csv:2"), "\($0)") }
    }
}
