import FrameGateMedia
import FrameGateCore

/// Decodes the screenshots of one `captureFrames` run with one libav decoder, on a queue of its own
/// (libav work never runs on a cooperative-pool thread). A decoder per frame opened a codec context and
/// zero-allocated a new frame buffer (2.7 MB for a 1280×720 RGB screenshot) every frame; this one keeps
/// its frame pool, so each frame decodes into the buffer the previous one used.
actor CaptureDecoder {
    private let queue = WorkQueue(label: "capture-decode")
    nonisolated var unownedExecutor: UnownedSerialExecutor { queue.asUnownedSerialExecutor() }

    private let decoder: ImageDecoder

    init(format: CaptureImageFormat) throws {
        switch format {
        case .png: decoder = try ImageDecoder(format: .png)
        case .jpeg: decoder = try ImageDecoder(format: .jpeg)
        }
    }

    /// The frame and its digest, as `CaptureSession.decodeFrame` makes them.
    func decode(encoded: String, index: Int, time: Double) throws -> CapturedFrame {
        try CaptureSession.decodeFrame(encoded: encoded, decoder: decoder, index: index, time: time)
    }
}
