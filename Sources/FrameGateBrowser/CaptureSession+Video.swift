import FrameGateMedia
import Foundation
import FrameGateCore

extension CaptureSession {
    /// Draws RGBA pixels in place of the `<video id=elementId>` (same box, same object-fit, same
    /// transform and opacity), hiding the video itself, until the next call replaces them. The
    /// overlay follows the video's timed visibility at every seek.
    public func showVideoFrame(elementId: String, frame: RGBAFrame) async throws {
        try throwIfFailed()
        let pixels = frame.pixels.withUnsafeBytes { Data($0) }.base64EncodedString()
        let expression = "window.__hf.showVideoFrame(\(Self.jsString(elementId)), \(frame.width), \(frame.height), \"\(pixels)\")"
        let result = try await evaluateRaw(expression)
        guard result["value"]?.boolValue == true else { throw BrowserError.elementNotFound(id: elementId) }
        try throwIfFailed()
    }
}
