import Foundation
import FundTraceIngest
import FundTraceModel

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
        try write(engine: engine, keyCount: keys.count, key: { keys.keys[$0] }, policy: policy, to: out, hops: hops, include: include)
    }

    /// As above, with keys named by a function of their index.
    ///
    /// Rows are formatted in chunks on every core and written in key order,
    /// because formatting is most of the time of a large report (`fundtrace
    /// score` on 6.3 M keys: 8.5 s of 18, against 9.6 s for the sweep).
    /// `key` and `include` are therefore called from several threads; the
    /// engine is only read.
    public static func write<P: AccountTaintPolicy>(engine: AccountTaintEngine<P>, keyCount: Int, key keyOf: (Int) -> LedgerKey,
                                                   policy: TaintPolicy, to out: CSVWriter, hops: Bool = false,
                                                   include: ((LedgerKey) -> Bool)? = nil) throws {
        try write(engine: engine, keyCount: keyCount, key: keyOf, policy: policy, to: out, hops: hops, include: include, chunk: 8192)
    }

    /// As above, formatting `chunk` keys per task (for tests).
    static func write<P: AccountTaintPolicy>(engine: AccountTaintEngine<P>, keyCount: Int, key keyOf: (Int) -> LedgerKey,
                                            policy: TaintPolicy, to out: CSVWriter, hops: Bool, include: ((LedgerKey) -> Bool)?,
                                            chunk: Int) throws {
        precondition(chunk > 0)
        try out.write(columns + (hops ? ["hops"] : []))
        func format(_ keys: Range<Int>, into bytes: inout [UInt8]) {
            for i in keys {
                let key = keyOf(i)
                if let include, !include(key) { continue }
                let r = engine.record(i)
                let held = engine.held(i)
                let balance = engine.balance(i), received = engine.received(i), taintedReceived = engine.taintedReceived(i)
                CSVWriter.appendRecord(to: &bytes) { row in
                    row.field(key.chain); row.field(key.address); row.field(key.asset); row.field(policy.rawValue)
                    row.field(balance); row.field(engine.injected(i)); row.field(received); row.field(engine.sent(i)); row.field(engine.feesPaid(i))
                    row.quantity(taintedReceived); row.quantity(engine.taintedSent(i)); row.quantity(held)
                    row.field(held.fractionText(of: balance)); row.field(taintedReceived.fractionText(of: received))
                    row.field(r.wholeBalanceSource ? "1" : "0"); row.field(r.receivedSource ? "1" : "0")
                    if hops { row.field(r.hops == .max ? "" : String(r.hops)) }
                }
            }
        }
        // Windows of a few chunks per core keep memory bounded (~1 MB a chunk).
        let window = chunk * 4 * Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        var start = 0
        while start < keyCount {
            let end = Swift.min(keyCount, start + window)
            let parts = (end - start + chunk - 1) / chunk
            var chunks = [[UInt8]](repeating: [], count: parts)
            chunks.withUnsafeMutableBufferPointer { chunks in
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    let first = start + p * chunk
                    format(first..<Swift.min(end, first + chunk), into: &chunks[p])
                }
            }
            for bytes in chunks { try out.write(records: bytes) }
            start = end
        }
    }
}

extension CSVRecordBuilder {
    /// A taint quantity as ``TaintQuantity/decimalText`` writes it; exact
    /// values go straight in as digits.
    @inline(__always)
    mutating func quantity<Q: TaintQuantity>(_ q: Q) {
        if let a = q as? Amount { field(a) } else if let h = q as? HaircutAmount, let e = h.exact { field(e) } else { field(q.decimalText) }
    }
}
