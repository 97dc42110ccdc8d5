import FundTraceModel
import FundTraceTaint

/// Per asset, what a sweep created, sank in fees, returned to its sources and carried across crossings: the
/// figures a trace's totals reconcile against what is held at its endpoints.
struct SweepTally<Q: TaintQuantity> {
    struct Asset {
        var created = Amount.zero
        var feeSink = Q.zero
        var returned = Q.zero
        var crossedOut = Q.zero
        var crossedIn = Amount.zero
    }

    private(set) var assets: [Int64: Asset] = [:]

    mutating func update(_ asset: Int64, _ change: (inout Asset) -> Void) {
        var a = assets[asset] ?? Asset()
        change(&a)
        assets[asset] = a
    }
}
