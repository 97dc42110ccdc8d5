import Foundation
import XCTest
import FundTraceTestSupport

/// The worked examples of `../shared/TAINT_SEMANTICS.md` §6, read from the
/// contract itself: its `<!-- input … -->` CSV blocks and `<!-- expect … -->`
/// tables are the test vectors.
struct ContractVectors {
    struct Table { var header: [String]; var rows: [[String]] }
    var inputs: [String: String] = [:]   // "EX1 transfers" → CSV text
    var expects: [String: Table] = [:]   // "EX1 held" → table


    static func load() throws -> ContractVectors {
        let text = try String(contentsOf: SharedData.sharedFile("TAINT_SEMANTICS.md"), encoding: .utf8)
        var v = ContractVectors()
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("<!-- input ") || line.hasPrefix("<!-- expect ") {
                let parts = line.replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "")
                    .split(separator: " ").map(String.init)
                let key = parts[2] + " " + parts[1]
                i += 1
                while i < lines.count && lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
                if parts[0] == "input" {
                    i += 1  // ```csv
                    var body: [String] = []
                    while i < lines.count && !lines[i].hasPrefix("```") { body.append(lines[i]); i += 1 }
                    v.inputs[key] = body.joined(separator: "\n") + "\n"
                } else {
                    var rows: [[String]] = []
                    while i < lines.count && lines[i].hasPrefix("|") {
                        let cells = lines[i].split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                            .map { $0.trimmingCharacters(in: .whitespaces) }
                        if !(cells.first?.hasPrefix("---") ?? false) { rows.append(cells) }
                        i += 1
                    }
                    v.expects[key] = Table(header: rows[0], rows: Array(rows.dropFirst()))
                }
            }
            i += 1
        }
        return v
    }

    /// The examples (EX1…) that have inputs of `kind` ("transfers" or "utxo").
    func examples(_ kind: String) -> [String] {
        inputs.keys.filter { $0.hasSuffix(" " + kind) }.map { String($0.split(separator: " ")[0]) }.sorted()
    }
}

/// Parses a contract value: an integer or a fraction `p/q`.
func rationalValue(_ s: String) -> Double {
    let p = s.split(separator: "/")
    if p.count == 2 { return Double(p[0])! / Double(p[1])! }
    return Double(s)!
}

/// Reads a CSV this project wrote (no quoted fields in these vectors) into dictionaries.
func readCSV(_ path: String) throws -> [[String: String]] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    return lines.dropFirst().map { l in
        Dictionary(uniqueKeysWithValues: zip(header, l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
    }
}

/// Asserts an engine value equals a contract value: exactly for integer
/// policies, within the contract's haircut tolerance `1e-9·max(1, amount)`.
func assertContractValue(_ actual: String?, _ expected: String, policy: String, scale: Double, _ message: String,
                         file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else { return XCTFail("missing value: \(message)", file: file, line: line) }
    if policy == "haircut" {
        let a = Double(actual) ?? .nan
        XCTAssertEqual(a, rationalValue(expected), accuracy: 1e-9 * max(1, scale), message, file: file, line: line)
    } else {
        XCTAssertEqual(actual, expected, message, file: file, line: line)
    }
}

extension XCTestCase {
    /// A fresh directory, removed when the test ends.
    func temporaryDirectory() -> URL {
        do { return try newTemporaryDirectory("fundtrace-taint") } catch { fatalError("cannot create a temporary directory: \(error)") }
    }
}
