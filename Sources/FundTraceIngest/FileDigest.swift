import Crypto
import Foundation
import FundTraceCSV

/// SHA-256 of a file, streamed in bounded memory: the identity recorded for
/// every load, so a report can prove which bytes it was computed from.
public enum FileDigest {
    public static func sha256(path: String) throws -> String {
        let file = try ChunkedFile(path: path, capacity: 1 << 20)
        var hasher = SHA256()
        while try file.ensure() {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: file.buffer + file.start, count: file.end - file.start))
            file.start = file.end
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of bytes in memory, as hex.
    public static func sha256(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
