import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceTaintAdapters
import FundTraceTestSupport

/// The 2022 Ronin bridge exploit's real ETH flows (Dune export in
/// `../shared/datasets-raw/dspytdao-eth-data`), traced as an investigator
/// would: from the exploiter's address, with the real label files.
final class RoninFlowsTests: XCTestCase {
    static let exploiter = "0x098b716b8aaf21512996dc57eb0615e2383e2f96"
    static let raw = SharedData.raw

    /// The export's rows (`block_time,from,to,total_eth`, addresses as `\x…`) as canonical rows, in time order.
    static func rows() throws -> [TraceFixtures.Row] {
        let text = try String(contentsOf: try SharedData.url("dspytdao-eth-data/LazarusTabularTxs1322519.csv"), encoding: .utf8)
        let iso = ISO8601DateFormatter()
        var out: [(time: Int64, row: TraceFixtures.Row)] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 4, let date = iso.date(from: f[0]), let eth = Decimal(string: f[3]) else { continue }
            var wei = eth * Decimal(sign: .plus, exponent: 18, significand: 1), rounded = Decimal()
            NSDecimalRound(&rounded, &wei, 0, .plain)
            let t = Int64(date.timeIntervalSince1970)
            out.append((t, TraceFixtures.Row(from: "0x" + f[1].dropFirst(2), to: "0x" + f[2].dropFirst(2), amount: "\(rounded)", block: 0, time: t)))
        }
        out.sort { $0.time < $1.time }
        return out.enumerated().map { i, x in var r = x.row; r.block = UInt64(i + 1); return r }
    }

    func labels() throws -> [AddressLabel] {
        let dir = Self.raw.path
        return try ["ofac-sanctioned-addresses/sanctioned_addresses_ETH.txt", "graphsense-tagpacks/packs/ronin_bridge.yaml",
                    "graphsense-tagpacks/packs/lazarus.yaml", "graphsense-tagpacks/packs/ofac.yaml"].flatMap {
            try LabelFileReader.read(path: dir + "/" + $0).map { l in var l = l; if l.chain == "ethereum" { l.chain = "eth" }; return l }
        }
    }

    func testTracingTheExploiterCountsEverythingItSentAndFollowsItsWallets() throws {
        let rows = try Self.rows()
        let sent = rows.filter { $0.from == Self.exploiter }.reduce(Amount.zero) { $0 + Amount($1.amount)! }
        XCTAssertGreaterThan(sent, Amount("182000000000000000000000")!)
        let dir = try newTemporaryDirectory("fundtrace-trace")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TraceFixtures.store(rows, labels: try labels(), in: dir)
        var p = TraceParameters()
        p.policy = .fifo
        let spec = SourceSpec(rules: [.init(kind: .wholeBalance, chain: "eth", id: Self.exploiter)])
        let result = try Investigation(store: store, labels: try LabelBook(store: store), parameters: p).run(sources: spec)

        // The stolen total is what the exploiter sent, not the 8,566 ETH the export shows it receiving.
        let eth = try XCTUnwrap(result.totals.first { $0.asset == "ETH" })
        XCTAssertEqual(Amount(eth.created), sent)
        XCTAssertTrue(eth.reconciled)
        let account = try XCTUnwrap(result.sourceAccounts?.first { $0.address == Self.exploiter })
        XCTAssertEqual(account.role, "perpetrator")
        XCTAssertEqual(Amount(account.attributed), sent)
        XCTAssertEqual(account.unattributed, "0")

        // The exploiter's own wallets are on the OFAC list too: they are followed, so the trace goes past the first hop.
        let followed = result.nodes.filter { $0.role == .followed }
        XCTAssertFalse(followed.isEmpty)
        XCTAssertTrue(result.flows.contains { ($0.hop ?? 0) >= 2 }, "taint moves on from the exploiter's first-hop wallets")
        XCTAssertFalse(result.endpoints.contains { $0.reason == .service && $0.category == "sanctioned" },
                       "no wallet of the actor traced ends the trace as a sanctioned endpoint")
        // The exploiter shows its most specific label first, with every label kept.
        let source = try XCTUnwrap(result.nodes.first { $0.address == Self.exploiter })
        XCTAssertEqual(source.category, .perpetrator)
    }

    func testAVictimSourceSaysWhatItCouldNotAttribute() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TraceFixtures.store(try Self.rows(), in: dir)
        let spec = SourceSpec(rules: [.init(kind: .address, chain: "eth", id: Self.exploiter)])
        var p = TraceParameters()
        p.policy = .fifo
        let result = try Investigation(store: store, labels: try LabelBook(store: store), parameters: p).run(sources: spec)
        let account = try XCTUnwrap(result.sourceAccounts?.first { $0.address == Self.exploiter })
        XCTAssertEqual(account.role, "address")
        XCTAssertNotEqual(account.unknownPriorBalance, "0")
        XCTAssertEqual(Amount(account.attributed)! + Amount(account.unattributed)!, Amount(account.sent)!)
        XCTAssertTrue(result.warnings?.first?.contains("entered as clean") == true)
    }
}
