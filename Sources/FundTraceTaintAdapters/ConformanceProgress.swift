import FundTraceTaint
import FundTraceCSV
/// Where a conformance run (§9) is, for a progress line: rows of the input
/// file read, transfers or transactions swept, output rows written.
public enum ConformanceProgress: Sendable {
    case read(Int)
    case swept(Int, of: Int)
    case written(Int, of: Int)
}
