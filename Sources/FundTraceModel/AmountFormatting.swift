extension Amount {
    /// The amount in human units with exactly `decimals` places shifted:
    /// `1500000000000000000` with 18 → `1.5`. Exact (string arithmetic on the
    /// decimal digits), trailing zeros dropped; `maxFraction` rounds down the
    /// shown fraction for display.
    public func formatted(decimals: Int, maxFraction: Int? = nil) -> String {
        Amount.shift(description, decimals: decimals, maxFraction: maxFraction)
    }

    /// `digits` (a non-negative decimal integer, possibly with a fraction
    /// part such as haircut's nine decimals) divided by 10^decimals.
    public static func shift(_ digits: String, decimals: Int, maxFraction: Int? = nil) -> String {
        guard decimals > 0 else { return digits }
        var intPart = Substring(digits), fracPart = Substring("")
        if let dot = digits.firstIndex(of: ".") { intPart = digits[..<dot]; fracPart = digits[digits.index(after: dot)...] }
        let padded = String(repeating: "0", count: Swift.max(0, decimals + 1 - intPart.count)) + intPart
        let whole = padded.dropLast(decimals)
        var fraction = String(padded.suffix(decimals)) + fracPart
        if let maxFraction, fraction.count > maxFraction { fraction = String(fraction.prefix(maxFraction)) }
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? String(whole) : whole + "." + fraction
    }
}
