import Foundation
import FundTraceIngest
import FundTraceCSV

/// Writes a trace result into its directory: `trace.json` (everything),
/// `flows.csv` (one row per transfer that carried taint) and `endpoints.csv`
/// (where the value ended, with the attribution rule).
public enum TraceWriter {
    public static let flowsHeader = ["chain", "tx_hash", "block", "time", "log_index", "kind", "from", "to", "asset", "amount",
                                     "tainted_amount", "hop"]

    public static func write(_ result: TraceResult, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try encoded(result).write(to: URL(fileURLWithPath: path("trace.json")))

        let flows = try CSVWriter(path: path("flows.csv"))
        try flows.write(flowsHeader)
        for f in result.flows {
            try flows.write([f.chain, f.txHash, String(f.block), f.time.map(TraceTime.iso8601) ?? "", String(f.logIndex), f.kind,
                             f.from, f.to, f.asset, f.amount, f.tainted, f.hop.map(String.init) ?? ""])
        }
        try flows.close()
        let endpoints = try CSVWriter(path: path("endpoints.csv"))
        try endpoints.write(TraceEndpoint.csvHeader)
        for e in result.endpoints { try endpoints.write(e.csvRow) }
        try endpoints.close()
    }

    /// The bytes of `trace.json`: what ``write(_:to:)`` writes and ``read(_:)`` reads.
    public static func encoded(_ result: TraceResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(result)
    }

    /// Reads a `trace.json` written by ``write(_:to:)``, or, given the
    /// directory ``write(_:to:)`` wrote, the `trace.json` in it. A file that
    /// is not one fails with an ``IngestError`` saying where and why.
    /// The largest trace.json read (512 MiB, about 2.3 GB to decode).
    public static let maxBytes = 512 << 20

    public static func read(_ path: String) throws -> TraceResult {
        var isDirectory: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? (path as NSString).appendingPathComponent("trace.json") : path
        // Decoding takes about 4.5 times the file's size (a 100 MB trace.json peaks at 440 MB).
        let data = try WholeFile.read(file, limit: maxBytes, kind: "a trace.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let result: TraceResult
        do {
            result = try decoder.decode(TraceResult.self, from: data)
        } catch let e as DecodingError {
            throw IngestError.decoding(e, file: file, data: data, what: "a trace.json written by `fundtrace trace`")
        }
        if let problem = result.firstOutOfRange() {
            throw IngestError(file: file, line: 0, .value("key \(problem): not a value `fundtrace trace` writes; the file was edited or damaged"))
        }
        return result
    }
}
