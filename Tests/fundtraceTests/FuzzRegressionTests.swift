import Foundation
import XCTest
import FundTraceTestSupport

/// Inputs that crashed FundTrace or exhausted memory before issue 29 (a YAML alias bomb, a non-scalar YAML key, a
/// 5,000-byte "address", JSON nested past the limit, an out-of-range timestamp under every CSV parser), replayed
/// through the fuzz target's entry points. New findings of scripts/fuzz-parsers.sh are kept beside them.
final class FuzzRegressionTests: XCTestCase {
    static let folder = SharedData.inRepository("Tests/FuzzRegressions")

    func testKeptInputsNoLongerCrash() throws {
        let inputs = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { !$0.hasPrefix(".") && $0 != "README.md" }
        XCTAssertGreaterThanOrEqual(inputs.count, 27)
        let (status, output) = try BuiltExecutable.run("FundTraceFuzz", ["replay", Self.folder.path])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("replayed \(inputs.count) inputs, none crashed"), output)
    }
}
