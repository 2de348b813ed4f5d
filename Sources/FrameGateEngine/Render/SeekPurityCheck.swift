import FrameGateBrowser
import Foundation
import FrameGateCore

/// `framegate check`: is a composition a pure function of time ("seek-pure"), or does it keep state across
/// frames (and so pays the pre-roll when a worker segment or chunk starts past frame 0)?
///
/// A few frames are captured twice: warm — as a render from frame 0 has them (every earlier frame time
/// replayed first) — and cold — a fresh page seeked straight to the frame. Equal digests everywhere: seek-pure.
public struct SeekPurityReport: Sendable, Codable, Equatable {
    public struct Sample: Sendable, Codable, Equatable {
        public var frame: Int
        public var warmDigest: String
        public var coldDigest: String
        public var equal: Bool { warmDigest == coldDigest }
    }

    public var samples: [Sample]
    /// The page registered requestAnimationFrame callbacks or timers: renders starting past frame 0 replay.
    public var registersPerFrameWork: Bool
    /// Frames the warm pass replayed and what each cost (ms, this machine, this composition's size).
    public var replayedFrames: Int
    public var replayMillisecondsPerFrame: Double?

    public var seekPure: Bool { samples.allSatisfy(\.equal) }
    public var firstDifferingFrame: Int? { samples.first { !$0.equal }?.frame }

    /// One sentence for the terminal.
    public var verdict: String {
        let cost = replayMillisecondsPerFrame.map { String(format: "%.2f ms per replayed frame", $0) } ?? "no replay measured"
        switch (seekPure, registersPerFrameWork) {
        case (true, false):
            return "seek-pure: every sampled frame is the same cold and warm, and the page registers no rAF callbacks or timers, so renders that start past frame 0 skip the pre-roll"
        case (true, true):
            return "seek-pure in the sampled frames, but the page registers rAF callbacks or timers, so renders that start past frame 0 still replay the frames before them (\(cost))"
        case (false, true):
            return "keeps state across frames: frame \(firstDifferingFrame ?? 0) differs cold and warm; renders that start past frame 0 replay the frames before them (\(cost)), so every mode shows the same pixels"
        case (false, false):
            return "keeps state across frames (frame \(firstDifferingFrame ?? 0) differs cold and warm) without registering rAF callbacks or timers, so the automatic pre-roll does not see it: render with --pre-roll always"
        }
    }
}

public enum SeekPurityCheck {
    /// Frames sampled: spread over the composition, never frame 0 (cold and warm are the same page there).
    public static func sampleFrames(total: Int, count: Int = 4) -> [Int] {
        guard total > 1 else { return [] }
        let picks = (1...count).map { max(1, min(total - 1, Int((Double(total) * Double($0) / Double(count + 1)).rounded()))) }
        return Array(Set(picks)).sorted()
    }

    public static func run(projectDir: URL, config: RenderConfig, browserOptions: BrowserOptions = BrowserOptions(),
                           frames: [Int]? = nil) async throws -> SeekPurityReport {
        try config.validate()
        let renderer = Renderer(config: config, browserOptions: browserOptions)
        let vendored = try renderer.vendoredAssets(projectDir: projectDir)
        let composition = try renderer.compile(projectDir: projectDir, remoteMedia: .locked(vendored))
        let timeline = try await renderer.probe(composition, projectDir: projectDir, vendored: vendored)
        let picks = frames ?? sampleFrames(total: timeline.totalFrames)
        let job = renderer.captureJob(composition, projectDir: projectDir, vendored: vendored)
        var warmOptions = job.captureOptions
        warmOptions.preRoll = .always
        // The warm session's browser (after the begin-frame fallback, if it came to that) serves the cold ones.
        let (browser, warm) = try await CapturePage.open(job.browserOptions, project: job.projectSource, options: warmOptions)
        do {
            let report = try await check(job: job, frames: picks, browser: browser, warm: warm)
            await browser.close()
            return report
        } catch {
            await browser.close()
            throw error
        }
    }

    static func check(job: CaptureJob, frames: [Int], browser: Browser, warm: CaptureSession) async throws -> SeekPurityReport {
        let project = job.projectSource
        var coldOptions = job.captureOptions
        coldOptions.preRoll = .never

        var warmDigests: [Int: String] = [:]
        let registers: Bool
        let stats: PreRollStats
        do {
            registers = try await warm.registersPerFrameWork()
            for frame in frames.sorted() { warmDigests[frame] = try await digest(of: frame, in: warm, frameRate: job.frameRate) }
            stats = await warm.preRollStats
            await warm.close()
        } catch {
            await warm.close()
            throw error
        }

        var samples: [SeekPurityReport.Sample] = []
        for frame in frames.sorted() {
            let cold = try await CaptureSession.open(browser: browser, project: project, options: coldOptions)
            do {
                let digest = try await digest(of: frame, in: cold, frameRate: job.frameRate)
                samples.append(.init(frame: frame, warmDigest: warmDigests[frame] ?? "", coldDigest: digest))
                await cold.close()
            } catch {
                await cold.close()
                throw error
            }
        }
        return SeekPurityReport(samples: samples, registersPerFrameWork: registers, replayedFrames: stats.frames,
                                replayMillisecondsPerFrame: stats.frames > 0 ? stats.seconds * 1000 / Double(stats.frames) : nil)
    }

    private static func digest(of frame: Int, in session: CaptureSession, frameRate: FrameRate) async throws -> String {
        let box = Locked<String>("")
        try await session.captureFrames(frame..<(frame + 1), frameRate: frameRate) { captured in box.withLock { $0 = captured.digest } }
        return box.withLock { $0 }
    }
}
