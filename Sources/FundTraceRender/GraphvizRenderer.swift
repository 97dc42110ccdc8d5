import CGraphviz
import Foundation
import FundTraceModel

/// Lays out and renders DOT through libgvc (no `dot` subprocess, no Graphviz binaries needed).
///
/// libgvc keeps global state and crashes when called from several threads,
/// so every call is serialised behind one lock. A layout cannot be
/// cancelled: bound what reaches it (see ``TraceDiagram``'s node budget).
///
/// **Identical bytes.** Graphviz's `dot` layout orders some of its internal
/// sets by memory address (graphviz issue 1767), so the same DOT laid out
/// in a process whose heap already holds other data (a decoded trace, Swift
/// dictionaries with per-process hash seeds) can come out differently from
/// one run to the next. ``Isolation/freshProcess(executable:)`` runs the
/// layout in a new process of the calling program (its
/// ``GraphvizWorker``), whose heap starts the same every time, so the same
/// DOT always gives the same SVG, PNG and PDF bytes; `fundtrace render` and
/// `report` do that. PDF creation dates are fixed with `pdfDate`.
public enum GraphvizRenderer {
    public enum Format: String, CaseIterable, Sendable {
        case dot, svg, png, pdf
    }

    /// Where the layout runs.
    public enum Isolation: Sendable {
        /// In this process: fast, but the layout may vary between runs (see above).
        case inProcess
        /// In a new process of `executable`, which must call ``GraphvizWorker/runIfAsked()`` first thing.
        case freshProcess(executable: String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static let lock = NSLock()

    /// The rendered bytes of `dot` in `format` (`dot` returns the text itself). A PDF's creation date is set to
    /// `pdfDate` (Unix time; default 1970-01-01) so that equal inputs give equal files.
    public static func render(dot: String, format: Format, engine: String = "dot", isolation: Isolation = .inProcess,
                              pdfDate: Int64 = 0) throws -> Data {
        if format == .dot { return Data(dot.utf8) }
        var data: Data
        switch isolation {
        case .inProcess: data = try layOut(dot: dot, format: format.rawValue, engine: engine)
        case .freshProcess(let executable): data = try GraphvizWorker.run(executable: executable, dot: dot, format: format.rawValue, engine: engine)
        }
        if format == .pdf { PDFDate.fix(&data, to: pdfDate) }
        return data
    }

    /// libgvc, in this process.
    static func layOut(dot: String, format: String, engine: String) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        var out: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        var length = 0
        let rc = ft_gv_render(dot, engine, format, &out, &length, &error)
        defer { ft_gv_free(out); ft_gv_free(error) }
        guard rc == 0, let out else {
            throw Failure(description: "Graphviz: " + (error.map { String(cString: $0) } ?? "failed (\(rc))")
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Data(bytes: out, count: length)
    }
}

/// Cairo writes the wall-clock time into every PDF (`/CreationDate (D:20241206163918Z)`); this replaces it, in
/// place and with the same length (so the file's cross-reference offsets stay right), by a given time.
enum PDFDate {
    static func fix(_ data: inout Data, to time: Int64) {
        let key = Array("/CreationDate (D:".utf8)
        guard let start = data.firstRange(of: key)?.upperBound, start + 15 <= data.endIndex,
              data[start + 14] == UInt8(ascii: "Z"), data[start..<start + 14].allSatisfy({ (48...57).contains($0) }) else { return }
        let c = CivilDate(unixTime: max(0, min(time, 253_402_300_799)))  // four-digit years only
        let stamp = c.iso8601.filter(\.isNumber)
        guard stamp.utf8.count == 14 else { return }
        data.replaceSubrange(start..<start + 14, with: Array(stamp.utf8))
    }
}
