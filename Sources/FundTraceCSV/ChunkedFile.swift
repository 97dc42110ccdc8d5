import Foundation

/// Sequential reads of a file through a fixed buffer, so memory stays at the
/// buffer size however large the file is.
package final class ChunkedFile {
    package let path: String
    package let size: Int64
    private let fd: Int32
    package let buffer: UnsafeMutablePointer<UInt8>
    package let capacity: Int
    package var start = 0
    package var end = 0
    package private(set) var eof = false
    /// Bytes handed out so far (for progress).
    package var consumed: Int64 = 0

    package init(path: String, capacity: Int = 1 << 20) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IngestError(file: path, line: 0, .unreadable("cannot open: \(String(cString: strerror(errno)))")) }
        var st = stat()
        fstat(fd, &st)
        size = Int64(st.st_size)
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        close(fd)
    }

    /// Moves the unread bytes to the front of the buffer and reads more behind them, so that a line cut by the
    /// buffer's end can be seen whole; false when the buffer is full already or the file has no more.
    package func compact() throws -> Bool {
        if eof || (start == 0 && end == capacity) { return false }
        let kept = end - start
        if kept > 0 && start > 0 { (buffer).update(from: buffer + start, count: kept) }
        start = 0; end = kept
        let n = read(fd, buffer + end, capacity - end)
        if n < 0 { throw IngestError(file: path, line: 0, .unreadable("read failed: \(String(cString: strerror(errno)))")) }
        if n == 0 { eof = true; return false }
        end += n
        return true
    }

    /// Refills the buffer when it is exhausted; false at end of file.
    @inline(__always)
    package func ensure() throws -> Bool {
        if start < end { return true }
        if eof { return false }
        let n = read(fd, buffer, capacity)
        if n < 0 { throw IngestError(file: path, line: 0, .unreadable("read failed: \(String(cString: strerror(errno)))")) }
        if n == 0 { eof = true; return false }
        start = 0; end = n
        return true
    }
}
