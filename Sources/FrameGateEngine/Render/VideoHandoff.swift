import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

/// Puts each on-screen `<video>`'s frame into the page before a frame is captured, one frame ahead:
/// once frame i's video frames are shown, frame i + 1's are decoded and staged in the page
/// (CaptureSession.stageVideoFrame) while frame i is drawn and read back, and frame i + 1 only draws them.
/// The hand-over of a 1280×720 frame took about 21 ms of the capture loop's 48 ms a frame (file write 1.9,
/// file selection 6.4, the page's read and draw 12.5); staged, all but the draw runs beside the capture. A source frame the overlay already
/// shows (a held last frame; a 24 fps clip at 30 fps shows every fourth source frame twice) is not handed
/// over again, once the page confirms its overlay still shows it.
///
/// Pixels do not depend on any of it: the frame staged for i + 1 is the one frame i + 1 would have been
/// handed, a frame staged for another frame than the one shown (a jump between segments) is never drawn,
/// and a kept overlay holds exactly the source frame that would have been handed over.
actor VideoHandoff {
    private let videos: [VideoFrameSource]
    private let session: CaptureSession
    /// What was staged for the next frame, per element: pixels of a source frame, or nothing because the
    /// next frame shows the source frame on screen now.
    enum Staged: Sendable {
        case pixels(width: Int, height: Int, source: Int)
        case unchanged(source: Int)
    }
    private var staging: (frame: Int, task: Task<[String: Staged], Error>)?
    /// The source frame each element's overlay was last given.
    private var onScreen: [String: Int] = [:]
    /// Video frames drawn from a stage, and frames whose video frame was kept on screen (tests, diagnostics).
    private(set) var framesStaged = 0
    private(set) var framesKept = 0

    init(videos: [VideoFrameSource], session: CaptureSession) {
        self.videos = videos
        self.session = session
    }

    /// Shows the video frames of composition frame `index`, then stages those of `index + 1` if
    /// `stageNext` (the caller knows `index + 1` is captured next, with no reload in between).
    func show(atFrame index: Int, stageNext: Bool) async throws {
        var staged: [String: Staged] = [:]
        if let (frame, task) = staging {
            staging = nil
            // A failed staging fails the frame it was for; one for another frame is not drawn.
            if frame == index { staged = try await task.value } else { _ = try? await task.value }
        }
        for video in videos where video.isActive(atFrame: index) {
            let id = video.clip.id
            // The source is not asked again for a staged frame: it has decoded ahead, and going back would seek.
            switch staged[id] {
            case let .pixels(width, height, source)?:
                if try await session.showStagedVideoFrame(elementId: id, width: width, height: height) {
                    onScreen[id] = source
                    framesStaged += 1
                    continue
                }
            case let .unchanged(source)?:
                if try await keep(id, source: source) { continue }
            case nil:
                break
            }
            guard let frame = try await video.frame(atFrame: index) else { continue }
            if try await keep(id, source: frame.index) { continue }
            try await session.showVideoFrame(elementId: id, frame: frame.rgba, key: frame.index)
            onScreen[id] = frame.index
        }
        guard stageNext else { return }
        let next = index + 1
        let upcoming = videos.filter { $0.isActive(atFrame: next) }
        guard !upcoming.isEmpty else { return }
        staging = (next, Task { [session, onScreen] in
            var result: [String: Staged] = [:]
            for video in upcoming {
                let id = video.clip.id
                guard let frame = try await video.frame(atFrame: next) else { continue }
                if onScreen[id] == frame.index {
                    result[id] = .unchanged(source: frame.index)
                } else {
                    try await session.stageVideoFrame(elementId: id, frame: frame.rgba, key: frame.index)
                    result[id] = .pixels(width: frame.rgba.width, height: frame.rgba.height, source: frame.index)
                }
            }
            return result
        })
    }

    /// Whether the overlay shows `source` already (the page confirms it: a reload or a replaced element says no).
    private func keep(_ id: String, source: Int) async throws -> Bool {
        guard onScreen[id] == source, try await session.isShowingVideoFrame(elementId: id, key: source) else { return false }
        framesKept += 1
        return true
    }

    /// Waits for a staging still under way, so nothing touches the session after the render is done with it.
    func finish() async {
        guard let (_, task) = staging else { return }
        staging = nil
        task.cancel()
        _ = try? await task.value
    }
}
