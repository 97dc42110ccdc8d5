import Foundation

/// The layout in a fresh process of the same program (see ``GraphvizRenderer``, "Identical bytes").
///
/// The parent writes the DOT to a temporary file and starts `executable __graphviz-worker FORMAT ENGINE IN OUT`
/// with deterministic Swift hashing; the child lays it out with libgvc before doing anything else and writes
/// the rendered bytes to `OUT`, or a message to standard error and exit status 1.
public enum GraphvizWorker {
    static let verb = "__graphviz-worker"

    /// Call first thing in `main`: when this process was started as a worker, renders and exits.
    public static func runIfAsked() {
        let a = CommandLine.arguments
        guard a.count == 6, a[1] == verb else { return }
        do {
            let dot = try String(contentsOfFile: a[4], encoding: .utf8)
            try GraphvizRenderer.layOut(dot: dot, format: a[2], engine: a[3]).write(to: URL(fileURLWithPath: a[5]))
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }

    /// Renders in a new process of `executable`.
    static func run(executable: String, dot: String, format: String, engine: String) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundtrace-graphviz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.dot"), output = dir.appendingPathComponent("out"), messages = dir.appendingPathComponent("err")
        try Data(dot.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: messages.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = [verb, format, engine, input.path, output.path]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_DETERMINISTIC_HASHING"] = "1"
        p.environment = environment
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: messages)
        try p.run()
        p.waitUntilExit()
        guard p.terminationReason == .exit, p.terminationStatus == 0 else {
            let said = (try? String(contentsOf: messages, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let how = p.terminationReason == .exit ? "exit status \(p.terminationStatus)" : "signal \(p.terminationStatus)"
            throw GraphvizRenderer.Failure(description: said.isEmpty ? "Graphviz: the layout process failed (\(how))" : said)
        }
        return try Data(contentsOf: output)
    }

    /// This program's own executable, for ``GraphvizRenderer/Isolation/freshProcess(executable:)``.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
