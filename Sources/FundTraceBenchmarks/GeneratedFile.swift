import Foundation

/// A generated input file, written in chunks of about 1 MB so that
/// generating millions of rows holds no more than that.
struct GeneratedFile {
    private let handle: FileHandle
    private var buffer: String

    /// Creates (or truncates) `path` and starts it with `header`.
    init(path: String, header: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer = header
    }

    mutating func append(_ text: String) throws {
        buffer += text
        if buffer.utf8.count > 1 << 20 { try handle.write(contentsOf: Data(buffer.utf8)); buffer = "" }
    }

    func close() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        try handle.close()
    }
}
