import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

/// Puts each on-screen `<video>`'s frame into the page before a frame is captured, one frame ahead:
/// once frame i's video frames are shown, frame i + 1's are decoded and staged in the page
/// (CaptureSession.stageVideoFrame) while frame i is drawn and read back, and frame i + 1 only draws them.
/// The hand-over of a 1280×720 frame (file write, file selection, the page's read) took 17 ms of the
/// capture loop's 48 ms a frame; staged, it runs beside the capture. Pixels do not depend on it: the
/// frame staged for i + 1 is the one frame i + 1 would have been handed, and a frame staged for another
/// frame than the one shown (a jump between segments) is never drawn.
actor VideoHandoff {
    private let videos: [VideoFrameSource]
    private let session: CaptureSession
    /// The staging of the next frame's video frames: that frame, and the size staged for each element.
    private var staging: (frame: Int, task: Task<[String: Size], Error>)?
    struct Size: Sendable { var width: Int; var height: Int }

    init(videos: [VideoFrameSource], session: CaptureSession) {
        self.videos = videos
        self.session = session
    }

    /// Shows the video frames of composition frame `index`, then stages those of `index + 1` if
    /// `stageNext` (the caller knows `index + 1` is captured next, with no reload in between).
    func show(atFrame index: Int, stageNext: Bool) async throws {
        var staged: [String: Size] = [:]
        if let (frame, task) = staging {
            staging = nil
            // A failed staging fails the frame it was for; one for another frame is not drawn.
            if frame == index { staged = try await task.value } else { _ = try? await task.value }
        }
        for video in videos where video.isActive(atFrame: index) {
            let id = video.clip.id
            // The source is not asked again for a staged frame: it has decoded ahead, and going back would seek.
            if let size = staged[id], await session.hasStagedVideoFrame(elementId: id, width: size.width, height: size.height) {
                try await session.showStagedVideoFrame(elementId: id, width: size.width, height: size.height)
            } else if let frame = try await video.frame(atFrame: index) {
                try await session.showVideoFrame(elementId: id, frame: frame)
            }
        }
        guard stageNext else { return }
        let next = index + 1
        let upcoming = videos.filter { $0.isActive(atFrame: next) }
        guard !upcoming.isEmpty else { return }
        staging = (next, Task { [session] in
            var sizes: [String: Size] = [:]
            for video in upcoming {
                if let frame = try await video.frame(atFrame: next) {
                    try await session.stageVideoFrame(elementId: video.clip.id, frame: frame)
                    sizes[video.clip.id] = Size(width: frame.width, height: frame.height)
                }
            }
            return sizes
        })
    }

    /// Waits for a staging still under way, so nothing touches the session after the render is done with it.
    func finish() async {
        guard let (_, task) = staging else { return }
        staging = nil
        task.cancel()
        _ = try? await task.value
    }
}
