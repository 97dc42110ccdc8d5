/// A trace stopped because it would pass a size limit (``TraceParameters/maxAddresses``,
/// ``TraceParameters/maxTransfers``) and so the memory those limits bound. Raised before the work that would
/// need the memory, with what was reached and which options change it.
public struct TraceTooLarge: Error, CustomStringConvertible, Sendable {
    public var what: String
    public var reached: Int
    public var limit: Int
    public var option: String

    public var description: String {
        "the trace reached more than \(limit) \(what) (\(reached) so far) and stopped: each costs memory (BENCHMARKS.md, "
            + "\"Memory ceilings\"). Raise \(option) if the machine has the memory, or narrow the trace (--max-degree, --max-hops, "
            + "--since/--until, --min-value)"
    }
}
