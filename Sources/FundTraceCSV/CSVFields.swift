/// The fields of a ``CSVReader``'s current record, as buffers into its storage (``CSVReader/withFields(_:)``).
public struct CSVFields {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let ends: UnsafeBufferPointer<Int>

    init(bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>) { self.bytes = bytes; self.ends = ends }

    /// Number of fields in the record.
    @inlinable public var count: Int { ends.count }

    /// Field `i`'s raw bytes; empty when the record ends before it.
    @inlinable @inline(__always)
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i < ends.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = i == 0 ? 0 : ends[i - 1] + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
    }

    /// Field `i` without surrounding spaces and tabs (the contract trims every field), as ``trimmedField(_:_:)``.
    @inlinable @inline(__always)
    public func trimmed(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let f = self[i]
        guard let base = f.baseAddress else { return f }
        var lo = 0, hi = f.count
        while lo < hi, base[lo] == 0x20 || base[lo] == 0x09 { lo += 1 }
        while hi > lo, base[hi - 1] == 0x20 || base[hi - 1] == 0x09 { hi -= 1 }
        return UnsafeBufferPointer(start: base + lo, count: hi - lo)
    }
}
