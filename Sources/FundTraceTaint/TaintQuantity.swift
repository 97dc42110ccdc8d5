import Foundation
import FundTraceModel

/// A quantity of taint: an exact integer under poison, FIFO, LIFO and TIHO,
/// a ``HaircutAmount`` under haircut.
public protocol TaintQuantity: Sendable, Equatable, PackableQuantity {
    static var zero: Self { get }
    init(exact: Amount)
    static func + (a: Self, b: Self) -> Self
    var isZero: Bool { get }
    /// Decimal text for CSV and JSON output.
    var decimalText: String { get }
    /// The quantity when it is an exact integer (always, but under haircut after mixing); what reports print as
    /// digits and compare without a dynamic cast per value.
    var exactValue: Amount? { get }
    var doubleValue: Double { get }
    /// The whole units of taint (rounded down), for rules that move taint
    /// between assets in whole base units (swaps, bridges).
    var floorAmount: Amount { get }
    /// `self`, rebuilt where it is known to be below 2^127 (taint drawn with
    /// an amount that is) so that the compiler sees its upper limbs as
    /// zeros (see ``AccountTaintEngine``'s narrow copy of the rules).
    func narrowed() -> Self
}

extension TaintQuantity {
    @inlinable @inline(__always) public func narrowed() -> Self { self }
}

extension Amount: TaintQuantity {
    public init(exact: Amount) { self = exact }
    @inlinable @inline(__always) public func narrowed() -> Amount {
        assert((w2 | w3 | w4) == 0 && w1 >> 63 == 0, "a narrowed quantity is below 2^127")
        return Amount(w0: w0, w1: w1, w2: 0, w3: 0)
    }
    public var decimalText: String { description }
    @inlinable public var exactValue: Amount? { self }
    public var floorAmount: Amount { self }
}

/// Haircut taint: exact while it is a whole number of units moved in full
/// (taint ratio 0 or 1), otherwise a `Double`.
///
/// The contract defines haircut over exact rationals and allows floating
/// point within `1e-9·max(1, amount)` (§5). Exact rationals cannot scale to
/// millions of transfers (denominators multiply at every mixing step), so
/// FundTrace keeps each key's taint *ratio* as a `Double` — a draw leaves the
/// ratio unchanged, so error only enters when funds mix — and keeps amounts
/// exact whenever no mixing happened, which is the common case along a
/// laundering path.
public struct HaircutAmount: TaintQuantity {
    /// The exact value, when known.
    public var exact: Amount?
    public var approximate: Double

    @inlinable public init(exact: Amount) { self.exact = exact; self.approximate = exact.doubleValue }
    @inlinable public init(approximate: Double) { self.exact = nil; self.approximate = max(0, approximate) }

    @inlinable public static var zero: HaircutAmount { HaircutAmount(exact: .zero) }

    @inlinable @inline(__always)
    public static func + (a: HaircutAmount, b: HaircutAmount) -> HaircutAmount {
        if let x = a.exact, let y = b.exact {
            let (s, o) = x.addingReportingOverflow(y)
            if !o { return HaircutAmount(exact: s) }
        }
        return HaircutAmount(approximate: a.approximate + b.approximate)
    }

    /// Zero exactly when the approximation is: a nonzero exact value converts
    /// to at least 1. One comparison, where unwrapping the optional took ten
    /// instructions, and the sweep asks several times per transfer.
    @inlinable public var isZero: Bool { approximate == 0 }
    public var doubleValue: Double { approximate }
    @inlinable public var exactValue: Amount? { exact }
    public var floorAmount: Amount { exact ?? Amount(approximate.rounded(.down).fixedText(fractionDigits: 0)) ?? .zero }

    public var decimalText: String {
        if let exact { return exact.description }
        return approximate.fixedText(fractionDigits: 9)
    }

    /// `amount × ratio`, exact when the ratio is 0 or 1.
    @inlinable @inline(__always)
    static func share(of amount: Amount, ratio: Double) -> HaircutAmount {
        if ratio >= 1 { return HaircutAmount(exact: amount) }
        if ratio <= 0 || amount.isZero { return .zero }
        return HaircutAmount(approximate: amount.doubleValue * ratio)
    }
}

extension TaintQuantity {
    /// ``decimalText`` appended to `bytes`, with no `String` made.
    package func appendDecimalText(to bytes: inout [UInt8]) {
        bytes.append(upTo: Self.textCapacity, writing: writeDecimalText(into:))
    }

    /// `self / amount` as a decimal fraction (0 when the amount is 0).
    package func fractionText(of amount: Amount) -> String {
        var bytes: [UInt8] = []
        appendFraction(of: amount, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``fractionText(of:)`` appended to `bytes`, with no `String` made.
    package func appendFraction(of amount: Amount, to bytes: inout [UInt8]) {
        bytes.append(upTo: Self.textCapacity) { writeFraction(of: amount, into: $0) }
    }

    /// The most bytes ``writeDecimalText(into:)`` or ``writeFraction(of:into:)`` writes.
    package static var textCapacity: Int { Swift.max(Amount.decimalCapacity, Double.fixedTextCapacity) }

    /// ``decimalText`` written at `p` (room for ``textCapacity`` bytes); returns how many bytes. What a report's row
    /// writer calls: three per key.
    @inline(__always)
    package func writeDecimalText(into p: UnsafeMutablePointer<UInt8>) -> Int {
        if let e = exactValue { return e.writeDecimal(into: p) }
        return doubleValue.writeFixedText(fractionDigits: 9, into: p)
    }

    /// ``fractionText(of:)`` written at `p` (room for ``textCapacity`` bytes); returns how many bytes. Two per key.
    @inline(__always)
    package func writeFraction(of amount: Amount, into p: UnsafeMutablePointer<UInt8>) -> Int {
        if amount.isZero || isZero { p.pointee = UInt8(ascii: "0"); return 1 }
        if exactValue == amount { p.pointee = UInt8(ascii: "1"); return 1 }
        return min(1, doubleValue / amount.doubleValue).writeFixedText(fractionDigits: 15, into: p)
    }
}
