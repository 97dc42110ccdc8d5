import Foundation
import FundTraceIngest
import FundTraceTrace
import FundTraceCSV

/// Writes a case report into a directory: `report.html` (self-contained,
/// diagram embedded), `report.md`, `report.json`, `report-endpoints.csv` and
/// `report-flows.csv`.
public enum ReportFiles {
    public static func write(_ r: CaseReport, svg: String?, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ n: String) -> String { (directory as NSString).appendingPathComponent(n) }
        var inline = svg
        if let s = svg, let start = s.range(of: "<svg") { inline = String(s[start.lowerBound...]) }  // drop the XML prolog and DOCTYPE
        try HTMLReport.render(r, svg: inline).write(toFile: path("report.html"), atomically: true, encoding: .utf8)
        try MarkdownReport.render(r).write(toFile: path("report.md"), atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(r).write(to: URL(fileURLWithPath: path("report.json")))
        let e = try CSVWriter(path: path("report-endpoints.csv"))
        try e.write(TraceEndpoint.csvHeader + ["amount_display", "evidence"])
        for x in r.endpoints {
            let p = x.endpoint
            try e.write([p.chain, p.address, p.category, p.label, p.asset, p.taintedAmount, p.firstTx, p.lastTx,
                         p.firstTime.map(TraceTime.iso8601) ?? "", p.lastTime.map(TraceTime.iso8601) ?? "", p.reason.rawValue, x.display, p.evidence])
        }
        try e.close()
        let f = try CSVWriter(path: path("report-flows.csv"))
        try f.write(TraceWriter.flowsHeader + ["tainted_display"])
        for x in r.flows {
            try f.write([x.chain, x.txHash, String(x.block), x.time.map(TraceTime.iso8601) ?? "", String(x.logIndex), x.kind, x.from, x.to,
                         x.asset, x.amount, x.tainted, x.hop.map(String.init) ?? "", r.display(x.tainted, chain: x.chain, asset: x.asset)])
        }
        try f.close()
        let freeze = try writeFreezeRequests(r.freezeList, path: path)
        return (["report.html", "report.md", "report.json", "report-endpoints.csv", "report-flows.csv"] + freeze).map(path)
    }

    /// `freeze-list.csv` (every exchange) and one `freeze-<exchange>.csv` per exchange: what a freeze request attaches.
    static func writeFreezeRequests(_ list: FreezeList, path: (String) -> String) throws -> [String] {
        func write(_ name: String, _ entries: [FreezeList.Entry]) throws {
            let w = try CSVWriter(path: path(name))
            try w.write(FreezeList.csvHeader)
            for e in entries {
                try w.write([e.exchange, e.chain, e.address, e.asset, e.symbol, e.decimals.map(String.init) ?? "", e.amount ?? "", e.amountBaseUnits,
                             e.usd.map { String(format: "%.2f", $0) } ?? "",
                             e.firstTx, e.firstTime.map(TraceTime.iso8601) ?? "", e.lastTx, e.lastTime.map(TraceTime.iso8601) ?? "", e.rule, e.evidence])
            }
            try w.close()
        }
        var names = ["freeze-list.csv"]
        try write(names[0], list.entries)
        for (exchange, entries) in list.byExchange {
            let name = "freeze-" + slug(exchange) + ".csv"
            names.append(name)
            try write(name, entries)
        }
        return names
    }

    /// A file-name part from an exchange's name (untrusted text): lower-case letters and digits, dashes between.
    static func slug(_ s: String) -> String {
        var out = "", dash = false
        for c in s.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") { out.unicodeScalars.append(c); dash = false }
            else if !dash && !out.isEmpty { out.append("-"); dash = true }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "unnamed" : String(out.prefix(60))
    }
}
