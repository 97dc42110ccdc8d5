import FundTraceModel

/// Amounts as a person reads them: thousands separators, whole base units only
/// (haircut's fractions of a wei are not money), and a small non-zero amount
/// never shown as 0 — the fraction grows until two significant digits show.
///
///     HumanAmount.text("1234567891234500000000", decimals: 18, maxFraction: 4)  // "1,234.5678"
///     HumanAmount.text("1000000000000", decimals: 18, maxFraction: 4)           // "0.000001"
///     HumanAmount.text("108714272823", decimals: nil)                           // "108,714,272,823"
public enum HumanAmount {
    /// `base` (decimal text in base units, maybe with a fraction) in human units.
    public static func text(_ base: String, decimals: Int?, maxFraction: Int = 6) -> String {
        let whole = base.firstIndex(of: ".").map { String(base[..<$0]) } ?? base
        guard whole.allSatisfy(\.isNumber), !whole.isEmpty else { return base }
        guard let d = decimals, d > 0 else { return grouped(whole) }
        let exact = Amount.shift(whole, decimals: d)
        var shown = Amount.shift(whole, decimals: d, maxFraction: maxFraction)
        if isZero(shown) && !isZero(exact) {
            // The first non-zero digit and one more.
            let fraction = exact.split(separator: ".").last.map(String.init) ?? ""
            let lead = fraction.prefix { $0 == "0" }.count
            shown = Amount.shift(whole, decimals: d, maxFraction: min(d, lead + 2))
        }
        let parts = shown.split(separator: ".", maxSplits: 1).map(String.init)
        return grouped(parts[0]) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// `base` in human units with the asset's `name` — "1.5 ETH" — or in base units, saying so, when the decimals are unknown.
    public static func display(_ base: String, decimals: Int?, name: String, maxFraction: Int = 8) -> String {
        text(base, decimals: decimals, maxFraction: maxFraction) + " " + name + (decimals == nil ? " (base units)" : "")
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func isZero(_ s: String) -> Bool { s.allSatisfy { $0 == "0" || $0 == "." } }
}
