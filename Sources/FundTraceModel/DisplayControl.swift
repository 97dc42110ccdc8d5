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
}
