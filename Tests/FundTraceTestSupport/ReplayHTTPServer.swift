import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests of clients: each request (method, path with query, body) is
/// answered by `respond`, on a thread of its own, one connection per request (`Connection: close`).
///
///     let server = try ReplayHTTPServer { request in .init(status: 200, body: Data("{}".utf8)) }
///     defer { server.stop() }
///     let url = "http://127.0.0.1:\(server.port)/"
public final class ReplayHTTPServer: @unchecked Sendable {
    public struct Request: Sendable { public var method: String; public var target: String; public var body: Data }
    public struct Response: Sendable {
        public var status: Int; public var headers: [String: String]; public var body: Data
        public init(status: Int = 200, headers: [String: String] = [:], body: Data) { self.status = status; self.headers = headers; self.body = body }
        public static func json(_ text: String, status: Int = 200) -> Response { Response(status: status, headers: ["Content-Type": "application/json"], body: Data(text.utf8)) }
    }

    public let port: Int
    private let socket: Int32
    private let respond: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var _requests: [Request] = []
    /// Every request received, in order.
    public var requests: [Request] { lock.lock(); defer { lock.unlock() }; return _requests }

    public init(respond: @escaping @Sendable (Request) -> Response) throws {
        self.respond = respond
        let s = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(s, 64) == 0 else { close(s); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) } }
        socket = s
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public func stop() { shutdown(socket, Int32(SHUT_RDWR)); close(socket) }

    private func acceptLoop() {
        while true {
            let client = accept(socket, nil, nil)
            guard client >= 0 else { return }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = read(client, &chunk, chunk.count)
            guard n > 0 else { return }
            buffer += chunk[0..<n]
            if headerEnd == nil, let r = Self.find([13, 10, 13, 10], in: buffer) {
                headerEnd = r + 4
                let head = String(decoding: buffer[0..<r], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let h = headerEnd, buffer.count >= h + contentLength { break }
        }
        let head = String(decoding: buffer[0..<(headerEnd! - 4)], as: UTF8.self)
        let requestLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
        let parts = requestLine.split(separator: " ")
        let request = Request(method: parts.count > 0 ? String(parts[0]) : "", target: parts.count > 1 ? String(parts[1]) : "",
                              body: Data(buffer[headerEnd!..<(headerEnd! + contentLength)]))
        lock.lock(); _requests.append(request); lock.unlock()
        let response = respond(request)
        var text = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n"
        for (k, v) in response.headers { text += "\(k): \(v)\r\n" }
        text += "\r\n"
        let bytes = Array(text.utf8) + Array(response.body)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count) }
            guard n > 0 else { return }
            sent += n
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}
