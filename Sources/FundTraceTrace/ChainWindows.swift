import FundTraceStore

/// Per chain, the block window a trace sweeps: `--since` and `--until` (blocks, or times resolved to each
/// chain's own blocks), everything when neither is given.
struct ChainWindows {
    private(set) var windows: [Int64: ClosedRange<UInt64>] = [:]
    /// The union of the windows, for queries across chains.
    private(set) var span: ClosedRange<UInt64> = 0...UInt64(Int64.max)

    init(reader: StoreReader, chains: [Int64: String], since: TraceBound?, until: TraceBound?) throws {
        for id in chains.keys {
            func resolve(_ b: TraceBound?, first: Bool) throws -> UInt64? {
                switch b {
                case nil: return nil
                case .block(let n): return n
                case .time(let t):
                    return first ? (try reader.firstBlock(chainID: id, atOrAfter: t) ?? UInt64(Int64.max))
                                 : (try reader.lastBlock(chainID: id, atOrBefore: t) ?? 0)
                }
            }
            let lo = try resolve(since, first: true) ?? 0
            let hi = try resolve(until, first: false) ?? UInt64(Int64.max)
            windows[id] = lo...max(lo, hi)
        }
        if let lo = windows.values.map(\.lowerBound).min(), let hi = windows.values.map(\.upperBound).max() { span = lo...hi }
    }

    func contains(_ r: TransferRow) -> Bool { windows[r.chainID]?.contains(r.block) ?? false }

    /// The windows as a trace.json states them, by chain name.
    func list(_ chains: [Int64: String]) -> [ChainWindow] {
        windows.map { ChainWindow(chain: chains[$0.key] ?? "", firstBlock: $0.value.lowerBound, lastBlock: min($0.value.upperBound, UInt64(Int64.max))) }
            .sorted { $0.chain < $1.chain }
    }
}
