import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceCSV
import FundTraceTaintAdapters
import FundTraceTestSupport

final class MixerLinkerTests: XCTestCase {
    typealias E = MixerEvent
    let one = Amount(1_000_000_000_000_000_000)

    func e(_ action: E.Action, _ time: Int64, _ account: String, pool: String = "1 ETH", gas: UInt64? = nil, denomination: Amount? = nil) -> E {
        E(pool: pool, action: action, time: time, txHash: "\(action.rawValue)\(time)\(account)", account: account,
          denomination: denomination ?? one, gasPrice: gas.map { Amount($0) })
    }

    func testEachHeuristicOnAHandBuiltPool() {
        let ten = one.multipliedReportingOverflow(by: 10).partialValue
        let events = [
            e(.deposit, 0, "alice", gas: 5), e(.deposit, 10, "bob", gas: 7), e(.deposit, 20, "carol", gas: 5),
            e(.withdrawal, 100_000, "alice", gas: 9),         // alice withdraws to herself
            e(.withdrawal, 100_100, "zed", gas: 7),           // the only other user of gas price 7
            e(.withdrawal, 100_200, "yan", gas: 5),           // gas 5 is shared by two deposits: no link
            // Multi-denomination: dora deposits 1 + 10 ETH, only "xi" withdraws 1 + 10 ETH, later.
            e(.deposit, 200_000, "dora", gas: 11), e(.deposit, 200_050, "dora", pool: "10 ETH", gas: 12, denomination: ten),
            e(.withdrawal, 300_000, "xi", gas: 13), e(.withdrawal, 300_100, "xi", pool: "10 ETH", gas: 14, denomination: ten),
            // Timing: a quiet pool, a deposit and five minutes later a withdrawal.
            e(.deposit, 500_000, "eve", pool: "100 ETH", gas: 15), e(.withdrawal, 500_300, "wu", pool: "100 ETH", gas: 16),
        ]
        var linker = MixerLinker()
        linker.linked = { a, b in (a, b) == ("carol", "yan") }
        let links = linker.links(events)
        func pairs(_ h: MixerLinker.Heuristic) -> Set<String> {
            Set(links.filter { $0.heuristic == h }.map { "\($0.deposit.account)>\($0.withdrawal.account)" })
        }
        XCTAssertEqual(pairs(.addressMatch), ["alice>alice"])
        XCTAssertEqual(pairs(.uniqueGasPrice), ["bob>zed"])
        XCTAssertEqual(pairs(.linkedAddresses), ["carol>yan"])
        XCTAssertEqual(pairs(.multiDenomination), ["dora>xi"], "both of dora's deposits, one per pool")
        XCTAssertEqual(links.filter { $0.heuristic == .multiDenomination }.count, 2)
        XCTAssertEqual(pairs(.timing), ["eve>wu"])
        XCTAssertTrue(links.allSatisfy { $0.withdrawal.time >= $0.deposit.time }, "never a withdrawal before its deposit")
    }

    /// On the real Tornado Cash pool histories, FundTrace's address-match links agree with the pairs BERT4ETH published.
    func testAddressMatchAgreesWithThePublishedPairsOnRealPoolHistories() throws {
        let dir = try SharedData.url("bert4eth/tornado_raw_data").path
        var events: [MixerEvent] = []
        for p in ["0.1", "1", "10", "100"] { events += try TornadoHistoryReader.read(path: "\(dir)/tornadoFullHistoryMixer_\(p)ETH.csv") }
        XCTAssertEqual(events.filter { $0.action == .deposit }.count, 1_705 + 1_052 + 966 + 214)
        XCTAssertEqual(events.filter { $0.action == .withdrawal }.count, 1_333 + 877 + 790 + 153)
        let ours = Set(MixerLinker().links(events, only: [.addressMatch]).map { $0.deposit.txHash + $0.withdrawal.txHash })
        var published = Set<String>()
        for p in ["0.1", "1", "10", "100"] {
            let r = try CSVReader(path: "\(dir)/heuristic1Mixer_\(p)ETH.csv")
            _ = try r.readHeader()
            while try r.next() { published.insert((r.string(1)! + r.string(2)!).lowercased()) }
        }
        XCTAssertEqual(published.count, 133)
        let both = ours.intersection(published).count
        XCTAssertGreaterThanOrEqual(Double(both) / Double(published.count), 0.9, "\(both) of \(published.count)")
    }

    /// A trace in link mode goes through the pool to the linked withdrawal with taint scaled by confidence;
    /// in stop mode the pool is the endpoint; in pool mode taint dilutes in the pool.
    func testMixerModesInATrace() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let t0: Int64 = 1_719_079_200
        typealias R = TraceFixtures.Row
        let one = "1000000000000000000", net = "997000000000000000"
        let rows: [R] = [
            R(from: "V", to: "T", amount: one, block: 1, time: t0),
            R(from: "U1", to: "POOL", amount: one, block: 2, time: t0 + 60),
            R(from: "T", to: "POOL", amount: one, block: 3, time: t0 + 120),
            R(from: "U2", to: "POOL", amount: one, block: 4, time: t0 + 180),
            R(from: "POOL", to: "W1", amount: net, block: 100, time: t0 + 86_400),
            R(from: "POOL", to: "T", amount: net, block: 101, time: t0 + 90_000),   // T withdraws to itself
            R(from: "T", to: "D", amount: "900000000000000000", block: 102, time: t0 + 90_100),
        ]
        let labels = [AddressLabel(chain: "eth", address: "POOL", label: "Tornado 1 ETH", category: .mixer, source: "test")]
        let store = try TraceFixtures.store(rows, labels: labels, in: dir)
        func run(_ mode: MixerMode) throws -> TraceResult {
            var p = TraceParameters()
            p.policy = .fifo
            p.mixerMode = mode
            return try Investigation(store: store, labels: try LabelBook(store: store), parameters: p)
                .run(sources: SourceSpec(rules: [.init(kind: .transfer, chain: "eth", id: String(format: "0x%064x", 1) + ":0")]))
        }
        let link = try run(.link)
        let x = try XCTUnwrap(link.crossings?.first)
        XCTAssertEqual([x.kind, x.from, x.to], ["mixer", "T", "T"])
        XCTAssertTrue(x.evidence.hasPrefix("address_match"), x.evidence)
        XCTAssertEqual(x.confidence, 0.95)
        XCTAssertEqual(x.exitTainted, "947150000000000000", "⌊1 ETH · 0.997 · 0.95⌋")
        XCTAssertNil(link.endpoints.first { $0.address == "POOL" }, "the linked deposit left nothing in the pool")
        XCTAssertEqual(link.endpoints.first { $0.address == "D" }?.taintedAmount, "900000000000000000")
        for t in link.totals { XCTAssertTrue(t.reconciled) }

        let stop = try run(.stop)
        XCTAssertNil(stop.crossings)
        XCTAssertEqual(stop.endpoints.first { $0.address == "POOL" }?.reason, .mixer)
        XCTAssertNil(stop.endpoints.first { $0.address == "D" })

        let pool = try run(.pool)
        XCTAssertNil(pool.crossings)
        XCTAssertNil(pool.endpoints.first { $0.address == "POOL" && $0.reason == .mixer }, "the pool is followed")
        XCTAssertEqual(pool.nodes.first { $0.address == "POOL" }?.role, .followed)
        XCTAssertNil(pool.nodes.first { $0.address == "W1" }, "FIFO in the pool: the first withdrawal takes U1's older, clean units")
        XCTAssertEqual(pool.flows.first { $0.from == "POOL" && $0.to == "T" }?.tainted, "994000000000000000",
                       "T's own withdrawal takes 0.003 clean (U1's rest), then 0.994 tainted")
    }
}

final class MixerPoolPatternTests: XCTestCase {
    /// Nobody labelled this pool: twelve 1 ETH deposits from six senders, payouts of 0.997 ETH.
    /// The trace recognises it, stops there in stop mode and links the thief's deposit in link mode.
    func testAnUnlabelledPoolIsRecognisedByItsPattern() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let t0: Int64 = 1_719_079_200
        typealias R = TraceFixtures.Row
        let one = "1000000000000000000", net = "997000000000000000"
        var rows: [R] = [R(from: "V", to: "T", amount: one, block: 1, time: t0)]
        for i in 0..<11 { rows.append(R(from: "U\(i % 6)", to: "POOL", amount: one, block: UInt64(2 + i), time: t0 + Int64(60 * (i + 1)))) }
        rows.append(R(from: "T", to: "POOL", amount: one, block: 20, time: t0 + 3_600))
        for i in 0..<4 { rows.append(R(from: "POOL", to: "W\(i)", amount: net, block: UInt64(100 + i), time: t0 + 86_400 + Int64(i) * 600)) }
        rows.append(R(from: "POOL", to: "T", amount: net, block: 200, time: t0 + 2 * 86_400))
        let store = try TraceFixtures.store(rows, in: dir)
        func run(_ mode: MixerMode) throws -> TraceResult {
            var p = TraceParameters()
            p.policy = .haircut
            p.mixerMode = mode
            return try Investigation(store: store, labels: try LabelBook(store: store), parameters: p)
                .run(sources: SourceSpec(rules: [.init(kind: .transfer, chain: "eth", id: String(format: "0x%064x", 1) + ":0")]))
        }
        let stop = try run(.stop)
        let pool = try XCTUnwrap(stop.endpoints.first { $0.address == "POOL" })
        XCTAssertEqual(pool.reason, .mixer)
        XCTAssertEqual(pool.category, "mixer")
        XCTAssertTrue(pool.label.hasPrefix("Mixer pool (detected): 12 deposits of 1000000000000000000"), pool.label)
        let link = try run(.link)
        XCTAssertEqual(link.crossings?.first?.to, "T")
        XCTAssertTrue(link.crossings?.first?.evidence.hasPrefix("address_match") == true)
        XCTAssertEqual(try run(.pool).endpoints.first { $0.address == "POOL" }?.reason, .held, "pool mode follows it: the pool still holds some")
        XCTAssertNil(MixerPoolPattern.examine(1, rows: []))
        XCTAssertTrue(MixerPoolPattern.isRound(Amount(100_000_000_000_000_000)))
        XCTAssertFalse(MixerPoolPattern.isRound(Amount(123_000)))
    }
}
