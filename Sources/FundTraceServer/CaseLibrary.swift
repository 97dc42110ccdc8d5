import Foundation
import FundTraceRender

/// A case as the bench saves it: the trace asked for (sources and parameters), the canvas with its notes, and
/// free text. Reopening it restores the canvas as saved and runs the trace again (the store gives the same answer).
public struct CaseFile: Codable, Sendable, Equatable {
    public var version: Int
    public var name: String
    public var savedAt: String?
    public var trace: TraceRequest?
    public var view: ViewGraph
    public var notes: String?
    /// The window and filters of the bench when saved (since, until, asset, min), as typed.
    public var window: [String: String]?

    public init(version: Int = 1, name: String, savedAt: String? = nil, trace: TraceRequest? = nil, view: ViewGraph, notes: String? = nil,
                window: [String: String]? = nil) {
        self.version = version; self.name = name; self.savedAt = savedAt; self.trace = trace; self.view = view; self.notes = notes; self.window = window
    }
}

/// The one folder case files are written to and read from. A case is named by a plain word — letters, digits,
/// `-`, `_` and `.`, not starting with a dot, at most 80 characters — stored as `NAME.case.json`, so no name can
/// reach outside the folder. Writes go to a temporary file renamed into place: a case file is whole or absent.
public struct CaseLibrary: Sendable {
    public let path: String
    static let suffix = ".case.json"
    /// The largest case file accepted (a view of 2,000 nodes with notes is well under it).
    public static let maxBytes = 8 << 20

    public init(path: String) { self.path = path }

    static func isValidName(_ name: String) -> Bool {
        guard (1...80).contains(name.utf8.count), name.first != "." else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F || c == 0x2E
        }
    }

    func file(_ name: String) throws -> URL {
        guard Self.isValidName(name) else {
            throw WorkbenchError.bad("a case name is 1 to 80 letters, digits, '-', '_' or '.', not starting with '.'")
        }
        return URL(fileURLWithPath: path).appendingPathComponent(name + Self.suffix)
    }

    /// The saved cases' names, sorted.
    public func list() throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.filter { $0.hasSuffix(Self.suffix) }.map { String($0.dropLast(Self.suffix.count)) }.filter(Self.isValidName).sorted()
    }

    public func read(_ name: String) throws -> Data {
        let url = try file(name)
        guard let data = try? Data(contentsOf: url) else { throw WorkbenchError.notFound("no case named '\(name)'") }
        return data
    }

    /// Checks that `body` is a case (it decodes, names itself `name`), then writes it.
    public func write(_ name: String, _ body: Data) throws {
        let url = try file(name)
        guard body.count <= Self.maxBytes else { throw WorkbenchError(.contentTooLarge, "a case file is at most \(Self.maxBytes >> 20) MiB") }
        let c: CaseFile
        do { c = try JSONDecoder().decode(CaseFile.self, from: body) } catch {
            throw WorkbenchError.bad("not a case file: \(Self.reason(error))")
        }
        guard c.name == name else { throw WorkbenchError.bad("the case names itself '\(c.name)', not '\(name)'") }
        if let problem = c.view.problem() { throw WorkbenchError.bad(problem) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        try body.write(to: temporary)
        if FileManager.default.fileExists(atPath: url.path) { _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary) } else {
            try FileManager.default.moveItem(at: temporary, to: url)
        }
    }

    /// What a JSON decoding error says, without Foundation's noise.
    static func reason(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let k, _): return "'\(k.stringValue)' is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            let at = c.codingPath.map(\.stringValue).joined(separator: ".")
            return (at.isEmpty ? "" : "at \(at): ") + c.debugDescription
        default: return "it is not JSON"
        }
    }
}
