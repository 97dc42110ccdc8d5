import Foundation
import XCTest
import FundTraceModel
import BigInt
import FundTraceTestSupport
@testable import FundTraceTaint
@testable import FundTraceTaintAdapters

/// The partitioning a distributed scorer relies on (docs/PARTITIONING.md): under the account model each
/// (chain, asset) ledger is independent, so running the conformance command on each ledger's rows, in their
/// file order, and taking the union of the outputs gives the one-machine outputs row for row.
final class LedgerPartitionTests: XCTestCase {
    static let header = "chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee"

    static func csv(_ rows: [AccountTransferFile.Row]) -> String {
        ([Self.header] + rows.map { r in
            "\(r.chain),\(r.txHash),\(r.block),\(r.txIndex),\(r.logIndex),,\(r.from),\(r.to),\(r.asset),\(r.amount.description),\(r.fee.isZero ? "" : r.fee.description)"
        }).joined(separator: "\n") + "\n"
    }

    static func sourcesCSV(_ s: SourceSpec) -> String {
        (["type,chain,id,asset,start_block"] + s.rules.map { r in
            "\(r.kind.rawValue),\(r.chain),\(r.id),\(r.asset ?? ""),\(r.startBlock.map(String.init) ?? "")"
        }).joined(separator: "\n") + "\n"
    }

    /// Runs the conformance command on `text`; returns (transfers output lines, addresses output lines, summary).
    func run(_ text: String, sources: String, policy: TaintPolicy, in dir: URL, name: String) throws -> ([String], [String], [String: String]) {
        let t = dir.appendingPathComponent("\(name).csv").path, s = dir.appendingPathComponent("sources.csv").path
        try text.write(toFile: t, atomically: true, encoding: .utf8)
        try sources.write(toFile: s, atomically: true, encoding: .utf8)
        let out = AccountConformance.Outputs(transfers: dir.appendingPathComponent("\(name)-t.csv").path, addresses: dir.appendingPathComponent("\(name)-a.csv").path,
                                             summary: dir.appendingPathComponent("\(name)-s.json").path)
        _ = try AccountConformance.run(transfersPath: t, sourcesPath: s, policy: policy, outputs: out)
        func lines(_ p: String) throws -> [String] { Array(try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)) }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.summary))) as? [String: Any] ?? [:]
        return (try lines(out.transfers!), try lines(out.addresses), summary.compactMapValues { $0 as? String })
    }

    /// Exact sum of decimal texts (haircut's totals carry nine fractional digits), as a canonical text.
    static func sum(_ texts: [String]) -> String {
        let scale = texts.map { $0.split(separator: ".").dropFirst().first?.count ?? 0 }.max() ?? 0
        var total = BigUInt(0)
        for t in texts {
            let parts = t.split(separator: ".", omittingEmptySubsequences: false)
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            total += BigUInt(String(parts[0]) + fraction + String(repeating: "0", count: scale - fraction.count))!
        }
        var digits = String(total)
        guard scale > 0 else { return digits }
        // Trailing fractional zeros dropped, so that 1.50 and 1.5 compare equal.
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var fraction = String(digits.suffix(scale)); while fraction.hasSuffix("0") { fraction.removeLast() }
        return String(digits.dropLast(scale)) + (fraction.isEmpty ? "" : "." + fraction)
    }

    func testTheUnionOfPerLedgerRunsIsTheWholeRunRowForRow() throws {
        for seed: UInt64 in [7, 19, 2026] {
            let scenario = Scenario.random(seed: seed, count: 600)
            let rows = Array(scenario.file.rows)
            let sources = Self.sourcesCSV(scenario.sources)
            for policy in TaintPolicy.allCases {
                let dir = try newTemporaryDirectory("fundtrace-partition")
                let whole = try run(Self.csv(rows), sources: sources, policy: policy, in: dir, name: "whole")
                var transfers = [String](repeating: "", count: rows.count)
                var addresses: [String] = []
                var summary: [String: [String]] = [:]
                let ledgers = Dictionary(grouping: rows.indices) { "\(rows[$0].chain)|\(rows[$0].asset)" }
                XCTAssertGreaterThan(ledgers.count, 2)
                for (name, indices) in ledgers.sorted(by: { $0.key < $1.key }) {
                    let part = try run(Self.csv(indices.map { rows[$0] }), sources: sources, policy: policy, in: dir, name: "part-" + name.replacingOccurrences(of: "|", with: "-"))
                    // The per-transfer output's first column is the row in the file run: map it back to the whole file's row.
                    for line in part.0 {
                        let comma = line.firstIndex(of: ",")!
                        let global = indices[Int(line[..<comma])! - 1]
                        transfers[global] = String(global + 1) + line[comma...]
                    }
                    addresses += part.1
                    for (k, v) in part.2 { summary[k, default: []].append(v) }
                }
                XCTAssertEqual(transfers, whole.0, "per-transfer rows, seed \(seed) \(policy)")
                XCTAssertEqual(addresses.sorted(), whole.1.sorted(), "per-key rows, seed \(seed) \(policy)")
                let summed = summary.mapValues(Self.sum)
                if policy == .haircut {
                    // Haircut is computed in floating point: totals summed per ledger and then across agree with the
                    // whole run within the contract's tolerance (§5), 1e-9·max(1, created); every row above is exact.
                    let created = max(1, Double(whole.2["created"] ?? "0") ?? 0)
                    for (k, v) in whole.2 {
                        XCTAssertEqual(Double(summed[k] ?? "") ?? -1, Double(v) ?? -2, accuracy: 1e-9 * created, "summary \(k), seed \(seed) haircut")
                    }
                } else {
                    XCTAssertEqual(summed, whole.2.mapValues { Self.sum([$0]) }, "summary totals, seed \(seed) \(policy)")
                }
            }
        }
    }
}
