import FundTraceModel

/// The rows of a presorted sweep between reading and the engine, in one ring of ``capacity`` rows, each row in
/// place from when it is read to when it is swept. A row goes through three steps, each some rows after the last,
/// so that the cache misses of one overlap the work on the rows between (``PresortedAccountSweep``):
///
/// 1. *read* — validated, its keys' hashes computed and their slots asked for;
/// 2. *keyed*, ``keyLag`` rows later — its keys found (the entries the slots point to were asked for one row
///    before) and the engine's records for them asked for;
/// 3. *swept*, when the ring is full — handed to the engine, whose records have arrived by then.
///
/// Rows stay in place: three small queues that copied a row (two amounts, 170 bytes) from one to the next spent
/// 7 % of the worker's time in `memmove` (perf). The ring is a fixed allocation, not an array, so that no step
/// pays a uniqueness check. Reads, keys and sweeps are counted; the counts only grow, and a row's place is its
/// count modulo the capacity. Cost per row: O(1); memory: ``capacity`` rows.
struct PresortedRowRing: ~Copyable {
    /// One row from its reading to its sweep.
    struct Row {
        var chain: UInt32, asset: UInt32
        /// In the reader's buffer: valid until the row is keyed, which happens before the buffer moves.
        var from: UnsafeBufferPointer<UInt8>, to: UnsafeBufferPointer<UInt8>
        var fromHash: UInt64, toHash: UInt64
        var block: UInt64
        var amount: Amount, fee: Amount
        /// By a `transfer` rule when read; by an `address` rule when keyed.
        var marked: Bool
        /// Set when keyed.
        var fromKey = 0, toKey = 0
    }

    /// Rows in the ring at most: a row is swept ``capacity`` − ``keyLag`` rows after it is keyed.
    static let capacity = 8
    /// Rows between a row's reading and its keying.
    static let keyLag = 2

    private let rows = UnsafeMutablePointer<Row>.allocate(capacity: capacity)
    /// Rows read, keyed and swept so far.
    private(set) var read = 0, keyed = 0, swept = 0

    deinit {
        rows.deinitialize(count: Swift.min(Self.capacity, read))
        rows.deallocate()
    }

    /// Whether the ring is full: the oldest row must be swept before another is read.
    @inline(__always) var isFull: Bool { read - swept == Self.capacity }

    /// Whether a row waits ``keyLag`` rows or more to be keyed.
    @inline(__always) var keyIsDue: Bool { read - keyed > Self.keyLag }

    /// Whether a row is read but not yet keyed.
    @inline(__always) var hasUnkeyed: Bool { keyed < read }

    /// Whether a row is keyed but not yet swept.
    @inline(__always) var hasUnswept: Bool { swept < keyed }

    /// Adds a row read; the ring must not be full.
    @inline(__always)
    mutating func append(_ row: Row) {
        let p = rows + (read & (Self.capacity - 1))
        if read >= Self.capacity { p.pointee = row } else { p.initialize(to: row) }
        read += 1
    }

    /// The oldest row not yet keyed, to key in place; counted as keyed.
    @inline(__always)
    mutating func nextToKey() -> UnsafeMutablePointer<Row> {
        defer { keyed += 1 }
        return rows + (keyed & (Self.capacity - 1))
    }

    /// The row to be keyed next, if one is read and waits (its entries can be asked for a row ahead).
    @inline(__always)
    var upNext: UnsafePointer<Row>? { keyed < read ? UnsafePointer(rows + (keyed & (Self.capacity - 1))) : nil }

    /// The oldest keyed row not yet swept; counted as swept.
    @inline(__always)
    mutating func nextToSweep() -> UnsafePointer<Row> {
        defer { swept += 1 }
        return UnsafePointer(rows + (swept & (Self.capacity - 1)))
    }
}
