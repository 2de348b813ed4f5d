import FrameGateMedia
import Foundation
import FrameGateCore

extension CaptureSession {
    private struct Shot: Sendable {
        let index: Int
        let time: Double
        let encoded: String
    }

    /// Frames [range) at t = i·den/num: for each i, seek, `beforeCapture(i, t)`, capture, `consume`.
    /// Before the first frame, a page that keeps state is replayed up to it (`prepareToCapture`), so frame
    /// i shows what a render from frame 0 shows wherever the range starts.
    /// Decoding and `consume` run on a separate task behind a queue of 2 frames, so the consumer
    /// (an encoder) works while the browser draws the next frame. Frames reach `consume` in order.
    public func captureFrames(_ range: Range<Int>, frameRate: FrameRate,
                              beforeCapture: (@Sendable (Int, Double) async throws -> Void)? = nil,
                              consume: @escaping @Sendable (CapturedFrame) async throws -> Void) async throws {
        let pipe = FramePipe<Shot>(capacity: 2)
        // PNG decode is libav work: it runs on a queue of its own, never on a cooperative-pool thread.
        let decoder: CaptureDecoder
        do { decoder = try CaptureDecoder(format: options.imageFormat) } catch let error as CodedError {
            throw BrowserError.captureFailed(reason: error.message)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while let shot = await pipe.pop() {
                    do {
                        let frame = try await decoder.decode(encoded: shot.encoded, index: shot.index, time: shot.time)
                        try await consume(frame)
                    } catch {
                        await pipe.abandon()
                        throw error
                    }
                }
            }
            do {
                for index in range {
                    // A cancelled render (another worker failed) stops at the next frame; the caller closes the browser.
                    try Task.checkCancellation()
                    let time = frameRate.time(ofFrame: index)
                    try await prepareToCapture(frame: index, frameRate: frameRate)
                    try await seek(to: time)
                    clockFrame = index
                    if let beforeCapture { try await beforeCapture(index, time) }
                    let encoded = try await screenshot()
                    try throwIfFailed()
                    guard await pipe.push(Shot(index: index, time: time, encoded: encoded)) else { break }
                }
                await pipe.close()
            } catch {
                await pipe.abandon()
                throw error
            }
            try await group.waitForAll()
        }
    }

    /// The throughput floor: `count` plain Page.captureScreenshot calls on the page as it is (no
    /// seek, no decode), with the session's capture settings. Returns the elapsed seconds.
    public func bareCaptureLoop(count: Int) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count { _ = try await screenshot() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
