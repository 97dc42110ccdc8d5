import FundTraceIngest
import FundTraceModel
import XCTest
@testable import FundTraceTaint
import FundTraceCSV
@testable import FundTraceTaintAdapters

final class LedgerKeyReportTests: XCTestCase {
    /// Rows are formatted in chunks on several threads: however the keys are
    /// cut, the report is the same bytes in key order, filtered alike.
    func testTheReportDoesNotDependOnHowKeysAreChunked() throws {
        let scenario = Scenario.random(seed: 5, count: 3000)
        let (engine, keys, _) = AccountConformance.sweep(FIFOPolicy.self, scenario.file, scenario.sources)
        XCTAssertGreaterThan(keys.count, 20, "several windows of small chunks")
        func report(chunk: Int, include: ((LedgerKey) -> Bool)?) throws -> String {
            let w = CSVWriter()
            let names = LedgerKeyReport.KeyTexts(key: { keys[$0] }, include: include ?? { _ in true })
            try LedgerKeyReport.write(engine: engine, keyCount: keys.count, names: names, policy: .fifo, to: w, hops: true, chunk: chunk)
            return w.text
        }
        let whole = try report(chunk: 1 << 20, include: nil)
        XCTAssertEqual(whole.split(separator: "\n").count, keys.count + 1)
        // Rows appear in key order.
        let addresses = whole.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }
        XCTAssertEqual(addresses.map(String.init), keys.keys.map(\.address))
        for chunk in [1, 3, 7] {
            XCTAssertEqual(try report(chunk: chunk, include: nil), whole, "chunk \(chunk)")
        }
        let odd: (LedgerKey) -> Bool = { $0.address.utf8.last.map { $0 % 2 == 1 } ?? false }
        let filtered = try report(chunk: 5, include: odd)
        XCTAssertEqual(filtered, try report(chunk: 1 << 20, include: odd))
        XCTAssertLessThan(filtered.count, whole.count)
    }
}
