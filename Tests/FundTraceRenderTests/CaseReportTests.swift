import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint
@testable import FundTraceTrace
import XCTest
@testable import FundTraceRender
import FundTraceTaintAdapters
import FundTraceTestSupport

/// The report on a real trace of a store with hostile labels and token names.
final class CaseReportTests: XCTestCase {
    let hostile = "Evil\u{202E} | <script>alert('x')</script> [click](javascript:alert(1)) *bold*\nline"

    func makeStore() throws -> (TransferStore, URL) {
        let dir = try newTemporaryDirectory("report")
        let csv = """
            chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee
            ethereum,0x\(String(repeating: "1", count: 64)),1,0,0,1719079200,0x\(String(repeating: "a", count: 40)),0x\(String(repeating: "b", count: 40)),ETH,5000000000000000000,
            ethereum,0x\(String(repeating: "2", count: 64)),2,0,0,1719079260,0x\(String(repeating: "c", count: 40)),0x\(String(repeating: "d", count: 40)),ETH,3000000000000000000,
            ethereum,0x\(String(repeating: "3", count: 64)),3,0,0,1719079320,0x\(String(repeating: "b", count: 40)),0x\(String(repeating: "d", count: 40)),ETH,4000000000000000000,21000
            ethereum,0x\(String(repeating: "4", count: 64)),4,0,0,1719079380,0x\(String(repeating: "d", count: 40)),0x\(String(repeating: "e", count: 40)),ETH,3500000000000000000,

            """
        let path = dir.appendingPathComponent("t.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let store = try TransferStore(path: dir.appendingPathComponent("s.sqlite").path)
        _ = try Loader(store: store).load(path: path)
        try store.insertLabels([AddressLabel(chain: "ethereum", address: "0x" + String(repeating: "e", count: 40), label: hostile, category: .exchange, source: "test <b>")])
        return (store, dir)
    }

    func testReportSectionsEscapingAndPolicyComparison() throws {
        let (store, dir) = try makeStore()
        let spec = SourceSpec(rules: [.init(kind: .address, chain: "ethereum", id: "0x" + String(repeating: "b", count: 40))])
        var p = TraceParameters()
        p.policy = .fifo
        var r = try Investigation(store: store, labels: try LabelBook(store: store), parameters: p).run(sources: spec)
        r.store = store.path
        r.command = ["fundtrace", "trace", "--from", "x; rm -rf /"]
        var comparisons: [TaintPolicy: TraceResult] = [:]
        for policy in [TaintPolicy.poison, .haircut] {
            var q = p
            q.policy = policy
            comparisons[policy] = try Investigation(store: store, labels: try LabelBook(store: store), parameters: q).run(sources: spec)
        }
        let explorer = try ExplorerLinks()
        let report = CaseReport.make(trace: r, comparisons: comparisons, loads: try store.loads(), storeBytes: 1, storeFingerprint: "f",
                                     reportCommand: ["fundtrace", "report"], explorer: explorer)
        XCTAssertEqual(report.stolen.first?.display, "5 ETH")
        // D forwards to the (hostile-labelled) exchange within a minute: it is the deposit endpoint, holding all 4 tainted ETH B sent.
        let ex = try XCTUnwrap(report.endpoints.first { $0.endpoint.address.hasPrefix("0xddd") })
        XCTAssertEqual(ex.endpoint.reason, .exchangeDeposit)
        XCTAssertEqual(ex.display, "4 ETH")
        XCTAssertTrue(ex.endpoint.label.hasSuffix(" deposit"))
        XCTAssertEqual(report.endpoints.first { $0.endpoint.reason == .held }?.endpoint.taintedAmount, "999999999999979000", "B keeps 5 − 4 − fee")
        XCTAssertEqual(report.comparisonPolicies, ["fifo", "haircut", "poison"])
        let row = try XCTUnwrap(report.comparison.first { $0.address.hasPrefix("0xddd") })
        XCTAssertEqual(row.amounts["poison"], "4000000000000000000")
        XCTAssertNotNil(row.amounts["haircut"])

        let svg = String(decoding: try GraphvizRenderer.render(dot: TraceDiagram.dot(for: r, options: .init(explorer: explorer)), format: .svg), as: UTF8.self)
        let files = try ReportFiles.write(report, svg: svg, to: dir.appendingPathComponent("out").path)
        XCTAssertEqual(files.count, 7, "the report files, freeze-list.csv and one freeze CSV for the one exchange")
        let html = try String(contentsOfFile: files[0], encoding: .utf8)
        // The answer first: the freeze list precedes everything else.
        let freeze = try XCTUnwrap(html.range(of: "Freeze list: deposit addresses per exchange"))
        XCTAssertLessThan(freeze.lowerBound, try XCTUnwrap(html.range(of: "Case summary")).lowerBound)
        XCTAssertEqual(report.freezeList.entries.map(\.address), [ex.endpoint.address])
        XCTAssertEqual(report.freezeList.entries.first?.amount, "4")
        XCTAssertEqual(report.freezeList.entries.first?.rule, "deposit detection")
        let perExchange = try XCTUnwrap(files.first { ($0 as NSString).lastPathComponent.hasPrefix("freeze-") && !$0.hasSuffix("freeze-list.csv") })
        XCTAssertTrue((perExchange as NSString).lastPathComponent.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." },
                      "an exchange's name from a label never reaches a file name raw: \(perExchange)")
        let freezeCSV = try String(contentsOfFile: perExchange, encoding: .utf8)
        XCTAssertTrue(freezeCSV.hasPrefix(FreezeList.csvHeader.joined(separator: ",") + "\n"))
        XCTAssertTrue(freezeCSV.contains(",\(ex.endpoint.address),ETH,ETH,18,4,4000000000000000000,"), freezeCSV)
        for section in ["Case summary", "Flow diagram", "Endpoints", "Crossings", "Hop by hop", "Policy comparison", "Provenance"] {
            XCTAssertTrue(html.contains(section), section)
        }
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 1, "no script from a label; only our own table sorter")
        XCTAssertFalse(html.contains("<script src"), "the sorter is inline")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertFalse(html.lowercased().contains("href=\"javascript"))
        XCTAssertTrue(html.contains("href=\"https://etherscan.io/tx/0x3333"), "transactions link to the explorer")
        XCTAssertTrue(html.contains("<svg"), "diagram embedded")
        XCTAssertFalse(html.contains("<!DOCTYPE svg"), "no nested doctype")
        XCTAssertFalse(html.contains("src=\"http"), "no external assets")
        XCTAssertTrue(html.contains("&#39;x; rm -rf /&#39;"), "the command is shell-quoted (and HTML-escaped)")
        XCTAssertTrue(html.contains(try store.loads()[0].sha256))
        let md = try String(contentsOfFile: files[1], encoding: .utf8)
        XCTAssertTrue(md.contains("Evil  \\| \\<script\\>"), "pipes and angle brackets escaped in Markdown")
        XCTAssertFalse(md.contains("\nline |"), "no raw newline in a table row")
        XCTAssertFalse(html.contains("\u{202E}") || md.contains("\u{202E}"), "no right-to-left override to reorder what a reader sees")
        XCTAssertTrue(html.contains("Evil  | &lt;script&gt;"), "the override is replaced, the text kept")
        let decoded = try JSONDecoder.snake.decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: files[2])))
        XCTAssertEqual(decoded.endpoints.count, report.endpoints.count)
        let csv = try String(contentsOfFile: files[3], encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix(TraceEndpoint.csvHeader.joined(separator: ",") + ",amount_display,evidence\n"))
        XCTAssertTrue(csv.contains(",Evil\u{202E} | <script>alert('x')</script> [click](javascript deposit,"), "the label as written (CSV needs no quotes for it)")
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + report.endpoints.count)
    }
}

extension JSONDecoder {
    static var snake: JSONDecoder { let d = JSONDecoder(); d.keyDecodingStrategy = .convertFromSnakeCase; return d }
}
