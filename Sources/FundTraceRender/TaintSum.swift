import FundTraceModel

/// Adds taint amounts as a trace writes them: exact integers, or haircut's
/// decimals with nine places. Stays exact while every part is an integer.
public struct TaintSum: Sendable {
    public init() {}

    private(set) var exact = Amount.zero
    private(set) var fractional = 0.0
    public private(set) var isExact = true

    public mutating func add(_ text: String) {
        if let a = Amount(text) { exact = exact.saturatingAdd(a) } else {
            isExact = false
            fractional += Double(text) ?? 0
        }
    }

    /// Adds another sum: exactly while both are exact.
    public mutating func add(_ other: TaintSum) {
        exact = exact.saturatingAdd(other.exact)
        fractional += other.fractional
        isExact = isExact && other.isExact
    }

    /// Decimal text in base units (integer when exact).
    public var text: String {
        if isExact { return exact.description }
        let total = exact.doubleValue + fractional
        return total < 1e15 ? String(format: "%.0f", total) : Amount.approximateText(total)
    }

    public var doubleValue: Double { exact.doubleValue + fractional }
}

extension Amount {
    /// Digits of a large double (no exponent), for display only.
    static func approximateText(_ d: Double) -> String {
        var v = d.rounded(.down)
        var digits: [Character] = []
        if v < 1 { return "0" }
        while v >= 1, digits.count < 80 {
            let r = v.truncatingRemainder(dividingBy: 10)
            digits.append(Character(String(Int(r))))
            v = (v / 10).rounded(.down)
        }
        return String(digits.reversed())
    }
}
