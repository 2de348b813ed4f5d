import FrameGateMedia
import Foundation
import FrameGateCore

extension CaptureSession {
    private struct Shot: Sendable {
        let index: Int
        let time: Double
        /// nil: a held frame, exactly the previous one (nothing read back, decoded or digested).
        let encoded: String?
    }

    /// Frames [range) at t = i·den/num: for each i, seek, `beforeCapture(i, t)`, capture, `consume`.
    /// Before the first frame, a page that keeps state is replayed up to it (`prepareToCapture`), so frame
    /// i shows what a render from frame 0 shows wherever the range starts.
    /// Decoding and `consume` run on a separate task behind a queue of 2 frames, so the consumer
    /// (an encoder) works while the browser draws the next frame. Frames reach `consume` in order.
    /// Under begin-frame control a frame the compositor did not redraw is held (`CapturedFrame.held`):
    /// the previous frame's image and digest, passed on without read-back, decode or digest. A call that
    /// continues the previous one (its first frame follows that one's last) may hold its first frame.
    public func captureFrames(_ range: Range<Int>, frameRate: FrameRate,
                              beforeCapture: (@Sendable (Int, Double) async throws -> Void)? = nil,
                              consume: @escaping @Sendable (CapturedFrame) async throws -> Void) async throws {
        let pipe = FramePipe<Shot>(capacity: 2)
        // PNG decode is libav work: it runs on a queue of its own, never on a cooperative-pool thread.
        let decoder: CaptureDecoder
        do { decoder = try CaptureDecoder(format: options.imageFormat) } catch let error as CodedError {
            throw BrowserError.captureFailed(reason: error.message)
        }
        if clockFrame != range.lowerBound - 1 || clockFrame == -1 {
            // Not where the last call ended: nothing earlier can be held on to.
            holdState = HoldState()
            lastCaptured = nil
        }
        let continued = lastCaptured
        lastCaptured = nil // until this call has finished
        lastCaptured = try await withThrowingTaskGroup(of: CapturedFrame?.self) { group in
            group.addTask {
                var previous = continued
                while let shot = await pipe.pop() {
                    do {
                        let frame: CapturedFrame
                        if let encoded = shot.encoded {
                            frame = try await decoder.decode(encoded: encoded, index: shot.index, time: shot.time)
                        } else if let previous {
                            frame = CapturedFrame(index: shot.index, time: shot.time, image: previous.image,
                                                  digest: previous.digest, held: true)
                        } else {
                            throw BrowserError.captureFailed(reason: "frame \(shot.index) was held with no frame before it")
                        }
                        previous = frame
                        try await consume(frame)
                    } catch {
                        await pipe.abandon()
                        throw error
                    }
                }
                return previous
            }
            do {
                for index in range {
                    // A cancelled render (another worker failed) stops at the next frame; the caller closes the browser.
                    try Task.checkCancellation()
                    let time = frameRate.time(ofFrame: index)
                    let continues = clockFrame == index - 1
                    try await prepareToCapture(frame: index, frameRate: frameRate)
                    if !continues { try await drawFrameBefore(index, frameRate: frameRate) }
                    try await seek(to: time)
                    clockFrame = index
                    if let beforeCapture { try await beforeCapture(index, time) }
                    let encoded = capture == .beginFrame ? try await beginFrameCapture() : try await screenshot()
                    if encoded == nil { heldFrames += 1 }
                    try throwIfFailed()
                    guard await pipe.push(Shot(index: index, time: time, encoded: encoded)) else { break }
                }
                await pipe.close()
            } catch {
                await pipe.abandon()
                throw error
            }
            var last: CapturedFrame?
            for try await frame in group { last = frame }
            return last
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
