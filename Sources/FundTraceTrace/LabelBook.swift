import FundTraceModel
import FundTraceStore

/// The labels an investigation consults, by chain and address, with the one
/// that decides how the trace treats the address.
public struct LabelBook: Sendable {
    private var byKey: [String: [AddressLabel]] = [:]

    public init(_ labels: [AddressLabel]) {
        for l in labels { byKey[l.chain + "\u{0}" + l.address, default: []].append(l) }
    }

    public init(store: TransferStore) throws {
        self.init(try store.read { try $0.allLabels() })
    }

    public var isEmpty: Bool { byKey.isEmpty }

    /// Every (chain, address) with a label in `category`.
    public func addresses(in category: LabelCategory) -> [(chain: String, address: String)] {
        byKey.values.flatMap { $0.filter { $0.category == category }.map { ($0.chain, $0.address) } }
    }

    /// Every label of `address` on `chain`.
    public func labels(chain: String, address: String) -> [AddressLabel] {
        byKey[chain + "\u{0}" + address] ?? []
    }

    /// Every label of `address` on `chain`, the most specific first (see
    /// ``LabelCategory/displayPrecedence``: a named perpetrator before the
    /// sanctions list that also names it), then by confidence and source.
    public func displayed(chain: String, address: String) -> [AddressLabel] {
        labels(chain: chain, address: address).sorted { a, b in
            if a.category != b.category { return a.category.displayRank < b.category.displayRank }
            if (a.confidence ?? 50) != (b.confidence ?? 50) { return (a.confidence ?? 50) > (b.confidence ?? 50) }
            return (a.label, a.source) < (b.label, b.source)
        }
    }

    /// The actors (``AddressLabel/entity`` of perpetrator labels and
    /// labels' `actor`) named for `address` on `chain`.
    public func actors(chain: String, address: String) -> Set<String> {
        var out = Set<String>()
        for l in labels(chain: chain, address: address) {
            if let a = l.actor, !a.isEmpty { out.insert(a.lowercased()) }
            if l.category == .perpetrator { out.insert(l.entity.lowercased()) }
        }
        return out
    }

    /// The label that matters most to a trace (stop categories first, then
    /// by confidence), if any.
    public func primary(chain: String, address: String) -> AddressLabel? {
        labels(chain: chain, address: address).min { a, b in
            if a.category != b.category { return a.category.traceRank < b.category.traceRank }
            return (a.confidence ?? 50) > (b.confidence ?? 50)
        }
    }
}
