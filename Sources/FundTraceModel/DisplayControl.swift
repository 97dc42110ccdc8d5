/// Characters of untrusted text (labels, token names and symbols) that must
/// not reach a reader as they are: C0 and C1 controls (escape sequences can
/// rewrite a terminal), line and paragraph separators, and the bidirectional
/// controls, which can show text in another order than it has — an address
/// that reads reversed. Every output that shows such text (terminal, HTML,
/// Markdown, DOT) replaces or escapes these.
public enum DisplayControl {
    /// Whether `u` is one of these characters.
    @inlinable
    public static func contains(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v)
            || v == 0x2028 || v == 0x2029
            || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    /// `text` with each of these characters shown as `\u{…}` (hex), except
    /// those in `keeping`: for messages and terminal output that must say
    /// exactly what the input held without letting it act.
    public static func escaped(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { contains($0) && !keeping.contains($0) }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            if contains(u) && !keeping.contains(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
