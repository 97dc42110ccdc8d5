import CGraphviz
import Foundation

/// Lays out and renders DOT in-process through libgvc (no `dot` subprocess).
///
/// libgvc keeps global state and crashes when called from several threads,
/// so every call is serialised behind one lock. A layout cannot be
/// cancelled: bound what reaches it (see ``TraceDiagram``'s node budget).
public enum GraphvizRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case dot, svg, png, pdf
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static let lock = NSLock()

    /// The rendered bytes of `dot` in `format` (`dot` returns the text itself).
    public static func render(dot: String, format: Format, engine: String = "dot") throws -> Data {
        if format == .dot { return Data(dot.utf8) }
        lock.lock()
        defer { lock.unlock() }
        var out: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        var length = 0
        let rc = ft_gv_render(dot, engine, format.rawValue, &out, &length, &error)
        defer { ft_gv_free(out); ft_gv_free(error) }
        guard rc == 0, let out else {
            throw Failure(description: "Graphviz: " + (error.map { String(cString: $0) } ?? "failed (\(rc))")
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Data(bytes: out, count: length)
    }
}
