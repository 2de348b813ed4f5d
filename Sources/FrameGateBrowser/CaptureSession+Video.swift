import FrameGateMedia
import Foundation
import FrameGateCore

extension CaptureSession {
    /// Draws RGBA pixels in place of the `<video id=elementId>` (same box, same object-fit, same
    /// transform and opacity), hiding the video itself, until the next call replaces them. The
    /// overlay follows the video's timed visibility at every seek.
    ///
    /// The pixels travel as a file, not as protocol text: they are written raw to a file of their own,
    /// selected into the runtime's private file input (DOM.setFileInputFiles), and read by the page with
    /// `File.arrayBuffer()`. Base64 RGBA inside a Runtime.evaluate cost ~12× more per 1280×720 frame
    /// (JSON escaping, the script compile of a 5 MB literal, the page's base64 decode).
    ///
    /// `key`: the caller's name for these pixels (FrameGate's: the source frame's index), which
    /// `isShowingVideoFrame` asks about later.
    public func showVideoFrame(elementId: String, frame: RGBAFrame, key: Int? = nil) async throws {
        try await stageVideoFrame(elementId: elementId, frame: frame, key: key)
        guard try await showStagedVideoFrame(elementId: elementId, width: frame.width, height: frame.height) else {
            throw BrowserError.captureFailed(reason: "the page lost the video frame handed to it for #\(elementId) before drawing it")
        }
    }

    /// Hands the page the pixels the next `showStagedVideoFrame` for this element draws. Nothing on screen
    /// changes (the page keeps the bytes aside), so this may run while the current frame is drawn and read
    /// back: the hand-over (file write, file selection, the page's read) then runs beside the capture instead
    /// of before it. The page forgets them when it reloads.
    public func stageVideoFrame(elementId: String, frame: RGBAFrame, key: Int? = nil) async throws {
        try throwIfFailed()
        if videoFrameFiles == nil { videoFrameFiles = try VideoFrameFiles() }
        let file = try videoFrameFiles!.write(frame)
        defer { videoFrameFiles?.discard(file) }
        try await call("DOM.setFileInputFiles", ["files": [JSONValue(file.path)], "objectId": JSONValue(try await frameInput())])
        let keyArgument = key.map { String($0) } ?? "null"
        _ = try await evaluateRaw("window.__hf.stageVideoFrame(\(Self.jsString(elementId)), \(frame.width), \(frame.height), \(keyArgument))")
        try throwIfFailed()
    }

    /// Draws the pixels staged for the element (`stageVideoFrame`). False when the page holds none of this
    /// size (it reloaded since, or nothing was staged): the caller hands the frame over instead.
    @discardableResult
    public func showStagedVideoFrame(elementId: String, width: Int, height: Int) async throws -> Bool {
        try throwIfFailed()
        let result = try await evaluateRaw("window.__hf.showStagedVideoFrame(\(Self.jsString(elementId)), \(width), \(height))")
        if result["value"]?.stringValue == "unstaged" { return false }
        guard result["value"]?.boolValue == true else { throw BrowserError.elementNotFound(id: elementId) }
        try throwIfFailed()
        return true
    }

    /// Whether the element's overlay, in the page as it is now, shows the pixels handed over with `key`: then
    /// the same pixels need not be handed over again. False once the page reloaded or the element was replaced.
    public func isShowingVideoFrame(elementId: String, key: Int) async throws -> Bool {
        try throwIfFailed()
        let result = try await evaluateRaw("window.__hf.showsVideoFrame(\(Self.jsString(elementId)), \(key))")
        return result["value"]?.boolValue == true
    }

    /// The remote object id of `__hf.videoFrameInput` in the page as loaded now (asked once per load).
    private func frameInput() async throws -> String {
        if let videoFrameInput { return videoFrameInput }
        let response = try await call("Runtime.evaluate", ["expression": "window.__hf.videoFrameInput"])
        guard let objectId = response["result"]?["objectId"]?.stringValue else {
            throw BrowserError.protocolError(method: "Runtime.evaluate", message: "the runtime has no video frame input (window.__hf.videoFrameInput)")
        }
        videoFrameInput = objectId
        return objectId
    }
}
