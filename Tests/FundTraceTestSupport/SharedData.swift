import Foundation
import XCTest

/// The real public data the tests read in place from `../shared/datasets-raw` (never copied into the project).
///
///     let csv = try SharedData.url("dspytdao-eth-data/LazarusTabularTxs1322519.csv")
///
/// When the data is absent the test says so in one clear line: on CI (`CI` set) it fails, elsewhere it is skipped.
public enum SharedData {
    /// The repository's root (this file is `Tests/FundTraceTestSupport/SharedData.swift`).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `../shared` beside the repository: the contract, notes and real data.
    public static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    /// `../shared/datasets-raw`.
    public static let raw = shared.appendingPathComponent("datasets-raw")

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// `relative` inside `datasets-raw`, when it exists.
    public static func url(_ relative: String) throws -> URL { try existing(raw.appendingPathComponent(relative)) }

    /// `relative` inside `../shared` (for example `TAINT_SEMANTICS.md`), when it exists.
    public static func sharedFile(_ relative: String) throws -> URL { try existing(shared.appendingPathComponent(relative)) }

    private static func existing(_ u: URL) throws -> URL {
        guard FileManager.default.fileExists(atPath: u.path) else {
            let message = "\(u.path) is missing: these tests read the contract and real data in ../shared, beside the repository"
            if ProcessInfo.processInfo.environment["CI"] != nil { throw Missing(description: message) }
            throw XCTSkip(message)
        }
        return u
    }

    /// A file of the repository itself (`Datasets/…`, `Tests/…`).
    public static func inRepository(_ relative: String) -> URL { repository.appendingPathComponent(relative) }
}

/// A directory for one test's files, removed when the value is released.
///
///     let dir = try TemporaryDirectory("trace")
///     let store = try TransferStore(path: dir.path("s.sqlite"))
public final class TemporaryDirectory {
    public let url: URL

    public init(_ prefix: String = "fundtrace") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension XCTestCase {
    /// A new directory for this test's files, removed when the test ends (pass or fail).
    public func newTemporaryDirectory(_ prefix: String = "fundtrace") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The path of a new file named `name` holding `contents`, in a folder removed when the test ends.
    public func temporaryFile(_ name: String, _ contents: Data) throws -> String {
        let path = try newTemporaryDirectory().appendingPathComponent(name).path
        try contents.write(to: URL(fileURLWithPath: path))
        return path
    }
}
