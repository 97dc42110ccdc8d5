import ArgumentParser
import Foundation
import FundTraceRender
import FundTraceTrace

extension GraphvizRenderer.Format: ExpressibleByArgument {}
extension TraceDiagram.Layout: ExpressibleByArgument {}

/// Options shared by `render` and `report` for drawing a trace.
struct DiagramOptions: ParsableArguments {
    @Option(help: "At most this many nodes; the smallest flows are summarised as '+N more'.") var maxNodes = 60
    @Option(help: "Collapse similar nodes (victims, senders outside the trace, dust holders …) when at least this many.") var collapseMin = 5
    @Option(help: ArgumentHelp("Block-explorer link per chain: CHAIN=https://…{address} (repeatable; http(s) only).", valueName: "CHAIN=TEMPLATE"))
    var explorer: [String] = []
    @Option(help: ArgumentHelp("Daily USD prices, CSV with the header date,chain,asset,usd (asset: code or symbol): dollar values beside "
                               + "amounts (edges, deposit addresses; in a report also the freeze list, endpoints and totals), each at "
                               + "its own day's price.", valueName: "file"))
    var prices: String?

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
            if let prices { try reportingInvalidInput { o.prices = try PriceTable.read(path: prices) } }
            return o
        } catch let e as ExplorerLinks.Invalid { throw ValidationError(e.description) }
    }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a trace (trace.json) as DOT, SVG, PNG or PDF.",
        discussion: """
            FundTrace writes the DOT itself and lays it out through libgvc, in a fresh process of fundtrace so \
            that the same trace always gives the same bytes (DOT, SVG, PNG and PDF). Left to right by hop, a \
            cluster per chain; shapes and border colours by role (legend included), fill by taint ratio; edges \
            bundle the transfers between two addresses per asset, the biggest labelled with their amount. Each \
            exchange's deposit addresses, and each chain's addresses still holding a material share, are a table \
            with a row per address. Similar nodes are collapsed and --max-nodes keeps the biggest flows. In SVG \
            every node and row has a tooltip and a link to a block explorer. A PDF fits one landscape A3 page, drawn \
            as an overview: the sources, every crossing and every endpoint, with the addresses in between summarised \
            per chain (--layout detailed draws them).
            """)

    @Argument(help: "A trace.json written by `fundtrace trace`.") var trace: String
    @Option(help: "dot, svg, png or pdf (default: from the output file's extension; svg on standard output).") var format: GraphvizRenderer.Format?
    @Option(name: [.short, .customLong("output")], help: "Output file ('-' for standard output).") var output: String = "-"
    @Option(help: "Graphviz layout engine (dot; sfdp for very large graphs).") var engine = "dot"
    @Option(help: ArgumentHelp("Fit the diagram on one landscape page: a3, a4, letter or none (default: a3 for pdf, none otherwise).",
                               valueName: "paper")) var paper: String?
    @Option(help: ArgumentHelp("detailed (the biggest flows hop by hop, edges ending at each deposit address) or overview (sources, "
                               + "crossings and every endpoint, the addresses in between summarised per chain; what fits a printed "
                               + "page). Default: overview when fitted to paper, detailed otherwise.", valueName: "layout"))
    var layout: TraceDiagram.Layout?
    @OptionGroup var diagram: DiagramOptions

    func run() throws {
        let fmt = try Self.format(format, output: output)
        let result = try TraceWriter.read(trace)
        var options = try diagram.options()
        options.paper = try Self.paper(paper, format: fmt)
        options.layout = layout ?? (options.paper == nil ? .detailed : .overview)
        let dot = TraceDiagram.dot(for: result, options: options)
        let data = try GraphvizRenderer.render(dot: dot, format: fmt, engine: engine, isolation: FundTrace.layoutIsolation,
                                              pdfDate: result.latestFlowTime ?? 0)
        if output == "-" { FileHandle.standardOutput.write(data) } else {
            try data.write(to: URL(fileURLWithPath: output))
            Terminal.error("wrote \(output) (\(fmt.rawValue), \(data.count) bytes)")
        }
    }

    /// `--paper`: a named size, `none`, or by default A3 for a PDF (a page to print) and none for the rest.
    static func paper(_ given: String?, format: GraphvizRenderer.Format) throws -> TraceDiagram.Paper? {
        guard let given else { return format == .pdf ? .a3 : nil }
        if given.lowercased() == "none" { return nil }
        guard let p = TraceDiagram.Paper(rawValue: given.lowercased()) else {
            throw ValidationError("--paper must be a3, a4, letter or none, not '\(given)'")
        }
        return p
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
