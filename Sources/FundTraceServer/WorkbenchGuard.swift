import Foundation
import HTTPTypes
import Hummingbird

/// What every request passes before it reaches a route, and what every answer carries:
///
/// - without a token (on loopback), the Host header must name this machine's loopback: a page elsewhere that
///   rebinds its own name to 127.0.0.1 cannot read the bench (with a token, which such a page cannot know, any
///   name the listening address is reached by is accepted);
/// - with a token (required when listening beyond loopback), every API request carries
///   `Authorization: Bearer TOKEN`, compared in constant time;
/// - a request with a body sends it as `application/json`, which a cross-site form cannot (and a cross-site
///   script cannot without a preflight, which is never granted);
/// - every answer carries a content security policy that allows only this server's own script, style and
///   connections, and no framing; API answers are never cached.
struct WorkbenchGuard<Context: RequestContext>: RouterMiddleware {
    let token: String?
    /// The names the Host header may carry; nil: any.
    let hosts: Set<String>?

    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Cross-Origin-Resource-Policy")!: "same-origin",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            try check(request)
            response = try await next(request, context)
        } catch let e as any HTTPResponseError {
            response = try e.response(from: request, context: context)
        } catch {
            // The cause goes to the server's log, not to the page: it may name files on this machine.
            FileHandle.standardError.write(Data("fundtrace serve: \(request.method) \(request.uri.path): \(error)\n".utf8))
            response = try WorkbenchError(.internalServerError, "the bench failed on this request (the server's log says why)").response(from: request, context: context)
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        if request.uri.path.hasPrefix("/api/") { response.headers[.cacheControl] = "no-store" }
        return response
    }

    func check(_ request: Request) throws {
        if let hosts, !(request.head.authority.map { hosts.contains(Self.hostName($0)) } ?? false) {
            throw WorkbenchError(.misdirectedRequest, "this bench answers only to its own address")
        }
        if let token, request.uri.path.hasPrefix("/api/") {
            let given = request.headers[.authorization] ?? ""
            guard Self.constantTimeEqual(given, "Bearer " + token) else {
                throw WorkbenchError(.unauthorized, "a token is needed: open the address the server printed, with its #token=…")
            }
        }
        if request.method == .post || request.method == .put {
            let type = (request.headers[.contentType] ?? "").lowercased()
            guard type.hasPrefix("application/json") else { throw WorkbenchError(.unsupportedMediaType, "send the body as application/json") }
        }
    }

    /// The host of a Host header, lower-cased, without its port: `127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `[::1]`.
    static func hostName(_ authority: String) -> String {
        let a = authority.lowercased()
        if a.hasPrefix("["), let close = a.firstIndex(of: "]") { return String(a[...close]) }
        return a.split(separator: ":", maxSplits: 1).first.map(String.init) ?? a
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return diff == 0
    }
}
