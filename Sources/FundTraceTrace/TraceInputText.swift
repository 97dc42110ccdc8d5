import Foundation
import FundTraceModel
import FundTraceTaint
import FundTraceTaintAdapters

/// What the addresses named as trace sources are: the perpetrator's (everything they send in the window is
/// stolen, however they got it: a `whole_balance` source) or a victim's (only what they receive from the start
/// of the window on is tainted: an `address` source).
public enum SourceRole: String, Sendable, Codable, CaseIterable {
    case perpetrator
    case victim
}

/// The text forms of a trace's inputs, read the same way by `fundtrace trace` and the workbench:
/// sources named as addresses or `tx_hash:log_index`, window bounds, durations and stop categories.
public enum TraceInputText {
    /// Input that says what is wrong with it; the command line restates it as a usage error, the workbench as a 400.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// A block number or a UTC time (2024-06-22 or 2024-06-22T18:00:00Z); `name` says which input it was.
    public static func bound(_ text: String, _ name: String) throws -> TraceBound {
        if let b = UInt64(text) { return .block(b) }
        if let t = TraceTime.parse(text) { return .time(t) }
        throw Invalid("\(name): a block number or a UTC time like 2024-06-22T18:00:00Z")
    }

    /// Seconds, or a number with a unit (90m, 24h, 3d), up to 100 years.
    public static func seconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var value: Int64?
        if let last = text.last, let unit = units[last], let n = Int64(text.dropLast()) {
            let (v, overflow) = n.multipliedReportingOverflow(by: unit)
            value = overflow ? nil : v
        } else { value = Int64(text) }
        guard let v = value, (0...100 * 365 * 86_400).contains(v) else { return nil }
        return v
    }

    /// Categories to stop at, comma-separated, or `none`.
    public static func stopCategories(_ text: String, _ name: String) throws -> Set<LabelCategory> {
        guard text != "none" else { return [] }
        return Set(try text.split(separator: ",").map { word in
            guard let c = LabelCategory(rawValue: word.trimmingCharacters(in: .whitespaces)) else {
                throw Invalid("\(name): unknown category '\(word)' (\(LabelCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return c
        })
    }

    /// The source rules for one address or `tx_hash:log_index` (`tx_hash:output` on UTXO chains), on each of
    /// `chains`. An address is `role`'s: a perpetrator's gives a `whole_balance` rule, a victim's an `address` rule.
    public static func rules(_ spec: String, chains: [String], role: SourceRole, name: String = "--from") throws -> [SourceSpec.Rule] {
        if spec.lowercased().hasPrefix("0x") {
            let colon = spec.lastIndex(of: ":")
            let head = colon.map { String(spec[..<$0]) } ?? spec
            let hex = head.utf8.count > 2 && head.utf8.dropFirst(2).allSatisfy { hexDigitValue($0) != nil }
            let indexed = colon.map { UInt64(spec[spec.index(after: $0)...]) != nil } ?? false
            if hex && colon == nil && head.utf8.count == 66 {
                throw Invalid("\(name): '\(spec)' is a transaction hash: name one of its transfers as tx_hash:log_index")
            }
            guard colon == nil ? Address.isEVM(head.utf8) : hex && indexed else {
                throw Invalid("\(name): '\(spec)' is neither an EVM address (0x and 40 hex digits) nor tx_hash:log_index")
            }
        }
        if let colon = spec.lastIndex(of: ":"), UInt64(spec[spec.index(after: colon)...]) != nil {
            let id = Address.storeForm(String(spec[..<colon])) + spec[colon...]
            return chains.map { SourceSpec.Rule(kind: ChainInfo.named($0).model == .utxo ? .outpoint : .transfer, chain: $0, id: id) }
        }
        guard case .success(let a) = Address.normalized(spec), !a.isEmpty else { throw Invalid("\(name): '\(spec)' is not an address, transfer or file") }
        // On a UTXO chain a perpetrator's whole_balance also taints the inputs it spends from outputs before the data.
        return chains.map { SourceSpec.Rule(kind: role == .perpetrator ? .wholeBalance : .address, chain: $0, id: a) }
    }
}
