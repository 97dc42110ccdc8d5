import FundTraceModel
import FundTraceStore
import FundTraceTrace

/// The filters of a history page or an expansion, as a request states them:
/// `chain`, `since`/`until` (a block or a UTC time, as `fundtrace trace` takes them), `asset` (code or symbol),
/// `min` (base units), `side` (in, out; both when absent), `cursor`, `limit`.
struct ActivityQuery: Sendable {
    var chain: String?
    var since: TraceBound?
    var until: TraceBound?
    var asset: String?
    var minAmount = Amount.zero
    var side: TransferSide?
    var cursor: ActivityCursor?
    var limit: Int

    init(_ p: [String: String], defaultLimit: Int, maxLimit: Int) throws {
        chain = p["chain"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            since = try p["since"].flatMap { $0.isEmpty ? nil : try TraceInputText.bound($0, "since") }
            until = try p["until"].flatMap { $0.isEmpty ? nil : try TraceInputText.bound($0, "until") }
        } catch let e as TraceInputText.Invalid { throw WorkbenchError.bad(e.description) }
        asset = p["asset"].flatMap { $0.isEmpty ? nil : $0 }
        if let m = p["min"], !m.isEmpty {
            guard let a = Amount(m) else { throw WorkbenchError.bad("min: a whole number of base units (wei, satoshi, token units)") }
            minAmount = a
        }
        switch p["side"] ?? "" {
        case "": side = nil
        case "in": side = .incoming
        case "out": side = .outgoing
        default: throw WorkbenchError.bad("side: in or out")
        }
        if let c = p["cursor"], !c.isEmpty {
            guard let parsed = ActivityCursor(text: c) else { throw WorkbenchError.bad("cursor: as the previous page gave it") }
            cursor = parsed
        }
        limit = defaultLimit
        if let l = p["limit"], !l.isEmpty {
            guard let n = Int(l), (1...maxLimit).contains(n) else { throw WorkbenchError.bad("limit: 1 to \(maxLimit)") }
            limit = n
        }
    }

    /// The store filter: a time bound needs the chain, whose blocks it is turned into.
    func filter(in w: WorkbenchStore, _ r: StoreReader) throws -> ActivityFilter {
        var f = ActivityFilter()
        f.chainID = try w.chainID(chain)
        f.minAmount = minAmount
        if let asset {
            let matches = w.assets.filter { (f.chainID == nil || $0.value.chainID == f.chainID)
                && ($0.value.code.lowercased() == asset.lowercased() || $0.value.symbol?.lowercased() == asset.lowercased()) }
            guard matches.count == 1, let id = matches.first?.key else {
                throw WorkbenchError.bad(matches.isEmpty ? "asset: the store holds no asset '\(asset)'\(chain.map { " on \($0)" } ?? "")"
                                                          : "asset: '\(asset)' is on several chains: name the chain")
            }
            f.assetID = id
        }
        var low: UInt64 = 0, high = UInt64(Int64.max)
        for (bound, isStart) in [(since, true), (until, false)] {
            guard let bound else { continue }
            switch bound {
            case .block(let b): if isStart { low = b } else { high = b }
            case .time(let t):
                guard let chainID = f.chainID else { throw WorkbenchError.bad("a time window needs the chain (chain=…): blocks differ per chain") }
                if let b = try r.blockBound(chainID: chainID, time: t, inclusive: isStart) {
                    if isStart { low = b } else if b == 0 { high = 0; low = max(low, 1) } else { high = b - 1 }
                } else {
                    let b = isStart ? try r.firstBlock(chainID: chainID, atOrAfter: t) : try r.lastBlock(chainID: chainID, atOrBefore: t)
                    if isStart { low = b ?? UInt64(Int64.max) } else { high = b ?? 0 }
                }
            }
        }
        // A window that holds no block (until before since) matches nothing: no stored block is that high.
        f.blocks = low <= high ? low...high : UInt64(Int64.max)...UInt64(Int64.max)
        return f
    }
}
