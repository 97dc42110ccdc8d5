import BigInt
import FundTraceModel

/// Converts whole units of taint from one asset to another at the rate of a
/// swap or bridge transfer: ⌊c·y/x⌋, exactly.
///
/// c·y can reach 2^512, beyond ``Amount``; this runs once per swap, not per
/// transfer, so BigInt's arbitrary precision is the right tool.
public enum SwapConversion {
    /// ⌊`units` × `to` / `from`⌋, at most `to`; zero when `from` is zero.
    public static func convert(_ units: Amount, from: Amount, to: Amount) -> Amount {
        if units.isZero || from.isZero { return .zero }
        if units == from { return to }
        let q = big(units) * big(to) / big(from)
        let result = Amount(q.description) ?? to
        return result < to ? result : to
    }

    static func big(_ a: Amount) -> BigUInt { BigUInt(words: [UInt(a.w0), UInt(a.w1), UInt(a.w2), UInt(a.w3), UInt(a.w4)]) }
}
