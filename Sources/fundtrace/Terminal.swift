import Foundation
import FundTraceModel

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

    /// Writes `message` on standard error, over any progress line. Messages
    /// quote input (a bad field, a label), so control characters other than
    /// line breaks are escaped here whatever their source.
    static func error(_ message: String) {
        endProgress()
        FileHandle.standardError.write(Data((DisplayControl.escaped(message, keeping: ["\n"]) + "\n").utf8))
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

    /// Untrusted text (labels, token names) made safe for a terminal: every
    /// ``DisplayControl`` character is shown as `\u{…}`.
    static func printable(_ s: String) -> String { DisplayControl.escaped(s) }

    /// Prints human-facing text with every control character from data (chain names, file names, labels)
    /// neutralised, line by line, so nothing read from a file can drive the terminal.
    static func say(_ s: String) {
        print(s.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayControl.escaped(String($0)) }.joined(separator: "\n"))
    }
}
