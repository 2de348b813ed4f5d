import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine
import FrameGateMedia

final class AudioMixerTests: XCTestCase {
    /// Mono-valued stereo source whose frame k holds (k+1)/1000 on both channels.
    private func ramp(_ frames: Int, rate: Int = 1000) -> AudioBuffer {
        var samples: [Float] = []
        for k in 0..<frames {
            let v = Float(k + 1) / 1000
            samples += [v, v]
        }
        return AudioBuffer(sampleRate: rate, channels: 2, samples: samples)
    }

    private func left(_ b: AudioBuffer) -> [Float] { stride(from: 0, to: b.samples.count, by: 2).map { b.samples[$0] } }

    func testExactOutputLength() {
        XCTAssertEqual(AudioMixer.mix([], duration: 2.5).frameCount, 120_000)
        XCTAssertEqual(AudioMixer.mix([], duration: 1.0 / 3, sampleRate: 1000).frameCount, 333)
        XCTAssertEqual(AudioMixer.mix([], duration: 0.0015, sampleRate: 1000).frameCount, 2, "rounds half away from zero")
    }

    func testPlacementStartsAtTheExactSample() {
        let out = AudioMixer.mix([AudioPlacement(source: ramp(3), start: 0.004)], duration: 0.01, sampleRate: 1000)
        XCTAssertEqual(left(out), [0, 0, 0, 0, 0.001, 0.002, 0.003, 0, 0, 0])
        XCTAssertEqual(out.samples[9], 0.001, "right channel too")
    }

    func testTrimAndDuration() {
        let out = AudioMixer.mix([AudioPlacement(source: ramp(10), start: 0.001, duration: 0.003, mediaStart: 0.005)], duration: 0.006, sampleRate: 1000)
        XCTAssertEqual(left(out), [0, 0.006, 0.007, 0.008, 0, 0])
    }

    func testLoopWrapsTheTrimmedRegion() {
        let out = AudioMixer.mix([AudioPlacement(source: ramp(4), start: 0, duration: 0.007, mediaStart: 0.001, loop: true)], duration: 0.008, sampleRate: 1000)
        XCTAssertEqual(left(out), [0.002, 0.003, 0.004, 0.002, 0.003, 0.004, 0.002, 0])
        let forever = AudioMixer.mix([AudioPlacement(source: ramp(2), start: 0.001, loop: true)], duration: 0.006, sampleRate: 1000)
        XCTAssertEqual(left(forever), [0, 0.001, 0.002, 0.001, 0.002, 0.001])
    }

    func testWithoutLoopPlaybackStopsAtSourceEnd() {
        let out = AudioMixer.mix([AudioPlacement(source: ramp(2), start: 0, duration: 0.005)], duration: 0.005, sampleRate: 1000)
        XCTAssertEqual(left(out), [0.001, 0.002, 0, 0, 0])
    }

    func testVolumeSumAndHardClip() {
        let loud = AudioBuffer(sampleRate: 1000, channels: 2, samples: [0.6, -0.6, 0.6, -0.6])
        let out = AudioMixer.mix([AudioPlacement(source: loud, start: 0, volume: 0.5),
                                  AudioPlacement(source: loud, start: 0.001, volume: 2)], duration: 0.003, sampleRate: 1000)
        XCTAssertEqual(out.samples, [0.3, -0.3, 1, -1, 1, -1])
    }

    func testMonoSourceFeedsBothChannelsAndOutputIsBitIdentical() {
        let mono = AudioBuffer(sampleRate: 48_000, channels: 1, samples: (0..<4800).map { sin(Float($0) * 0.05) })
        let placements = [AudioPlacement(source: mono, start: 1.0 / 3, duration: 0.07, mediaStart: 0.01, volume: 0.7, loop: true)]
        let a = AudioMixer.mix(placements, duration: 0.5)
        let b = AudioMixer.mix(placements, duration: 0.5)
        XCTAssertEqual(a.samples, b.samples)
        let first = 16_000 // round(1/3 · 48000)
        XCTAssertEqual(a.samples[2 * first - 1], 0)
        XCTAssertEqual(a.samples[2 * first], mono.samples[480] * 0.7)
        XCTAssertEqual(a.samples[2 * first + 1], mono.samples[480] * 0.7)
        XCTAssertNotEqual(a.samples[2 * (first + 3359)], 0)
        XCTAssertEqual(a.samples[2 * (first + 3360)], 0, "0.07 s = 3360 frames")
    }

    func testAudioPlanSkipsMutedAndSilentVideosAndDecodesEachFileOnce() throws {
        let clips = [
            MediaClip(id: "a", kind: .audio, src: "t.wav", start: 1, volume: 2),
            MediaClip(id: "b", kind: .audio, src: "t.wav", start: 2, muted: true),
            MediaClip(id: "c", kind: .video, src: "v.mp4", start: 0, hasAudio: false),
            MediaClip(id: "d", kind: .video, src: "w.mp4", start: 0.5, duration: 1, mediaStart: 0.25, loop: true, hasAudio: true),
            MediaClip(id: "e", kind: .audio, src: "t.wav", start: 3),
        ]
        var decoded: [String] = []
        let placements = try AudioPlan.placements(for: clips, media: MediaFiles(projectRoot: URL(fileURLWithPath: "/p"))) { url in
            decoded.append(url.path)
            return AudioBuffer(sampleRate: 48_000, channels: 2, samples: [Float(decoded.count), 0])
        }
        XCTAssertEqual(decoded, ["/p/t.wav", "/p/w.mp4"])
        XCTAssertEqual(placements.map(\.start), [1, 0.5, 3])
        XCTAssertEqual(placements.map(\.volume), [2, 1, 1])
        XCTAssertEqual(placements[1], AudioPlacement(source: AudioBuffer(sampleRate: 48_000, channels: 2, samples: [2, 0]),
                                                     start: 0.5, duration: 1, mediaStart: 0.25, volume: 1, loop: true))
    }
}
