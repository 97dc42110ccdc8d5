import Foundation
import FundTraceCSV

extension IngestError {
    /// The error for a JSON document (a `trace.json`, say) that `Codable`
    /// could not decode, said the way every other input error is.
    ///
    /// Foundation's `DecodingError` names neither the file nor, on Linux, the
    /// place where the JSON breaks ("The given data was not valid JSON."). So
    /// a syntax error is located again with ``JSONParser`` (line and column),
    /// and a document of the wrong shape names the key path and what it
    /// expected there. `what` says what the file should have been, for the
    /// user who passed the wrong one.
    public static func decoding(_ error: DecodingError, file: String, data: Data, what: String) -> IngestError {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.reduce("") { p, k in k.intValue.map { "\(p)[\($0)]" } ?? (p.isEmpty ? k.stringValue : "\(p).\(k.stringValue)") }
        }
        func at(_ c: DecodingError.Context) -> String { c.codingPath.isEmpty ? "" : " at '\(path(c))'" }
        switch error {
        case .dataCorrupted(let c) where c.codingPath.isEmpty:
            do {
                _ = try JSONParser.parse(data)
            } catch let f as JSONParser.Failure {
                let (line, column) = position(of: f.offset, in: data)
                return IngestError(file: file, line: line, column: column, .syntax("invalid JSON: \(f.reason)"))
            } catch {}
            return IngestError(file: file, line: 0, .format("not \(what): \(c.debugDescription)"))
        case .dataCorrupted(let c):
            return IngestError(file: file, line: 0, .format("not \(what): \(c.debugDescription)\(at(c))"))
        case .keyNotFound(let key, let c):
            return IngestError(file: file, line: 0, .format("not \(what): no '\(key.stringValue)'\(at(c))"))
        case .typeMismatch(let type, let c):
            return IngestError(file: file, line: 0, .format("not \(what): \(type) expected\(at(c))"))
        case .valueNotFound(let type, let c):
            return IngestError(file: file, line: 0, .format("not \(what): \(type) expected, found null\(at(c))"))
        @unknown default:
            return IngestError(file: file, line: 0, .format("not \(what): \(error)"))
        }
    }

    /// The 1-based line and column (in bytes) of byte `offset`.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for (i, byte) in data.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1; lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }
}
