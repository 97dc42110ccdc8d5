import Foundation
import XCTest
@testable import FundTraceRender
import FundTraceTestSupport

/// What `fundtrace render` writes, run as a user runs it (the built executable): the shipped case's diagram is the
/// same bytes every time in every format, and its PDF is one landscape A3 page.
final class DiagramOutputTests: XCTestCase {
    static let dataset = SharedData.inRepository("Datasets/coinstats-2024")

    func run(_ arguments: [String]) throws -> Int32 { try BuiltExecutable.run("fundtrace", arguments).status }

    func testTheSameTraceGivesTheSameBytesInEveryFormat() throws {
        let dir = try newTemporaryDirectory("fundtrace-diagram")
        XCTAssertEqual(try run(["demo", "--out", dir.path, "--dataset", Self.dataset.path]), 0)
        let trace = dir.appendingPathComponent("trace/trace.json").path
        let prices = Self.dataset.appendingPathComponent("prices.csv").path
        for format in ["svg", "png", "pdf"] {
            var outputs: [Data] = []
            for i in 0..<2 {
                let out = dir.appendingPathComponent("d\(i).\(format)").path
                XCTAssertEqual(try run(["render", trace, "-o", out, "--prices", prices]), 0)
                outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            }
            XCTAssertGreaterThan(outputs[0].count, 1000, format)
            XCTAssertEqual(Set(outputs).count, 1, "\(format): \(outputs.map(\.count))")
        }
        // One page, A3 landscape: at most 1191 × 842 pt, filling the height or the width.
        let pdf = String(decoding: try Data(contentsOf: dir.appendingPathComponent("d0.pdf")), as: UTF8.self)
        XCTAssertTrue(pdf.contains("/Count 1\n") || pdf.contains("/Count 1 "), "one page")
        let box = try XCTUnwrap(pdf.range(of: #"/MediaBox \[ 0 0 (\d+) (\d+) \]"#, options: .regularExpression).map { String(pdf[$0]) })
        let numbers = box.split(separator: " ").compactMap { Int($0) }.suffix(2)
        let (w, h) = (numbers.first!, numbers.last!)
        XCTAssertTrue(w <= 1191 && h <= 842 && (w >= 1100 || h >= 800) && w > h, box)
        XCTAssertTrue(pdf.contains("/CreationDate (D:2024"), "dated by the trace's last transfer, not the clock")
        // Legible in print: the overview the PDF draws fits A3 (15.74 × 10.89 in inside the margins) at 0.58 or more of
        // its natural size, so its 10 pt text prints at about 6 pt; the detailed drawing would print at 0.34.
        let natural = dir.appendingPathComponent("overview.svg").path
        XCTAssertEqual(try run(["render", trace, "-o", natural, "--paper", "none", "--layout", "overview"]), 0)
        let head = String(decoding: try Data(contentsOf: URL(fileURLWithPath: natural)).prefix(2000), as: UTF8.self)
        let size = try XCTUnwrap(head.range(of: #"<svg width="(\d+)pt" height="(\d+)pt""#, options: .regularExpression).map { String(head[$0]) })
        let points = size.split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) }
        let scale = min(15.74 * 72 / points[0], 10.89 * 72 / points[1])
        XCTAssertGreaterThanOrEqual(scale, 0.58, "\(size): A3 prints it at \(scale)")
        let overview = String(decoding: try Data(contentsOf: URL(fileURLWithPath: natural)), as: UTF8.self)
        // The SVG shows every deposit address the freeze list names, in its exchange's table, with dollar values.
        let svg = String(decoding: try Data(contentsOf: dir.appendingPathComponent("d0.svg")), as: UTF8.self)
        let freeze = try String(contentsOf: dir.appendingPathComponent("report/freeze-list.csv"), encoding: .utf8)
        let deposits = freeze.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }
        XCTAssertFalse(deposits.isEmpty)
        for d in deposits {
            XCTAssertTrue(svg.contains(String(d)), "deposit \(d) is drawn (full address in its link or tooltip)")
            XCTAssertTrue(overview.contains(String(d)), "deposit \(d) is in the overview too")
        }
        XCTAssertTrue(svg.contains("≈ $"), "USD beside amounts")
    }
}
