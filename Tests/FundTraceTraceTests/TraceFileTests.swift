import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceTaint
import XCTest
@testable import FundTraceTrace
import FundTraceCSV
import FundTraceTaintAdapters

/// A trace.json a person edited or a disk damaged: render and report read it, so a value no trace holds is an
/// error naming its key, never a crash (the fuzzer's `decimals` of 2^63 − 1 stopped render with signal 4).
final class TraceFileTests: XCTestCase {
    func testValuesNoTraceHoldsAreRefusedByKey() throws {
        let dir = try newTemporaryDirectory("fundtrace-trace")
        let t0: Int64 = 1_719_079_200
        let store = try TraceFixtures.store([TraceFixtures.Row(from: "V", to: "T", amount: "5", block: 1, time: t0),
                                            TraceFixtures.Row(from: "T", to: "U", amount: "4", block: 2, time: t0 + 60)], in: dir)
        let r = try Investigation(store: store, labels: try LabelBook(store: store), parameters: TraceParameters())
            .run(sources: SourceSpec(rules: [.init(kind: .address, chain: "eth", id: "T")]))
        let out = dir.appendingPathComponent("t").path
        try TraceWriter.write(r, to: out)
        XCTAssertNoThrow(try TraceWriter.read(out))
        let file = out + "/trace.json"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        for (edit, key) in [("\"decimals\" : 18", "totals[0].decimals"), ("\"first_time\" : \(t0 + 60)", "endpoints[0].first_time")] {
            let bad = edit.hasPrefix("\"decimals\"") ? "\"decimals\" : 9223372036854775807" : "\"first_time\" : -9223372036854775808"
            XCTAssertTrue(original.contains(edit), edit)
            try original.replacingOccurrences(of: edit, with: bad).write(toFile: file, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try TraceWriter.read(out)) { e in
                XCTAssertTrue("\(e)".contains("key \(key)"), "\(e)")
                XCTAssertEqual((e as? IngestError)?.cause.kind, .value, "\(e)")
            }
        }
    }
}
