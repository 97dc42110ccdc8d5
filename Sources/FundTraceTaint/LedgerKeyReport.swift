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
    public static func write<P: AccountTaintPolicy>(engine: AccountTaintEngine<P>, keyCount: Int, key keyOf: (Int) -> LedgerKey,
                                                   policy: TaintPolicy, to out: CSVWriter, hops: Bool = false,
                                                   include: ((LedgerKey) -> Bool)? = nil) throws {
        try out.write(columns + (hops ? ["hops"] : []))
        for i in 0..<keyCount {
            let key = keyOf(i)
            if let include, !include(key) { continue }
            let r = engine.record(i)
            let held = engine.held(i)
            let balance = engine.balance(i), received = engine.received(i), taintedReceived = engine.taintedReceived(i)
            var row = [key.chain, key.address, key.asset, policy.rawValue, balance.description, engine.injected(i).description,
                       received.description, engine.sent(i).description, engine.feesPaid(i).description,
                       taintedReceived.decimalText, engine.taintedSent(i).decimalText, held.decimalText,
                       held.fractionText(of: balance), taintedReceived.fractionText(of: received),
                       r.wholeBalanceSource ? "1" : "0", r.receivedSource ? "1" : "0"]
            if hops { row.append(r.hops == .max ? "" : String(r.hops)) }
            try out.write(row)
        }
    }
}
