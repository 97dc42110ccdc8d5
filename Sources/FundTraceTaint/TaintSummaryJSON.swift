import Foundation
import FundTraceModel

/// The summary object of the conformance interface (§9): every value a decimal string.
public enum TaintSummaryJSON {
    public static func render(created: Amount, held: String, feeSink: String, reabsorbed: String, absorbed: String, wholeHeld: Amount) -> String {
        let pairs = [("created", created.description), ("held", held), ("fee_sink", feeSink), ("reabsorbed", reabsorbed),
                     ("absorbed", absorbed), ("whole_held", wholeHeld.description)]
        return "{" + pairs.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ") + "}\n"
    }
}
