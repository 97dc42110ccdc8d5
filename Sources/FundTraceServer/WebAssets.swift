import Foundation

/// The browser app (`Web/`: one page, its script and style, no third-party code), read once from the module's
/// resources and served from memory. The app loads nothing from anywhere else.
struct WebAssets: Sendable {
    struct Asset: Sendable { var bytes: Data; var type: String }
    let files: [String: Asset]

    static let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"]

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw WorkbenchError(.internalServerError, "the workbench's web files are missing beside the executable")
        }
        var files: [String: Asset] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            guard let type = Self.types[(name as NSString).pathExtension] else { continue }
            files["/" + name] = Asset(bytes: try Data(contentsOf: folder.appendingPathComponent(name)), type: type)
        }
        files["/"] = files["/index.html"]
        self.files = files
    }
}
