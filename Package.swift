// swift-tools-version:6.0
import Foundation
import PackageDescription

// The taint engine and amounts are generic, hot code called across modules: cross-module optimisation lets callers
// specialise them (`taint account` and `score` on 2 M transfers: 35–45 % faster; BENCHMARKS.md). It needs
// unsafeFlags, which SwiftPM refuses in a package used as a versioned dependency, so it is opt-in:
//   FUNDTRACE_CMO=1 swift build -c release
let hotPath: [SwiftSetting] = ProcessInfo.processInfo.environment["FUNDTRACE_CMO"] == "1"
    ? [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))] : []

// Layers, lower never importing higher:
//   FundTraceModel → FundTraceCSV, FundTraceStore → FundTraceIngest → FundTraceFetch (nodes and explorer APIs)
//   FundTraceModel → FundTraceTaint (the pure engine: the model and nothing else)
//   FundTraceIngest, FundTraceTaint → FundTraceTaintAdapters (sources, conformance, store sweep, scoring)
//   → FundTraceTrace → FundTraceRender → FundTraceServer (the workbench) → fundtrace (CLI)
let package = Package(
    name: "FundTrace",
    platforms: [.macOS(.v15)],  // the stdlib's UInt128 (FIFO/LIFO queue arithmetic, see SegmentCount)
    products: [
        .executable(name: "fundtrace", targets: ["fundtrace"]),
        .library(name: "FundTraceModel", targets: ["FundTraceModel"]),
        .library(name: "FundTraceStore", targets: ["FundTraceStore"]),
        .library(name: "FundTraceIngest", targets: ["FundTraceIngest"]),
        .library(name: "FundTraceCSV", targets: ["FundTraceCSV"]),
        .library(name: "FundTraceTaint", targets: ["FundTraceTaint"]),
        .library(name: "FundTraceFetch", targets: ["FundTraceFetch"]),
        .library(name: "FundTraceTaintAdapters", targets: ["FundTraceTaintAdapters"]),
        .library(name: "FundTraceTrace", targets: ["FundTraceTrace"]),
        .library(name: "FundTraceRender", targets: ["FundTraceRender"]),
        .library(name: "FundTraceSimulation", targets: ["FundTraceSimulation"]),
        .library(name: "FundTraceServer", targets: ["FundTraceServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Doubles in fixed notation without Swift's varargs boxing (see FixedPointText).
        .target(name: "CFundTraceFormat"),
        .target(name: "FundTraceModel", dependencies: ["CFundTraceFormat"], swiftSettings: hotPath),
        .target(name: "CFundTracePrefetch"),
        // Process-wide SQLite settings (sqlite3_config is variadic, unreachable from Swift).
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        // libgvc (libgraphviz-dev) through a C shim; see Sources/CGraphviz.
        .target(name: "CGraphviz", linkerSettings: [.linkedLibrary("gvc"), .linkedLibrary("cgraph"), .linkedLibrary("cdt")]),
        // A plain CSV line split on its commas 16 bytes at a time (SSE2; see its header for why C).
        .target(name: "CFundTraceScan"),
        // CSV reading and writing, file errors and the escaping of untrusted names: used by every layer above.
        .target(name: "FundTraceCSV", dependencies: ["FundTraceModel", "CFundTraceScan"]),
        .target(
            name: "FundTraceStore",
            dependencies: [
                "FundTraceModel", "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "FundTraceIngest",
            dependencies: [
                "FundTraceModel", "FundTraceCSV", "FundTraceStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]),
        // Fetching from nodes and explorer APIs into the store, through the ingest formats' importers.
        .target(name: "FundTraceFetch", dependencies: ["FundTraceModel", "FundTraceCSV", "FundTraceStore", "FundTraceIngest",
                                                      .product(name: "Crypto", package: "swift-crypto")]),
        // Synthetic cases with ground truth (`fundtrace simulate`); writes the formats ingest reads.
        .target(
            name: "FundTraceSimulation",
            dependencies: [
                "FundTraceModel", "FundTraceCSV", "FundTraceIngest",
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // The taint engine: pure, the model below it and nothing else.
        .target(
            name: "FundTraceTaint",
            dependencies: [
                "FundTraceModel", "CFundTracePrefetch",
                .product(name: "BigInt", package: "BigInt"),
            ],
            swiftSettings: hotPath),
        // The engine's adapters: sources files, the conformance runners over canonical CSV, the store sweep and scoring.
        .target(
            name: "FundTraceTaintAdapters",
            dependencies: ["FundTraceModel", "FundTraceCSV", "FundTraceStore", "FundTraceIngest", "FundTraceTaint", "CFundTraceScan"],
            swiftSettings: hotPath),
        .target(
            name: "FundTraceTrace",
            dependencies: ["FundTraceModel", "FundTraceStore", "FundTraceCSV", "FundTraceIngest", "FundTraceTaint", "FundTraceTaintAdapters"],
            swiftSettings: hotPath),
        .target(
            name: "FundTraceRender",
            dependencies: ["FundTraceModel", "FundTraceStore", "FundTraceCSV", "FundTraceIngest", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceTrace", "CGraphviz"]),
        // The workbench (`fundtrace serve`): a JSON API over the store, the tracer and the renderer, and the browser app in Web/.
        .target(
            name: "FundTraceServer",
            dependencies: ["FundTraceModel", "FundTraceStore", "FundTraceCSV", "FundTraceIngest", "FundTraceTaint", "FundTraceTaintAdapters",
                           "FundTraceTrace", "FundTraceRender", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Web")]),
        // Scores traces against a simulated case's ground truth (`fundtrace evaluate`).
        .target(
            name: "FundTraceEvaluation",
            dependencies: ["FundTraceModel", "FundTraceTrace", "FundTraceSimulation"]),
        .executableTarget(
            name: "fundtrace",
            dependencies: [
                "FundTraceModel", "FundTraceStore", "FundTraceCSV", "FundTraceIngest", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceTrace", "FundTraceRender", "FundTraceSimulation", "FundTraceEvaluation", "FundTraceFetch", "FundTraceServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "FundTraceBenchmarks",
            dependencies: ["FundTraceModel", "FundTraceStore", "FundTraceCSV", "FundTraceIngest", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceTrace", "FundTraceRender",
                           "FundTraceSimulation", "FundTraceEvaluation", "CFundTracePrefetch"]),
        // Coverage-guided fuzzing of the parsers: libFuzzer's main when built with `--sanitize fuzzer -Xswiftc -DFUZZING`
        // (scripts/fuzz-parsers.sh); otherwise a tool that writes seeds and replays the inputs it keeps.
        .executableTarget(
            name: "FundTraceFuzz",
            dependencies: ["FundTraceModel", "FundTraceStore", "FundTraceCSV", "FundTraceIngest", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceTrace",
                           "FundTraceRender", "FundTraceFetch"]),
        // What the tests share: the real data in ../shared (clear when it is missing) and temporary directories.
        .target(name: "FundTraceTestSupport", path: "Tests/FundTraceTestSupport"),
        .testTarget(name: "FundTraceModelTests", dependencies: ["FundTraceModel", "FundTraceTestSupport"]),
        .testTarget(name: "FundTraceFetchTests", dependencies: ["FundTraceTestSupport", "FundTraceFetch", "FundTraceIngest", "FundTraceStore", "FundTraceCSV", "FundTraceModel"]),
        .testTarget(name: "FundTraceCSVTests", dependencies: ["FundTraceTestSupport", "FundTraceCSV", "FundTraceModel"]),
        .testTarget(name: "FundTraceStoreTests", dependencies: ["FundTraceTestSupport", "FundTraceStore", "FundTraceModel", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "FundTraceIngestTests", dependencies: ["FundTraceTestSupport", "FundTraceCSV", "FundTraceIngest", "FundTraceStore", "FundTraceModel"]),
        // Regressions/ holds inputs the fuzzer found crashing, read from the source tree by the tests.
        .testTarget(name: "FundTraceRenderTests", dependencies: ["FundTraceTestSupport", "FundTraceRender", "FundTraceTrace", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceCSV", "FundTraceIngest", "FundTraceStore", "FundTraceModel"],
                    exclude: ["Regressions"]),
        .testTarget(name: "FundTraceTraceTests", dependencies: ["FundTraceTestSupport", "FundTraceTrace", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceCSV", "FundTraceIngest", "FundTraceStore", "FundTraceModel"]),
        .testTarget(name: "FundTraceSimulationTests", dependencies: ["FundTraceTestSupport", "FundTraceSimulation", "FundTraceCSV", "FundTraceIngest", "FundTraceStore", "FundTraceModel"]),
        .testTarget(name: "FundTraceEvaluationTests", dependencies: ["FundTraceTestSupport", "FundTraceEvaluation", "FundTraceSimulation", "FundTraceTrace", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceCSV", "FundTraceIngest", "FundTraceStore", "FundTraceModel"]),
        .testTarget(name: "fundtraceTests", dependencies: ["FundTraceTestSupport", "fundtrace", "FundTraceCSV", "FundTraceStore"]),
        .testTarget(name: "FundTraceServerTests", dependencies: ["FundTraceTestSupport", "FundTraceServer", "FundTraceSimulation", "FundTraceRender", "FundTraceTrace", "FundTraceIngest", "FundTraceStore", "FundTraceModel",
                                                               .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "FundTraceTaintTests", dependencies: ["FundTraceTestSupport", "FundTraceTaint", "FundTraceTaintAdapters", "FundTraceCSV", "FundTraceIngest", "FundTraceStore", "FundTraceModel",
                                                              .product(name: "BigInt", package: "BigInt")]),
    ],
    swiftLanguageModes: [.v6]
)
