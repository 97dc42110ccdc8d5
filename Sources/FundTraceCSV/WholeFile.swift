import Foundation

/// Files FundTrace reads whole (label lists, label JSON, trace.json): their size is checked first, so that a
/// hostile or mistaken file is refused with its size instead of exhausting memory.
public enum WholeFile {
    /// The bytes of `path`, or an ``IngestError`` when it is larger than `limit` bytes.
    public static func read(_ path: String, limit: Int, kind: String) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw IngestError(file: path, line: 1, .tooLarge(what: "\(kind) of \(size >> 20) MiB", limit: limit))
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
