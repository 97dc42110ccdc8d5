import FundTraceTaint
import FundTraceCSV
/// The per-transfer results of a conformance sweep (§3.11), indexed like the
/// file's rows, kept packed as the engine keeps its records (see
/// ``PackedAmount``).
///
/// Exists because `taint account` holds every row's result until it writes
/// them in file order: as ``TransferTaint`` values (three five-word
/// quantities each) a 5 M-row export's results took 640 MB; packed, 280 MB.
public struct TransferResults<Quantity: TaintQuantity>: RandomAccessCollection {
    private struct Packed {
        var tainted: Quantity.Packed
        var feeTainted: Quantity.Packed
        var carried: Quantity.Packed
        var marked: Bool
        var absorbed: Bool
    }

    private var packed: [Packed]
    /// Quantities above 2^127.
    private var wide = WideTable()

    /// `count` results, all zero until set.
    init(count: Int) {
        let zero = Quantity.packedZero
        packed = [Packed](repeating: Packed(tainted: zero, feeTainted: zero, carried: zero, marked: false, absorbed: false), count: count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { packed.count }

    public subscript(i: Int) -> TransferTaint<Quantity> {
        let p = packed[i]
        return TransferTaint(tainted: Quantity.unpack(p.tainted, wide), feeTainted: Quantity.unpack(p.feeTainted, wide),
                             carried: Quantity.unpack(p.carried, wide), marked: p.marked, absorbed: p.absorbed)
    }

    /// Stores result `t` at row index `i` (each index once: a stored wide value's slot is not reused).
    mutating func set(_ i: Int, _ t: TransferTaint<Quantity>) {
        let zero = Quantity.packedZero
        packed[i] = Packed(tainted: Quantity.add(t.tainted, to: zero, &wide), feeTainted: Quantity.add(t.feeTainted, to: zero, &wide),
                           carried: Quantity.add(t.carried, to: zero, &wide), marked: t.marked, absorbed: t.absorbed)
    }
}
