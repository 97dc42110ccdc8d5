/// Why a text could not be read as an exact amount.
public enum AmountParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case negative
    case fractional
    case invalidCharacter(offset: Int)
    case overflow
    case tooManyDecimals(allowed: Int)

    public var description: String { description(of: "amount") }

    /// The reason for a field that holds `what` ("amount", "number"): the
    /// parser also reads block numbers and indices.
    public func description(of what: String) -> String {
        switch self {
        case .empty: return "empty \(what)"
        case .negative: return "negative \(what)"
        case .fractional: return "\(what) is not an integer"
        case .invalidCharacter(let o): return "invalid character at offset \(o) in \(what)"
        case .overflow: return "\(what) exceeds 2^256-1"
        case .tooManyDecimals(let n): return "more than \(n) decimal places"
        }
    }
}

extension Amount {
    /// Parses a non-negative decimal integer from ASCII bytes, exactly, up to 2^256 − 1.
    ///
    /// Accepts an optional leading `+` and leading zeros; rejects signs,
    /// decimal points, exponents and whitespace with a precise reason.
    /// O(n) in the number of digits (19 digits per limb multiplication).
    @inlinable
    public static func parseDecimal<C: Collection>(_ bytes: C) -> Result<Amount, AmountParseError> where C.Element == UInt8 {
        var it = bytes.makeIterator()
        guard var c = it.next() else { return .failure(.empty) }
        var offset = 0
        if c == UInt8(ascii: "-") { return .failure(.negative) }
        if c == UInt8(ascii: "+") {
            guard let n = it.next() else { return .failure(.empty) }
            c = n; offset = 1
        }
        var value = Amount.zero
        var chunk: UInt64 = 0
        var chunkDigits = 0
        var scale: UInt64 = 1
        while true {
            let d = c &- UInt8(ascii: "0")
            if d > 9 {
                if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    return .failure(.fractional)
                }
                return .failure(.invalidCharacter(offset: offset))
            }
            chunk = chunk &* 10 &+ UInt64(d)
            scale = scale &* 10
            chunkDigits += 1
            if chunkDigits == 19 {
                let (v, o) = value.multipliedReportingOverflow(by: scale, adding: chunk)
                if o || v.w4 != 0 { return .failure(.overflow) }
                value = v; chunk = 0; chunkDigits = 0; scale = 1
            }
            offset += 1
            guard let n = it.next() else { break }
            c = n
        }
        if chunkDigits > 0 {
            let (v, o) = value.multipliedReportingOverflow(by: scale, adding: chunk)
            if o || v.w4 != 0 { return .failure(.overflow) }
            value = v
        }
        return .success(value)
    }

    /// Parses a decimal integer string exactly (see ``parseDecimal(_:)``).
    public init?(_ text: String) {
        guard case .success(let v) = Amount.parseDecimal(text.utf8) else { return nil }
        self = v
    }

    /// The whole base units of a decimal that may carry a fraction ("12.5" → "12"): taint under haircut keeps
    /// fractions of a base unit, which are not money and which `Amount` does not hold.
    public static func wholePart(of text: String) -> String {
        text.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? text
    }

    /// Parses `0x`-prefixed hexadecimal (as JSON-RPC writes quantities).
    public static func parseHex<C: Collection>(_ bytes: C) -> Result<Amount, AmountParseError> where C.Element == UInt8 {
        let b = Array(bytes)
        guard b.count > 2, b[0] == UInt8(ascii: "0"), b[1] == UInt8(ascii: "x") || b[1] == UInt8(ascii: "X") else {
            return .failure(.empty)
        }
        var value = Amount.zero
        for (i, c) in b.dropFirst(2).enumerated() {
            guard let d = hexDigitValue(c) else { return .failure(.invalidCharacter(offset: i + 2)) }
            let (v, o) = value.multipliedReportingOverflow(by: 16, adding: UInt64(d))
            if o || v.w4 != 0 { return .failure(.overflow) }
            value = v
        }
        return .success(value)
    }

    /// Converts a decimal number written in whole units (`"1.5"` ETH) into
    /// base units with `decimals` places (`1500000000000000000` wei), exactly.
    /// Thousands separators (`,`) are accepted as Etherscan writes them; more
    /// fractional digits than `decimals` is an error unless they are zeros.
    public static func parseUnits(_ text: Substring, decimals: Int) -> Result<Amount, AmountParseError> {
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var seenPoint = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { fraction.append(c) } else { integer.append(c) }
            case UInt8(ascii: "."):
                if seenPoint { return .failure(.invalidCharacter(offset: i)) }
                seenPoint = true
            case UInt8(ascii: ","):
                if seenPoint { return .failure(.invalidCharacter(offset: i)) }
            case UInt8(ascii: "-"):
                return .failure(.negative)
            default:
                return .failure(.invalidCharacter(offset: i))
            }
        }
        if integer.isEmpty && fraction.isEmpty { return .failure(.empty) }
        while fraction.count > decimals {
            if fraction.last == UInt8(ascii: "0") { fraction.removeLast() } else {
                return .failure(.tooManyDecimals(allowed: decimals))
            }
        }
        let digits = integer + fraction + [UInt8](repeating: UInt8(ascii: "0"), count: decimals - fraction.count)
        return parseDecimal(digits.isEmpty ? [UInt8(ascii: "0")] : digits)
    }
}

/// The value of an ASCII hex digit, or nil.
@inlinable
public func hexDigitValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
