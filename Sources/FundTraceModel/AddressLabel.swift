/// What one provider says about one address: a label (free text, untrusted),
/// its mapped ``LabelCategory``, the provider's own category, and where the
/// statement comes from.
public struct AddressLabel: Sendable, Equatable, Hashable, Codable {
    public var chain: String
    /// In store form (``Address/storeForm(_:)``: EVM lower-cased).
    public var address: String
    public var label: String
    public var category: LabelCategory
    /// The provider's own category or tag, as written.
    public var sourceCategory: String
    /// The provider (file, list or URL) the label came from.
    public var source: String
    /// 0–100 when the provider states one.
    public var confidence: Int?
    /// The entity behind the address (GraphSense actor, exchange name), when known.
    public var actor: String?

    public init(chain: String, address: String, label: String, category: LabelCategory, sourceCategory: String = "",
                source: String, confidence: Int? = nil, actor: String? = nil) {
        self.chain = chain; self.address = Address.storeForm(address); self.label = label; self.category = category
        self.sourceCategory = sourceCategory; self.source = source; self.confidence = confidence; self.actor = actor
    }

    /// `label [category; source]`, as a trace lists an address's labels.
    public var summary: String { "\(label) [\(category.rawValue); \(source)]" }

    /// The entity this label names: the actor when known, else the label
    /// without a trailing wallet number or sub-name ("Binance 14" and
    /// "Binance: Hot Wallet" → "Binance").
    public var entity: String {
        if let actor, !actor.isEmpty { return actor }
        var s = Substring(label)
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        var words = s.split(separator: " ")
        while let last = words.last, words.count > 1, last.allSatisfy({ $0.isNumber || $0 == "#" }) { words.removeLast() }
        return words.joined(separator: " ")
    }
}
