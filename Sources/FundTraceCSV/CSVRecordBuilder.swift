import FundTraceModel

/// Builds one CSV record field by field in a ``CSVWriter``'s buffer (see
/// ``CSVWriter/writeRecord(_:)``): text escaped exactly as
/// ``CSVWriter/escape(_:)`` escapes it, amounts appended as digits.
///
/// Exists for writers of millions of records (`fundtrace score` writes one
/// per ledger key): an array of strings per record and a string per amount
/// took about a fifth of that command's time (perf), several times the
/// taint engine's share.
public struct CSVRecordBuilder {
    var bytes: [UInt8]
    private var started = false

    init(bytes: [UInt8]) { self.bytes = bytes }

    @inline(__always)
    private mutating func separate() {
        if started { bytes.append(UInt8(ascii: ",")) }
        started = true
    }

    /// A text field, escaped: on-chain text is untrusted.
    public mutating func field(_ text: String) {
        separate()
        CSVWriter.appendEscaped(text, to: &bytes)
    }

    /// A field escaped already (see ``EscapedNames``).
    @inline(__always)
    mutating func appendEscapedField(_ escaped: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: escaped)
    }

    /// A number written by `write` straight into the record: digits, a point, a sign, nothing CSV escapes.
    @inline(__always)
    public mutating func number(_ write: (inout [UInt8]) -> Void) {
        separate()
        write(&bytes)
    }

    /// Number fields written by `body` into `scratch` (their separators included), then added in one append; see
    /// ``CSVNumberFields``. The caller allocates `scratch` once for many records: a row's numbers can need more
    /// than the kilobyte `withUnsafeTemporaryAllocation` always takes from the stack, and past it that asks the
    /// system for the thread's stack bounds each time.
    @inline(__always)
    public mutating func numbers(using scratch: UnsafeMutableBufferPointer<UInt8>, _ body: (inout CSVNumberFields) -> Void) {
        var fields = CSVNumberFields(base: scratch.baseAddress!, capacity: scratch.count, started: started)
        body(&fields)
        if fields.count > 0 { started = true }
        bytes.append(contentsOf: UnsafeBufferPointer(start: scratch.baseAddress!, count: fields.count))
    }

    /// An amount's exact decimal digits (digits never need escaping).
    public mutating func field(_ amount: Amount) {
        separate()
        amount.appendDecimal(to: &bytes)
    }
}
