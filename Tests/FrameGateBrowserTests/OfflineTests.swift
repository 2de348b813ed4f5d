import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// Offline means offline: a loopback listener (TCP and UDP on one port) must hear nothing from any
/// channel a composition can open, and each attempt fails the session with NETWORK_ACCESS_BLOCKED
/// naming the URL. The control shows the same listener hears a browser that lacks FrameGate's flags.
final class OfflineTests: XCTestCase {
    func testNoChannelReachesALoopbackListener() async throws {
        let listener = try LoopbackListener()
        defer { listener.stop() }
        let port = listener.port
        let origin = "127.0.0.1:\(port)"
        let channels: [(name: String, style: String, body: String, script: String, names: String)] = [
            ("websocket", "", "", "try { new WebSocket('ws://\(origin)/socket') } catch (e) {}", "ws://\(origin)/socket"),
            ("webrtc", "", "", "try { const pc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:\(origin)' }] }); pc.createDataChannel('d'); pc.createOffer().then(o => pc.setLocalDescription(o)) } catch (e) {}", "stun:\(origin)"),
            ("eventsource", "", "", "new EventSource('http://\(origin)/events')", "127.0.0.1"),
            ("fetch", "", "", "fetch('http://\(origin)/data.json').catch(() => {})", "127.0.0.1"),
            ("xhr", "", "", "const x = new XMLHttpRequest(); x.open('GET', 'http://\(origin)/x'); x.send()", "127.0.0.1"),
            ("beacon", "", "", "navigator.sendBeacon('http://\(origin)/beacon', 'x')", "127.0.0.1"),
            ("css-import", "", "<style>@import url('http://\(origin)/remote.css');</style>", "", "127.0.0.1"),
            ("font", "@font-face { font-family: R; src: url('http://\(origin)/r.woff2') } #root { font-family: R }", "text", "", "127.0.0.1"),
            ("image", "", "<img src=\"http://\(origin)/i.png\">", "", "127.0.0.1"),
            ("iframe", "", "<iframe src=\"http://\(origin)/frame.html\"></iframe>", "", "127.0.0.1"),
            ("navigation", "", "", "setTimeout(() => { location.href = 'http://\(origin)/elsewhere' }, 50)", "127.0.0.1"),
            ("file-url", "", "<img src=\"file:///etc/hostname\">", "", "file:///etc/hostname"),
        ]
        for channel in channels {
            let project = try TestProject(["index.html": page(duration: 1, style: channel.style, body: channel.body, script: channel.script)])
            let failure = await Self.sessionFailure(project)
            XCTAssertEqual(failure?.code, .networkAccessBlocked, "\(channel.name): \(failure?.description ?? "no failure")")
            XCTAssertTrue(failure?.message.contains(channel.names) ?? false, "\(channel.name): \(failure?.message ?? "")")
        }
        // Give late packets (ICE retries) a moment to arrive before judging.
        try await Task.sleep(nanoseconds: 500_000_000)
        XCTAssertEqual(listener.received, [], "the loopback listener heard the composition")

        // Control: a composition without network use opens and seeks cleanly in the same browser setup.
        let clean = try TestProject(["index.html": page(duration: 1, body: "<div class=\"box\">ok</div>")])
        let none = await Self.sessionFailure(clean)
        XCTAssertNil(none, none?.description ?? "")
    }

    /// The control for the listener: a plain headless browser, without FrameGate's offline flags, does
    /// reach it — so the silence above is the flags' doing, not a deaf listener.
    func testTheListenerHearsABrowserWithoutTheOfflineFlags() throws {
        let listener = try LoopbackListener()
        defer { listener.stop() }
        let executable = try BrowserOptions().resolveExecutable()
        let html = "<script>new WebSocket('ws://127.0.0.1:\(listener.port)/'); fetch('http://127.0.0.1:\(listener.port)/x')</script>"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("fg-offline-control-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = ["--headless", "--no-sandbox", "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000",
                             "--dump-dom", "data:text/html," + (html.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? html)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while listener.received.isEmpty, Date() < deadline { usleep(50_000) }
        process.terminate()
        process.waitUntilExit()
        XCTAssertTrue(listener.received.contains("tcp"), "the control browser never reached the listener: \(listener.received)")
    }

    /// Opens the project, seeks through it and waits a little; returns the session's coded failure.
    static func sessionFailure(_ project: TestProject) async -> CodedError? {
        do {
            let browser = try await Browser.launch()
            do {
                let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
                for time in [0.1, 0.3, 0.5] {
                    try await session.seek(to: time)
                    try await Task.sleep(nanoseconds: 150_000_000)
                }
                try await session.seek(to: 0.7)
                await session.close()
                await browser.close()
                return nil
            } catch {
                await browser.close()
                throw error
            }
        } catch let error as CodedError {
            return error
        } catch {
            return BrowserError.protocolError(method: "test", message: "\(error)")
        }
    }
}

/// A TCP listener and a UDP socket on the same loopback port, recording whatever arrives.
final class LoopbackListener: Sendable {
    let port: UInt16
    private let tcp: Int32
    private let udp: Int32
    private let state = Locked<(received: [String], stopped: Bool)>(([], false))

    init() throws {
        let tcpSocket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let udpSocket = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        tcp = tcpSocket
        udp = udpSocket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(tcpSocket, raw, length) == 0 && listen(tcpSocket, 16) == 0 && getsockname(tcpSocket, raw, &length) == 0
            }
        }
        guard bound else { throw NSError(domain: "listener", code: Int(errno)) }
        port = UInt16(bigEndian: address.sin_port)
        let udpBound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udpSocket, $0, length) == 0 }
        }
        guard udpBound else { throw NSError(domain: "listener", code: Int(errno)) }
        let (tcp, udp, state) = (self.tcp, self.udp, self.state)
        Thread.detachNewThread {
            var fds = [pollfd(fd: tcp, events: Int16(POLLIN), revents: 0), pollfd(fd: udp, events: Int16(POLLIN), revents: 0)]
            while !state.value.stopped {
                guard poll(&fds, 2, 50) > 0 else { continue }
                if fds[0].revents & Int16(POLLIN) != 0 {
                    let client = accept(tcp, nil, nil)
                    if client >= 0 { close(client) }
                    state.withLock { $0.received.append("tcp") }
                }
                if fds[1].revents & Int16(POLLIN) != 0 {
                    var buffer = [UInt8](repeating: 0, count: 2048)
                    _ = recv(udp, &buffer, buffer.count, 0)
                    state.withLock { $0.received.append("udp") }
                }
            }
            close(tcp)
            close(udp)
        }
    }

    var received: [String] { state.value.received }
    func stop() { state.withLock { $0.stopped = true } }
}
