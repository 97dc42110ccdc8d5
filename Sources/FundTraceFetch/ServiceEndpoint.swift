import Foundation

/// A service's address as given by the user, and the same address fit to print or store: query items that carry
/// a key (`apikey`, `api_key`, `key`, `token`) and any user name or password are replaced by `***`.
///
///     ServiceEndpoint("https://api.etherscan.io/v2/api?apikey=SECRET").display  // https://api.etherscan.io/v2/api?apikey=***
public struct ServiceEndpoint: Sendable, Equatable {
    public let url: URL
    public let display: String

    static let secretNames: Set<String> = ["apikey", "api_key", "key", "token", "access_token"]

    public init(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw FetchError(endpoint: Self.redacted(text), query: "", .transport("not an http(s) URL"))
        }
        self.url = url
        self.display = Self.redacted(text)
    }

    static func redacted(_ text: String) -> String {
        guard var c = URLComponents(string: text) else { return "<unparseable URL>" }
        if c.user != nil { c.user = "***" }
        if c.password != nil { c.password = "***" }
        c.queryItems = c.queryItems?.map { secretNames.contains($0.name.lowercased()) ? URLQueryItem(name: $0.name, value: "***") : $0 }
        // A key inside the path (Infura, Alchemy: /v3/KEY, /v2/KEY): the last segment when it is long and opaque.
        let segments = c.path.split(separator: "/", omittingEmptySubsequences: false)
        if let last = segments.last, last.count >= 20, last.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            c.path = segments.dropLast().joined(separator: "/") + "/***"
        }
        return (c.string ?? "<unparseable URL>").replacingOccurrences(of: "%2A%2A%2A", with: "***")
    }
}
