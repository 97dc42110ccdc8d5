import Foundation
import Hummingbird

/// A request the workbench refuses, with the status and the sentence the person sees.
/// Every refusal is a 4xx with a JSON body `{"error": "…"}`; nothing else leaks (no paths, no stack).
public struct WorkbenchError: Error, Sendable, CustomStringConvertible, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var description: String

    public init(_ status: HTTPResponse.Status, _ description: String) { self.status = status; self.description = description }

    static func bad(_ why: String) -> WorkbenchError { WorkbenchError(.badRequest, why) }
    static func notFound(_ why: String) -> WorkbenchError { WorkbenchError(.notFound, why) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONEncoder().encode(["error": description])) ?? Data("{\"error\":\"\"}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
