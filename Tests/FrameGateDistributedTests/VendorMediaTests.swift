import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore
import FrameGateTestSupport
import XCTest

/// `<video>`/`<audio>` with an http(s) src: FrameGate decodes media itself, so the compiler needs the bytes.
/// Before this, such a clip was skipped in silence (a video with no video in it, exit 0).
final class VendorMediaTests: XCTestCase {
    static let origin = "https://media.framegate.test"

    static func html(video: String, audio: String) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8">
        <style>html, body { margin: 0; background: #222; } #root { position: relative; width: 320px; height: 180px; overflow: hidden; }
        video { position: absolute; left: 40px; top: 20px; width: 240px; height: 135px; }</style>
        </head><body>
        <div id="root" data-composition-id="media" data-width="320" data-height="180" data-duration="1">
          <video id="clip" src="\(video)" data-start="0" data-duration="1" muted></video>
          <audio id="tone" src="\(audio)" data-start="0" data-duration="1"></audio>
        </div>
        </body></html>
        """
    }

    func testRemoteMediaIsRefusedUntilVendoredThenDecodedFromTheStoreWithTheServerStopped() async throws {
        let scratch = try Scratch()
        let clip = scratch.file("clip.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=240x136:rate=30:duration=1", "-pix_fmt", "yuv420p",
                              "-c:v", "libx264", "-g", "10", clip.path])
        let tone = toneWAV(frequency: 440, amplitude: 0.4, channels: 2, seconds: 1)
        let server = try LoopbackHTTPServer(routes: [
            "/v/clip.mp4": .ok(try Data(contentsOf: clip), type: "video/mp4"),
            "/a/tone.wav": .ok(tone, type: "audio/wav"),
        ])
        let videoURL = Self.origin + "/v/clip.mp4", audioURL = Self.origin + "/a/tone.wav"
        let project = try scratch.write(Self.html(video: videoURL, audio: audioURL), to: "remote/index.html").deletingLastPathComponent()

        // Not vendored: refused with the vendor hint, not rendered without its media.
        let refused = await expectCode(.networkAccessBlocked) { try await renderDigests(project, in: scratch, name: "refused") }
        XCTAssertTrue(refused?.message.contains("framegate vendor") ?? false, refused?.message ?? "")
        XCTAssertTrue(refused?.message.contains(Self.origin) ?? false, refused?.message ?? "")

        let vendored = try await vendorProcess(project, ["--mirror", "\(Self.origin)=\(server.origin)"])
        XCTAssertEqual(vendored.status, 0, vendored.stderr)
        let lock = try readLock(project)
        XCTAssertEqual(lock.assets[videoURL]?.sha256, SHA256Digest.hex(of: try Data(contentsOf: clip)))
        XCTAssertEqual(lock.assets[audioURL]?.sha256, SHA256Digest.hex(of: tone))
        server.stop()

        // Offline, from the store: the same frames and sound as the same files inside the project.
        let offline = try await Renderer(config: plainRender()).render(projectDir: project, to: scratch.file("offline.mp4"))
        try scratch.write(Data(contentsOf: clip), to: "local/media/clip.mp4")
        try scratch.write(tone, to: "local/media/tone.wav")
        let localProject = try scratch.write(Self.html(video: "media/clip.mp4", audio: "media/tone.wav"), to: "local/index.html")
            .deletingLastPathComponent()
        let local = try await Renderer(config: plainRender()).render(projectDir: localProject, to: scratch.file("local.mp4"))
        XCTAssertEqual(offline.digests, local.digests, "the vendored clip is drawn exactly as the local one")
        XCTAssertTrue(offline.hasAudio, "the vendored audio is mixed")
        XCTAssertGreaterThan(try audioRMS(scratch.file("offline.mp4")), 0.1)

        // Control: without the video the frames differ, so the comparison above saw the clip.
        let bare = try scratch.write(Self.html(video: "", audio: "media/tone.wav").replacingOccurrences(of: "<video id=\"clip\" src=\"\"", with: "<div id=\"clip\""),
                                     to: "local/bare.html")
        var config = plainRender()
        config.entryPath = bare.lastPathComponent
        let withoutVideo = try await Renderer(config: config).render(projectDir: localProject, to: scratch.file("bare.mp4"))
        XCTAssertNotEqual(withoutVideo.digests[15], offline.digests[15])
    }

    /// Root mean square of the file's first audio stream, decoded by ffmpeg (the independent reference).
    private func audioRMS(_ url: URL) throws -> Double {
        let data = try Reference.runData("ffmpeg", ["-v", "error", "-i", url.path, "-f", "f32le", "-ac", "1", "-"])
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0) { $0 + Double($1 * $1) } / Double(samples.count)).squareRoot()
    }
}
