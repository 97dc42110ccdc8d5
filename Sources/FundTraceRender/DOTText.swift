import FundTraceModel

/// Safe text for DOT: every string from chain data or label files passes
/// through here before it reaches Graphviz.
public enum DOTText {
    /// A double-quoted DOT string. Backslashes are doubled (so Graphviz's
    /// `\N`, `\G`, `\l` … escapes cannot be injected), quotes escaped,
    /// ``DisplayControl`` characters (newlines included) replaced by spaces, and text
    /// longer than `limit` characters cut with an ellipsis. Graphviz itself
    /// XML-escapes labels and tooltips when it writes SVG.
    public static func quoted(_ text: String, limit: Int = 2000) -> String {
        "\"" + escaped(text, limit: limit) + "\""
    }

    /// The escaped body, for building multi-line labels with ``lineBreak``.
    public static func escaped(_ text: String, limit: Int = 2000) -> String {
        var s = text
        if s.count > limit { s = String(s.prefix(limit - 1)) + "…" }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if DisplayControl.contains(u) { out += " " } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Text for an HTML-like label (`label=<…>`): XML-escaped, backslashes doubled, with no line breaks or
    /// other ``DisplayControl`` characters, cut at `limit` characters.
    public static func html(_ text: String, limit: Int = 2000) -> String {
        var s = text
        if s.count > limit { s = String(s.prefix(limit - 1)) + "…" }
        // Graphviz expands `\N`, `\G` … inside HTML-like labels and their attributes too: backslashes are doubled.
        return MarkupText.html(s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " "))
            .replacingOccurrences(of: "\\", with: "\\\\")
    }

    /// A line break inside a quoted label (centred line).
    public static let lineBreak = "\\n"
}
