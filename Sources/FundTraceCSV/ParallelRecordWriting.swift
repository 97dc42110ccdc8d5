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
        while start < count {
            let end = Swift.min(count, start + window)
            let parts = (end - start + chunk - 1) / chunk
            var chunks = [[UInt8]](repeating: [], count: parts)
            let base = start
            chunks.withUnsafeMutableBufferPointer { chunks in
                // Each iteration writes its own slot only; concurrentPerform returns when all have.
                nonisolated(unsafe) let slots = chunks
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    let first = base + p * chunk
                    format(first..<Swift.min(end, first + chunk), &slots[p])
                }
            }
            for (p, bytes) in chunks.enumerated() {
                try write(records: bytes)
                progress?(Swift.min(end, start + (p + 1) * chunk))
            }
            start = end
        }
    }
}
