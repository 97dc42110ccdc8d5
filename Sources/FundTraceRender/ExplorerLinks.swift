/// Block-explorer links for addresses in rendered diagrams: a URL template
/// per chain with `{address}` where the address goes.
///
/// Only `http` and `https` templates are accepted, and the address is
/// percent-encoded to letters and digits, so neither a template nor an
/// address from chain data can smuggle a `javascript:` link or break out of
/// the attribute.
public struct ExplorerLinks: Sendable {
    public private(set) var templates: [String: String]

    public static let defaults: [String: String] = [
        "ethereum": "https://etherscan.io/address/{address}", "eth": "https://etherscan.io/address/{address}",
        "bsc": "https://bscscan.com/address/{address}", "polygon": "https://polygonscan.com/address/{address}",
        "arbitrum": "https://arbiscan.io/address/{address}", "optimism": "https://optimistic.etherscan.io/address/{address}",
        "base": "https://basescan.org/address/{address}", "avalanche": "https://snowtrace.io/address/{address}",
        "fantom": "https://ftmscan.com/address/{address}", "linea": "https://lineascan.build/address/{address}",
        "gnosis": "https://gnosisscan.io/address/{address}", "bitcoin": "https://mempool.space/address/{address}",
        "tron": "https://tronscan.org/#/address/{address}",
    ]

    public struct Invalid: Error, CustomStringConvertible { public var description: String }

    public init(overrides: [String: String] = [:]) throws {
        templates = Self.defaults
        for (chain, t) in overrides {
            guard Self.isWebTemplate(t) else { throw Invalid(description: "explorer template for \(chain) must start with http:// or https:// and contain {address}") }
            templates[chain] = t
        }
    }

    static func isWebTemplate(_ t: String) -> Bool {
        let lower = t.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && t.contains("{address}")
            && !t.unicodeScalars.contains { $0.value < 0x21 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" }
    }

    /// The link for `address` on `chain`, if the chain has a template.
    public func url(chain: String, address: String) -> String? {
        guard let t = templates[chain] else { return nil }
        return Self.fill(t, address)
    }

    /// The link for transaction `hash`: the chain's address template with
    /// `/address/` read as `/tx/` (the explorers above all use that scheme).
    public func url(chain: String, transaction hash: String) -> String? {
        guard let t = templates[chain], t.contains("/address/") else { return nil }
        return Self.fill(t.replacingOccurrences(of: "/address/", with: "/tx/"), hash)
    }

    static func fill(_ t: String, _ address: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(address.utf8.count)
        for b in address.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): encoded.append(b)
            default: encoded += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return t.replacingOccurrences(of: "{address}", with: String(decoding: encoded, as: UTF8.self))
    }
}
