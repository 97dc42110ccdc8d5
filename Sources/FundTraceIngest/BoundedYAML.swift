import Foundation
import Yams
import FundTraceCSV

/// YAML from strangers, read within bounds: label packs are plain data, so a document that uses anchors or
/// aliases (which expand without bound: a few hundred bytes can stand for gigabytes), nests deeper than
/// `maxDepth`, exceeds `maxBytes` or keys a mapping with anything but a scalar is refused with its line and
/// column, before Yams constructs anything (its constructor force-unwraps non-scalar keys).
enum BoundedYAML {
    static let maxBytes = 256 << 20
    static let maxDepth = 64

    /// The document as dictionaries, arrays and strings (every scalar as its text).
    static func load(_ text: String, path: String) throws -> Any? {
        guard text.utf8.count <= maxBytes else {
            throw IngestError(file: path, line: 1, .tooLarge(what: "a YAML file", limit: maxBytes))
        }
        if let (line, column, token) = anchorOrAlias(in: text) {
            throw IngestError(file: path, line: line, column: column,
                              .format("YAML \(token == "&" ? "anchor" : "alias") refused: label files are plain data, and aliases expand without bound"))
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw IngestError(file: path, line: TagPackReader.line(of: e) ?? 1, .syntax("YAML: \(e)"))
        }
        return try node.map { try value($0, depth: 0, path: path) }
    }

    static func value(_ node: Node, depth: Int, path: String) throws -> Any {
        guard depth < maxDepth else {
            throw IngestError(file: path, line: node.mark?.line ?? 1, column: node.mark?.column, .format("YAML nested deeper than \(maxDepth) levels"))
        }
        switch node {
        case .scalar(let s): return s.string
        case .sequence(let items): return try items.map { try value($0, depth: depth + 1, path: path) }
        case .mapping(let pairs):
            var out: [String: Any] = [:]
            for (k, v) in pairs {
                guard case .scalar(let key) = k else {
                    throw IngestError(file: path, line: k.mark?.line ?? 1, column: k.mark?.column, .format("YAML mapping key is not a scalar"))
                }
                out[key.string] = try value(v, depth: depth + 1, path: path)
            }
            return out
        case .alias:
            throw IngestError(file: path, line: node.mark?.line ?? 1, column: node.mark?.column, .format("YAML alias refused"))
        }
    }

    /// The first `&anchor` or `*alias` token: one that starts a node (at a line's indentation, after `: `, `- `,
    /// `? `, `[`, `{` or `,`), outside quotes and comments; (line, column, "&" or "*"). A `*` inside a plain scalar
    /// ("Binance *hot*") is text, not an alias.
    static func anchorOrAlias(in text: String) -> (Int, Int, Character)? {
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let chars = Array(line)
            var quote: Character?
            var nodeStart = true
            var i = 0
            while i < chars.count {
                let c = chars[i]
                let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == " " || c == "\t" {
                    // Spaces keep whatever the previous token allowed.
                } else if c == "#" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") {
                    break
                } else if nodeStart && (c == "&" || c == "*"), let next, !next.isWhitespace {
                    return (n + 1, i + 1, c)
                } else if nodeStart && (c == "\"" || c == "'") {
                    quote = c; nodeStart = false
                } else if (c == ":" || c == "-" || c == "?") && (next == nil || next == " " || next == "\t") {
                    nodeStart = true
                } else if c == "[" || c == "{" || c == "," {
                    nodeStart = true
                } else {
                    nodeStart = false
                }
                i += 1
            }
        }
        return nil
    }
}
