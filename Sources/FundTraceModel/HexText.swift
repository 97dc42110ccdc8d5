/// Hexadecimal text as chains and services write it (`0x`-prefixed or bare), checked and decoded.
public enum HexText {
    /// Whether `text` is `0x` followed by hex digits (exactly `digits` of them when given).
    public static func isPrefixed(_ text: String, digits: Int? = nil) -> Bool {
        text.hasPrefix("0x") && isDigits(text.utf8.dropFirst(2), count: digits)
    }

    /// Whether every byte is a hex digit (and there are `count` of them when given).
    public static func isDigits<C: Collection<UInt8>>(_ bytes: C, count: Int? = nil) -> Bool {
        (count.map { bytes.count == $0 } ?? true) && bytes.allSatisfy { hexDigitValue($0) != nil }
    }

    /// The bytes `text` spells, with or without `0x`; nil for an odd length or a non-hex character.
    public static func bytes(_ text: String) -> [UInt8]? {
        let digits = text.hasPrefix("0x") ? Array(text.utf8.dropFirst(2)) : Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = hexDigitValue(digits[i]), let low = hexDigitValue(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
