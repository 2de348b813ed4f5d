import FrameGateMedia
import Foundation
import FrameGateCore

/// The files a session hands decoded `<video>` frames to the page through (DOM.setFileInputFiles): raw,
/// tightly packed RGBA, one new file per frame, in a private temporary directory the session removes
/// when it closes. A new name per frame because the browser remembers a selected file's size and
/// modification time and refuses to read it once either changed.
struct VideoFrameFiles {
    private let directory: TemporaryDirectory
    private var written = 0

    init() throws {
        directory = try TemporaryDirectory(prefix: Self.prefix)
    }

    /// `framegate-video-<pid>-<uuid>`: swept with FrameGate's other temporary directories when a run dies.
    static let prefix = "framegate-video"

    /// Writes the frame's pixels to a file of their own and returns its path.
    mutating func write(_ frame: RGBAFrame) throws -> URL {
        written += 1
        let url = directory.url.appendingPathComponent("frame-\(written).rgba")
        do {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: frame.pixels)
        } catch {
            throw BrowserError.captureFailed(reason: "cannot write a video frame for the page to \(url.path): \(error.localizedDescription)")
        }
        return url
    }

    /// The page has read the file (its bytes are in the page's memory now).
    func discard(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    func remove() { directory.remove() }

    /// Where the files are written (tests check that none outlives its frame).
    var directoryURL: URL { directory.url }
}
