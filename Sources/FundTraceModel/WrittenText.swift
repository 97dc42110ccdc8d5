extension Array where Element == UInt8 {
    /// Appends the text `write` puts at the pointer it is given (at most `maxCount` bytes, at most a kilobyte: the
    /// scratch is on the stack), `write` returning how many bytes it wrote. The array form of the pointer writers
    /// reports use (``Amount/writeDecimal(into:)``, ``Swift/Double/writeFixedText(fractionDigits:into:)``): one
    /// append, no `String` in between.
    @inline(__always)
    public mutating func append(upTo maxCount: Int, writing write: (UnsafeMutablePointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxCount) { buffer in
            let n = write(buffer.baseAddress!)
            precondition(n >= 0 && n <= maxCount, "a writer wrote past the room it was given")
            append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: n))
        }
    }
}
