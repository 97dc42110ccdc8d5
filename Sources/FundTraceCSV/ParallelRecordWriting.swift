import Foundation

extension CSVWriter {
    /// Writes records `0..<count` in order, formatted `chunk` at a time on
    /// every core: for reports of millions of rows, where formatting (exact
    /// decimals, escaping) costs more than the work that produced them.
    ///
    /// `format` appends the records of a range to a buffer (see
    /// ``appendRecord(to:_:)``) and is called from several threads at once,
    /// so it may only read shared state. Memory stays bounded: a few chunks
    /// per core are formatted, then written, before the next. `progress`
    /// gets the number of records written after each chunk.
    public func writeRecords(count: Int, chunk: Int = 8192, progress: ((Int) -> Void)? = nil,
                             format: @Sendable (Range<Int>, inout [UInt8]) -> Void) throws {
        precondition(chunk > 0)
        let window = chunk * 4 * Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        var start = 0
        // Kept from one window to the next, emptied but not freed: a chunk of a large report is megabytes, and fresh
        // memory for each is a page fault every 4 KiB.
        var kept = [[UInt8]](repeating: [], count: (Swift.min(count, window) + chunk - 1) / chunk)
        while start < count {
            let end = Swift.min(count, start + window)
            let parts = (end - start + chunk - 1) / chunk
            var chunks = kept
            kept = []
            for p in chunks.indices { chunks[p].removeAll(keepingCapacity: true) }
            let base = start
            chunks.withUnsafeMutableBufferPointer { chunks in
                // Each iteration writes its own slot only; concurrentPerform returns when all have.
                nonisolated(unsafe) let slots = chunks
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    let first = base + p * chunk
                    format(first..<Swift.min(end, first + chunk), &slots[p])
                }
            }
            for (p, bytes) in chunks.prefix(parts).enumerated() {
                try write(records: bytes)
                progress?(Swift.min(end, start + (p + 1) * chunk))
            }
            kept = chunks
            start = end
        }
    }
}
