import FundTraceModel

/// A run of number fields of one record, written straight into a scratch buffer and added to the record in one
/// append (see ``CSVRecordBuilder/numbers(using:_:)``).
///
/// Exists for the per-key reports of `taint account` and `fundtrace score`: twelve numbers a key appended one by
/// one, each with its separator, took about forty array appends (a uniqueness and a capacity check each) and half
/// of the report's 6,200 instructions a key (callgrind, the case's largest ledger).
public struct CSVNumberFields {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0
    private var started: Bool

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int, started: Bool) {
        self.base = base; self.capacity = capacity; self.started = started
    }

    /// A field of at most `maxCount` bytes needing no escaping (digits, a point, a sign), written by `write` at the
    /// pointer it is given; `write` returns how many bytes it wrote.
    @inline(__always)
    public mutating func field(upTo maxCount: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        precondition(count + 1 + maxCount <= capacity, "number fields past the room asked for")
        if started { base[count] = UInt8(ascii: ","); count += 1 }
        started = true
        let n = write(base + count)
        precondition(n >= 0 && n <= maxCount)
        count += n
    }

    /// An amount's exact decimal digits.
    @inline(__always)
    public mutating func amount(_ a: Amount) {
        field(upTo: Amount.decimalCapacity) { a.writeDecimal(into: $0) }
    }

    /// `1` or `0`.
    @inline(__always)
    public mutating func flag(_ on: Bool) {
        field(upTo: 1) { $0.pointee = on ? UInt8(ascii: "1") : UInt8(ascii: "0"); return 1 }
    }
}
