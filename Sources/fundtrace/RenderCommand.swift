import ArgumentParser
import Foundation
import FundTraceRender
import FundTraceTrace

extension GraphvizRenderer.Format: ExpressibleByArgument {}

/// Options shared by `render` and `report` for drawing a trace.
struct DiagramOptions: ParsableArguments {
    @Option(help: "At most this many nodes; the smallest flows are summarised as '+N more'.") var maxNodes = 60
    @Option(help: "Collapse similar nodes (victims, deposit addresses of one exchange …) when at least this many.") var collapseMin = 5
    @Option(help: ArgumentHelp("Block-explorer link per chain: CHAIN=https://…{address} (repeatable; http(s) only).", valueName: "CHAIN=TEMPLATE"))
    var explorer: [String] = []

    func options() throws -> TraceDiagram.Options {
        var overrides: [String: String] = [:]
        for e in explorer {
            guard let eq = e.firstIndex(of: "=") else { throw ValidationError("--explorer takes CHAIN=TEMPLATE") }
            overrides[String(e[..<eq])] = String(e[e.index(after: eq)...])
        }
        do {
            var o = TraceDiagram.Options(explorer: try ExplorerLinks(overrides: overrides))
            o.maxNodes = maxNodes
            o.collapseMin = collapseMin
            return o
        } catch let e as ExplorerLinks.Invalid { throw ValidationError(e.description) }
    }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a trace (trace.json) as DOT, SVG, PNG or PDF.",
        discussion: """
            FundTrace writes the DOT itself and lays it out in-process through libgvc (no dot subprocess). \
            Left to right by hop; shapes and border colours by role (legend included), fill by taint ratio; edges \
            bundle the transfers between two addresses per asset with amount in human units, count and dates. \
            Similar nodes are collapsed and --max-nodes keeps the biggest flows. In SVG every node has a tooltip \
            and a link to a block explorer. The same trace always gives the same DOT.
            """)

    @Argument(help: "A trace.json written by `fundtrace trace`.") var trace: String
    @Option(help: "dot, svg, png or pdf (default: from the output file's extension; svg on standard output).") var format: GraphvizRenderer.Format?
    @Option(name: [.short, .customLong("output")], help: "Output file ('-' for standard output).") var output: String = "-"
    @Option(help: "Graphviz layout engine (dot; sfdp for very large graphs).") var engine = "dot"
    @OptionGroup var diagram: DiagramOptions

    func run() throws {
        let fmt = try Self.format(format, output: output)
        let result = try TraceWriter.read(trace)
        let dot = TraceDiagram.dot(for: result, options: try diagram.options())
        let data = try GraphvizRenderer.render(dot: dot, format: fmt, engine: engine)
        if output == "-" { FileHandle.standardOutput.write(data) } else {
            try data.write(to: URL(fileURLWithPath: output))
            Terminal.error("wrote \(output) (\(fmt.rawValue), \(data.count) bytes)")
        }
    }

    /// The format to write: `--format`, else the output file's extension.
    /// An extension that names no format is an error rather than an SVG in a
    /// file called `.gif`; a `--format` that disagrees with it earns a note.
    static func format(_ given: GraphvizRenderer.Format?, output: String) throws -> GraphvizRenderer.Format {
        let ext = (output as NSString).pathExtension.lowercased()
        let named = GraphvizRenderer.Format(rawValue: ext)
        if let given {
            if output != "-", !ext.isEmpty, named != given {
                Terminal.error("note: writing \(given.rawValue) to \(output), whose extension says otherwise")
            }
            return given
        }
        if output == "-" { return .svg }
        guard let named else {
            throw ValidationError("cannot tell the format of \(output) from its extension: name the file .dot, .svg, .png or .pdf, or pass --format")
        }
        return named
    }
}
