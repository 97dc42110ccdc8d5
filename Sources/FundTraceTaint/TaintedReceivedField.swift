/// How a per-key record keeps `tainted_received` (§3.11).
///
/// Under TIHO, FIFO and LIFO a key's held taint is exactly what it received
/// tainted minus what it sent tainted (law L3 holds in integers), so the
/// engine derives the total as held + tainted sent instead of storing it:
/// 16 bytes fewer, and the fields a recipient touches fit one cache line.
/// Poison and haircut store it (their held taint is not that difference).
public protocol TaintedReceivedField {
    associatedtype Quantity: TaintQuantity
    static var zero: Self { get }
    /// True when nothing is stored and the engine derives the total.
    static var isDerived: Bool { get }
    /// Adds a credit's taint `τ` (nothing to do when derived).
    mutating func add(_ q: Quantity, _ wide: inout WideTable)
    /// The stored total; `nil` when derived.
    func stored(_ wide: WideTable) -> Quantity?
}

/// `tainted_received` kept in the record (poison, haircut).
public struct StoredTaintedReceived<Quantity: TaintQuantity>: TaintedReceivedField {
    @usableFromInline var packed: Quantity.Packed
    @inlinable init(packed: Quantity.Packed) { self.packed = packed }
    @inlinable public static var zero: Self { Self(packed: Quantity.packedZero) }
    @inlinable public static var isDerived: Bool { false }
    @inlinable @inline(__always)
    public mutating func add(_ q: Quantity, _ wide: inout WideTable) { packed = Quantity.add(q, to: packed, &wide) }
    public func stored(_ wide: WideTable) -> Quantity? { Quantity.unpack(packed, wide) }
}

/// `tainted_received` derived as held + tainted sent (TIHO, FIFO, LIFO); takes no space.
public struct DerivedTaintedReceived<Quantity: TaintQuantity>: TaintedReceivedField {
    @inlinable init() {}
    @inlinable public static var zero: Self { Self() }
    @inlinable public static var isDerived: Bool { true }
    @inlinable @inline(__always) public mutating func add(_ q: Quantity, _ wide: inout WideTable) {}
    public func stored(_ wide: WideTable) -> Quantity? { nil }
}
