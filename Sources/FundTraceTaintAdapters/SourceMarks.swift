import FundTraceTaint
import FundTraceCSV
/// The address and `whole_balance` rules of a ``SourceSpec`` resolved to the
/// name ids of an ``AccountTransferFile``, so that the conformance sweep
/// decides a row's marking and a new key's source flags with one integer-keyed
/// lookup instead of building `chain + address` strings for every row. Rules
/// naming a chain or address the file never mentions cannot match and are
/// dropped. Transfer rules stay with the spec: ``hasTransferRules`` says
/// whether a row must still be checked against them.
struct SourceMarks {
    private struct AddressRule { var asset: UInt32?; var startBlock: UInt64 }
    /// By `chain << 32 | address`.
    private var address: [UInt64: [AddressRule]] = [:]
    private var wholeBalance: [UInt64: [UInt32?]] = [:]
    let hasTransferRules: Bool

    init(_ spec: SourceSpec, names: NameTable) {
        var transfers = false
        for r in spec.rules {
            if r.kind == .transfer { transfers = true }
            guard r.kind == .address || r.kind == .wholeBalance,
                  let chain = names.existingID(r.chain), let id = names.existingID(r.id) else { continue }
            // An asset the file never names matches nothing: keep the rule out.
            var asset: UInt32?
            if let a = r.asset {
                guard let known = names.existingID(a) else { continue }
                asset = known
            }
            let key = UInt64(chain) << 32 | UInt64(id)
            if r.kind == .address { address[key, default: []].append(AddressRule(asset: asset, startBlock: r.startBlock ?? 0)) }
            else { wholeBalance[key, default: []].append(asset) }
        }
        hasTransferRules = transfers
    }

    /// Whether an `address` rule marks a transfer to `to` (§3.5).
    @inline(__always)
    func isMarkedByAddress(chain: UInt32, to: UInt32, asset: UInt32, block: UInt64) -> Bool {
        guard let rules = address[UInt64(chain) << 32 | UInt64(to)] else { return false }
        return rules.contains { ($0.asset == nil || $0.asset == asset) && block >= $0.startBlock }
    }

    /// Whether `(chain, address, asset)` is an `address` source key.
    func isAddressSource(chain: UInt32, address a: UInt32, asset: UInt32) -> Bool {
        address[UInt64(chain) << 32 | UInt64(a)]?.contains { $0.asset == nil || $0.asset == asset } ?? false
    }

    /// Whether `(chain, address, asset)` is a `whole_balance` source key.
    func isWholeBalance(chain: UInt32, address a: UInt32, asset: UInt32) -> Bool {
        wholeBalance[UInt64(chain) << 32 | UInt64(a)]?.contains { $0 == nil || $0 == asset } ?? false
    }
}
