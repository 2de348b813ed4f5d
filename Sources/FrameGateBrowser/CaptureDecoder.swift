import FrameGateMedia
import FrameGateCore

/// Decodes the screenshots of one `captureFrames` run with one libav decoder, on a queue of its own
/// (libav work never runs on a cooperative-pool thread). Keeping the decoder keeps its frame pool: each
/// frame decodes into the buffer the previous one used, where a decoder per frame mapped and the kernel
/// zeroed 3.6 MB of fresh pages for every 1280×720 frame (page faults showed in the render's profile).
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
