import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// `data-has-audio` comes from the real files: fixtures generated with ffmpeg, probed with ffprobe
/// (the renderer passes FrameGateMedia's libav probe instead).
final class VideoAudioStampTests: XCTestCase {
    func testVideosAreStampedFromTheirSourceFiles() throws {
        let p = try TestProject(["index.html": page("""
        <div data-composition-id="m" data-duration="2">
          <video id="loud" src="with.mp4" data-start="0" style="object-fit: cover"></video>
          <video id="quiet" src="without.mp4" data-start="0.5" data-media-start="0.2"></video>
          <video id="hushed" src="with.mp4" muted></video>
        </div>
        """)])
        let video = ["-f", "lavfi", "-i", "testsrc=size=64x36:rate=10:duration=1"]
        try Reference.ffmpeg(video + ["-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                                      "-shortest", "-c:v", "libx264", "-c:a", "aac", p.dir.appendingPathComponent("with.mp4").path])
        try Reference.ffmpeg(video + ["-c:v", "libx264", p.dir.appendingPathComponent("without.mp4").path])

        let c = try p.compile(hasAudio: Reference.hasAudio)
        XCTAssertEqual(c.startTag(id: "loud")?.value("data-has-audio"), "true")
        XCTAssertEqual(c.startTag(id: "quiet")?.value("data-has-audio"), "false")
        XCTAssertEqual(c.videoClips.map(\.hasAudio), [true, false, true])
        XCTAssertEqual(c.videoClips[0].objectFit, "cover")
        XCTAssertEqual(c.videoClips[1].mediaStart, 0.2)
        XCTAssertEqual(CompiledStructure.parse(html: c.html).hasAudio, ["loud": true, "quiet": false, "hushed": true])

        // Only the unmuted video with sound is mixed.
        var decoded: [String] = []
        let placements = try AudioPlan.placements(for: c.audioClips + c.videoClips, media: MediaFiles(projectRoot: p.dir)) { url in
            decoded.append(url.lastPathComponent)
            return .init(sampleRate: 48_000, channels: 2, samples: [0.5, 0.5])
        }
        XCTAssertEqual(placements.count, 1)
        XCTAssertEqual(decoded, ["with.mp4"])
    }
}
