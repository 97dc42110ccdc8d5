import Foundation
import FundTraceModel
import FundTraceCSV
import FundTraceTaint

/// Writes per-ledger-key results (§3.11 "Per ledger key"), shared by the
/// conformance command and `fundtrace score`, so both print the same numbers
/// the same way.
public enum LedgerKeyReport {
    public static let columns = ["chain", "address", "asset", "policy", "balance", "prior_balance_injected", "total_received",
                                 "total_sent", "fees_paid", "tainted_received", "tainted_sent", "tainted_held", "held_ratio",
                                 "exposure", "whole_balance_source", "received_source"]

    /// Writes the header and one row per key (optionally only `include`d keys);
    /// `hops` adds a trailing `hops` column (empty when never reached).
    public static func write<P: AccountTaintPolicy>(engine: AccountTaintEngine<P>, keys: LedgerKeyTable, policy: TaintPolicy,
                                                   to out: CSVWriter, hops: Bool = false,
                                                   include: ((LedgerKey) -> Bool)? = nil) throws {
        try write(engine: engine, keyCount: keys.count, key: { keys[$0] }, policy: policy, to: out, hops: hops, include: include)
    }

    /// As above, with keys named by a function of their index.
    public static func write<P: AccountTaintPolicy>(engine: AccountTaintEngine<P>, keyCount: Int, key keyOf: (Int) -> LedgerKey,
                                                   policy: TaintPolicy, to out: CSVWriter, hops: Bool = false,
                                                   include: ((LedgerKey) -> Bool)? = nil) throws {
        try withoutActuallyEscaping(keyOf) { keyOf in
            try withoutActuallyEscaping(include ?? { _ in true }) { include in
                try write(engine: engine, keyCount: keyCount, names: KeyTexts(key: keyOf, include: include), policy: policy, to: out, hops: hops)
            }
        }
    }

    /// As above, with keys named by `names` (see ``LedgerKeyNames``).
    ///
    /// Rows are formatted in chunks on every core and written in key order,
    /// because formatting is most of the time of a large report (`fundtrace
    /// score` on 6.3 M keys: 8.5 s of 18, against 9.6 s for the sweep).
    /// `names` is therefore called from several threads; the engine is only read.
    public static func write<P: AccountTaintPolicy, Names: LedgerKeyNames>(engine: AccountTaintEngine<P>, keyCount: Int, names: Names,
                                                                          policy: TaintPolicy, to out: CSVWriter, hops: Bool = false) throws {
        try write(engine: engine, keyCount: keyCount, names: names, policy: policy, to: out, hops: hops, chunk: 8192)
    }

    /// As above, formatting `chunk` keys per task (for tests).
    static func write<P: AccountTaintPolicy, Names: LedgerKeyNames>(engine: AccountTaintEngine<P>, keyCount: Int, names: Names,
                                                                   policy: TaintPolicy, to out: CSVWriter, hops: Bool, chunk: Int) throws {
        try out.write(columns + (hops ? ["hops"] : []))
        let numbersRoom = Self.numbersRoom
        let policyName = EscapedNames([policy.rawValue])  // escaped once, not once a key
        func format(_ keys: Range<Int>, into bytes: inout [UInt8]) {
            let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: numbersRoom)
            defer { scratch.deallocate() }
            for i in keys where names.includes(i) {
                let r = engine.record(i)
                let held = engine.held(i)
                let balance = engine.balance(i), received = engine.received(i), taintedReceived = engine.taintedReceived(i)
                CSVWriter.appendRecord(to: &bytes) { row in
                    names.appendFields(of: i, to: &row); row.field(0, of: policyName)
                    row.numbers(using: scratch) { n in
                        n.amount(balance); n.amount(engine.injected(i)); n.amount(received); n.amount(engine.sent(i)); n.amount(engine.feesPaid(i))
                        n.quantity(taintedReceived); n.quantity(engine.taintedSent(i)); n.quantity(held)
                        n.fraction(held, of: balance); n.fraction(taintedReceived, of: received)
                        n.flag(r.wholeBalanceSource); n.flag(r.receivedSource)
                    }
                    if hops { row.field(r.hops == .max ? "" : String(r.hops)) }
                }
            }
        }
        // The engine and the names are only read from the formatting threads: the sweep is done.
        nonisolated(unsafe) let format = format
        try out.writeRecords(count: keyCount, chunk: chunk) { keys, bytes in format(keys, &bytes) }
    }

    /// Keys named by a function returning their texts.
    struct KeyTexts: LedgerKeyNames {
        let key: (Int) -> LedgerKey
        let include: (LedgerKey) -> Bool
        func includes(_ i: Int) -> Bool { include(key(i)) }
        func appendFields(of i: Int, to row: inout CSVRecordBuilder) {
            let k = key(i)
            row.field(k.chain); row.field(k.address); row.field(k.asset)
        }
    }
}

/// How a ledger-key report names its keys, by engine key index. Called from
/// several threads at once (see ``LedgerKeyReport``).
public protocol LedgerKeyNames {
    /// Whether key `i` gets a row.
    func includes(_ i: Int) -> Bool
    /// Appends key `i`'s `chain`, `address` and `asset` fields.
    func appendFields(of i: Int, to row: inout CSVRecordBuilder)
}

extension LedgerKeyReport {
    /// Room for a row's twelve number fields and their separators: five amounts, three quantities, two fractions,
    /// two flags.
    static let numbersRoom = 5 * (Amount.decimalCapacity + 1) + 5 * (HaircutAmount.textCapacity + 1) + 2 * 2
}

extension CSVRecordBuilder {
    /// A taint quantity as ``TaintQuantity/decimalText`` writes it, straight in as digits.
    @inline(__always)
    mutating func quantity<Q: TaintQuantity>(_ q: Q) {
        number { q.appendDecimalText(to: &$0) }
    }
}

extension CSVNumberFields {
    /// A taint quantity as ``TaintQuantity/decimalText`` writes it.
    @inline(__always)
    mutating func quantity<Q: TaintQuantity>(_ q: Q) {
        field(upTo: Q.textCapacity) { q.writeDecimalText(into: $0) }
    }

    /// `q / amount` as ``TaintQuantity/fractionText(of:)`` writes it.
    @inline(__always)
    mutating func fraction<Q: TaintQuantity>(_ q: Q, of amount: Amount) {
        field(upTo: Q.textCapacity) { q.writeFraction(of: amount, into: $0) }
    }
}
