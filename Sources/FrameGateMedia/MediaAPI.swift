import Foundation
import FrameGateCore

// The public surface of FrameGateMedia that Browser, Engine, Distributed and Harness code against.
// The data types live here; each operation has its own file (Probe, VideoDecoder, AudioDecoder, MediaWriter,
// Remux, AudioFileWriter, PNGEncoder, LibAVVersion).

// MARK: - Probe

public struct StreamInfo: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case video, audio }
    public var index: Int
    public var type: Kind
    public var codec: String
    /// Frames (video) or decoded audio frames counted by decoding the whole stream.
    public var frameCount: Int
    /// Seconds, from the container's stream duration (start-trimmed), or from decode when absent.
    public var duration: Double
    public var width: Int?
    public var height: Int?
    public var pixelFormat: String?
    /// "num/den" or "N" (average frame rate).
    public var fps: String?
    public var colorPrimaries: String?
    public var colorTransfer: String?
    public var colorSpace: String?
    public var colorRange: String?
    public var sampleRate: Int?
    public var channels: Int?
    /// Decode indices of keyframes (video only).
    public var keyframes: [Int]?
    /// Total decoded audio samples per channel (audio only).
    public var sampleCount: Int?
}

public struct MediaInfo: Codable, Sendable, Equatable {
    public var path: String
    public var formatName: String
    public var duration: Double
    /// mp4/mov: true when the `moov` box comes before `mdat`. Other containers: false.
    public var faststart: Bool
    public var streams: [StreamInfo]

    public var videoStream: StreamInfo? { streams.first { $0.type == .video } }
    public var audioStream: StreamInfo? { streams.first { $0.type == .audio } }
}

// MARK: - Decode

/// yuva420p is yuv420p plus a full-size alpha plane: what the harness compares outputs that carry alpha in.
public enum PixelFormat: String, Sendable, Codable { case rgba, yuv420p, yuva420p }

/// A decoded picture with tightly packed planes (no line padding): rgba has one plane of w×h×4,
/// yuv420p three planes of w×h, (w/2)×(h/2), (w/2)×(h/2) (rounded up); yuva420p adds a fourth of w×h.
public struct DecodedVideoFrame: Sendable {
    public var index: Int
    public var time: Double
    public var isKeyframe: Bool
    public var format: PixelFormat
    public var width: Int
    public var height: Int
    public var planes: [[UInt8]]

    public init(index: Int, time: Double, isKeyframe: Bool, format: PixelFormat, width: Int, height: Int, planes: [[UInt8]]) {
        self.index = index; self.time = time; self.isKeyframe = isKeyframe
        self.format = format; self.width = width; self.height = height; self.planes = planes
    }

    public var rgba: RGBAFrame? { format == .rgba ? RGBAFrame(width: width, height: height, pixels: planes[0]) : nil }
}

public enum SampleFormat: String, Sendable { case s16, float }

/// Interleaved PCM.
public struct AudioBuffer: Sendable, Equatable {
    public var sampleRate: Int
    public var channels: Int
    /// Interleaved samples as Float in −1…1 (s16 decodes are scaled by 1/32768).
    public var samples: [Float]

    public init(sampleRate: Int, channels: Int, samples: [Float]) {
        self.sampleRate = sampleRate; self.channels = channels; self.samples = samples
    }

    public var frameCount: Int { channels == 0 ? 0 : samples.count / channels }
    public var duration: Double { Double(frameCount) / Double(sampleRate) }
}

// MARK: - Encode and mux

public enum VideoCodec: String, Sendable, Codable, CaseIterable { case h264, h265, prores, vp9 }
public enum Quality: String, Sendable, Codable, CaseIterable { case draft, standard, high }
public enum ContainerFormat: String, Sendable, Codable { case mp4, mov, webm, m4a }

public struct VideoEncoderSettings: Sendable, Codable, Equatable {
    public var codec: VideoCodec
    public var width: Int
    public var height: Int
    public var frameRate: FrameRate
    public var quality: Quality
    /// nil: the encoder's default GOP. A value: the chunk GOP — keyint = value, closed GOP,
    /// IDR at the first frame, no scene-cut keyframes.
    public var chunkGOP: Int?
    /// Encoder threads; 0 means the default, 2. Never "auto": x264/x265/vpx output depends on the
    /// thread count, so a fixed count keeps the bytes identical across machines.
    public var threads: Int

    public init(codec: VideoCodec, width: Int, height: Int, frameRate: FrameRate, quality: Quality = .standard,
                chunkGOP: Int? = nil, threads: Int = 0) {
        self.codec = codec; self.width = width; self.height = height; self.frameRate = frameRate
        self.quality = quality; self.chunkGOP = chunkGOP; self.threads = threads
    }
}

public enum AudioCodec: String, Sendable, Codable { case aac, opus }

public struct AudioEncoderSettings: Sendable, Codable, Equatable {
    public var codec: AudioCodec
    public var sampleRate: Int
    public var channels: Int
    public var bitRate: Int

    public init(codec: AudioCodec = .aac, sampleRate: Int = 48_000, channels: Int = 2, bitRate: Int = 192_000) {
        self.codec = codec; self.sampleRate = sampleRate; self.channels = channels; self.bitRate = bitRate
    }
}
