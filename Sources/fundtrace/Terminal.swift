import Foundation

/// Where human-facing progress goes: a live line on standard error when it
/// is a terminal, nothing when output is piped or redirected.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) == 1

    /// Overwrites the progress line.
    static func progress(_ line: String) {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Ends the progress line.
    static func endProgress() {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Writes `message` on standard error, over any progress line.
    static func error(_ message: String) {
        endProgress()
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// The first `limit` items, made printable, joined by `separator`, with
    /// an ellipsis when there are more: for notes that name what went wrong.
    static func shortList(_ items: [String], separator: String, limit: Int = 5) -> String {
        items.prefix(limit).map(printable).joined(separator: separator) + (items.count > limit ? separator + "…" : "")
    }

    /// Untrusted text (labels, token names) made safe for a terminal: control
    /// characters, including escape sequences that could rewrite the screen,
    /// line separators and the bidirectional controls that can show text in
    /// another order than it has (a reversed address), are shown as `\u{…}`.
    static func printable(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if isUnsafe(u.value) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    private static func isUnsafe(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F...0x9F).contains(v)
            || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)  // bidi controls
            || v == 0x2028 || v == 0x2029  // line and paragraph separators
    }
}
