/// Names (addresses, asset codes, chain names) escaped once for CSV and kept
/// by dense id in one flat buffer, so a writer of millions of records names
/// each by copying bytes.
///
/// Exists for `fundtrace score`'s report, which is formatted on several
/// threads: handing each row its names as `String`s retained every shared
/// asset code once per row, and threads retaining the same strings contended
/// for their reference counts (`swift_retain` was about a fifth of the
/// report's samples, perf). Immutable once built, and appending a name
/// touches no reference count, so threads share one freely.
public struct EscapedNames: @unchecked Sendable {
    /// Owns the buffers; never touched on the append path.
    private final class Storage {
        let bytes: UnsafeMutableBufferPointer<UInt8>
        let ends: UnsafeMutableBufferPointer<Int>
        init(bytes: [UInt8], ends: [Int]) {
            self.bytes = .allocate(capacity: Swift.max(1, bytes.count))
            _ = self.bytes.initialize(from: bytes)
            self.ends = .allocate(capacity: Swift.max(1, ends.count))
            _ = self.ends.initialize(from: ends)
        }
        deinit { bytes.deallocate(); ends.deallocate() }
    }

    private let storage: Storage
    private let bytes: UnsafePointer<UInt8>
    /// `ends[id]`: where name `id`'s bytes end; they start where `id − 1`'s end.
    private let ends: UnsafePointer<Int>
    /// Ids are `0..<count`.
    public let count: Int

    /// `names[id]` for every id; `nil` names are empty fields. O(total length).
    public init(_ names: [String?]) {
        var bytes: [UInt8] = [], ends: [Int] = []
        ends.reserveCapacity(names.count)
        for name in names {
            if let name { CSVWriter.appendEscaped(name, to: &bytes) }
            ends.append(bytes.count)
        }
        storage = Storage(bytes: bytes, ends: ends)
        self.bytes = UnsafePointer(storage.bytes.baseAddress!)
        self.ends = UnsafePointer(storage.ends.baseAddress!)
        count = names.count
    }

    /// The escaped bytes of name `id` (empty past either end). O(1).
    @inline(__always)
    public func escaped(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        guard id >= 0 && id < count else { return UnsafeBufferPointer(start: bytes, count: 0) }
        let start = id == 0 ? 0 : ends[id - 1]
        return UnsafeBufferPointer(start: bytes + start, count: ends[id] - start)
    }
}

extension CSVRecordBuilder {
    /// Name `id` of `names` as a field (empty when `names` has no such id).
    @inline(__always)
    public mutating func field(_ id: Int, of names: EscapedNames) {
        appendEscapedField(names.escaped(id))
    }
}
