import Foundation
import FundTraceModel
import FundTraceTaint
import FundTraceCSV

/// The summary object of the conformance interface (§9): every value a decimal string.
public enum TaintSummaryJSON {
    public static func render(created: Amount, held: String, feeSink: String, reabsorbed: String, absorbed: String, wholeHeld: Amount) -> String {
        let pairs = fields(created: created, held: held, feeSink: feeSink, reabsorbed: reabsorbed, absorbed: absorbed, wholeHeld: wholeHeld)
        return "{" + pairs.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "}\n"
    }

    /// The summary's keys and values in the contract's order, for outputs that add keys of their own.
    public static func fields(created: Amount, held: String, feeSink: String, reabsorbed: String, absorbed: String,
                              wholeHeld: Amount) -> [(key: String, value: String)] {
        [("created", created.description), ("held", held), ("fee_sink", feeSink), ("reabsorbed", reabsorbed),
         ("absorbed", absorbed), ("whole_held", wholeHeld.description)]
    }
}
