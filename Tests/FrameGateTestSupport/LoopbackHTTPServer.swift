import Foundation
import FrameGateCore
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 — the "CDN" of the vendor tests, never the internet. POSIX
/// sockets, a thread that accepts and a thread per connection; every answer closes its connection.
public final class LoopbackHTTPServer: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        /// Seconds to wait before answering (a slow server); cut short by `stop()`.
        public var delay: Double

        public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data(), delay: Double = 0) {
            self.status = status; self.headers = headers; self.body = body; self.delay = delay
        }

        public static func ok(_ body: Data, type: String) -> Response { Response(headers: ["Content-Type": type], body: body) }
        public static func ok(_ text: String, type: String) -> Response { ok(Data(text.utf8), type: type) }
        public static func redirect(to location: String) -> Response { Response(status: 302, headers: ["Location": location]) }
    }

    public let port: UInt16
    public var origin: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let routes: Locked<[String: Response]>
    private let hits = Locked<[String: Int]>([:])
    private let stopped = Locked(false)
    private let acceptExited = DispatchSemaphore(value: 0)

    /// `routes`: request path (without the query) → answer; anything else is 404.
    public init(routes: [String: Response]) throws {
        self.routes = Locked(routes)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.failure("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw Self.failure("bind/listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    public func set(_ path: String, _ response: Response) { routes.withLock { $0[path] = response } }

    /// How many requests asked for `path`.
    public func hitCount(_ path: String) -> Int { hits.withLock { $0[path] ?? 0 } }

    /// Stops accepting, ends slow answers, and closes the port: later connections are refused.
    public func stop() {
        let wasRunning = stopped.withLock { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard wasRunning else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        acceptExited.wait()
        close(listener)
    }

    private func acceptLoop() {
        defer { acceptExited.signal() }
        while !stopped.value {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0, !stopped.value else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var request = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.range(of: Data("\r\n\r\n".utf8)) == nil {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            request.append(contentsOf: buffer[0..<count])
        }
        let firstLine = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
        let target = firstLine.count > 1 ? String(firstLine[1]) : "/"
        let path = String(target.prefix { $0 != "?" })
        hits.withLock { $0[path, default: 0] += 1 }
        let response = routes.withLock { $0[path] } ?? Response(status: 404, body: Data("not found: \(path)".utf8))
        var waited = 0.0
        while waited < response.delay, !stopped.value {
            usleep(20_000)
            waited += 0.02
        }
        if stopped.value && response.delay > 0 { return }
        var head = "HTTP/1.1 \(response.status) \(response.status < 400 ? "OK" : "Error")\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Data(head.utf8) + response.body
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(connection, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { return }
                sent += count
            }
        }
    }

    private static func failure(_ call: String) -> NSError {
        NSError(domain: "LoopbackHTTPServer", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(call): \(String(cString: strerror(errno)))"])
    }
}
