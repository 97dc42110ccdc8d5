import FundTraceModel

/// Escaping for the report formats: every string from chain data or label
/// files passes through here before it lands in HTML or Markdown, and loses
/// its ``DisplayControl`` characters.
public enum MarkupText {
    /// Text safe in HTML element content and quoted attributes.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if DisplayControl.contains(u) && u != "\n" && u != "\t" { out += " " } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// Text safe in a Markdown table cell: no line breaks, pipes or markup.
    public static func markdown(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if DisplayControl.contains(u) { out += " "; continue }
            if "\\`*_{}[]()<>#+-!|~".unicodeScalars.contains(u) { out += "\\" }
            out.unicodeScalars.append(u)
        }
        return out
    }
}
