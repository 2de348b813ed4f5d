import CLibAV
import Foundation

/// Encodes RGBA frames and float PCM into a container. Frames get pts = their append index.
/// `finish()` flushes encoders, writes the trailer and (mp4/mov) moves `moov` before `mdat`.
public final class MediaWriter {
    public let url: URL
    public let container: ContainerFormat
    private let output: OutputFile
    private let video: VideoEncoder?
    private let audio: AudioEncoder?
    private var videoStream: UnsafeMutablePointer<AVStream>?
    private var audioStream: UnsafeMutablePointer<AVStream>?
    private var finished = false

    public init(url: URL, container: ContainerFormat, video: VideoEncoderSettings?, audio: AudioEncoderSettings?) throws {
        self.url = url
        self.container = container
        guard video != nil || audio != nil else { throw MediaError.encodeFailed(reason: "a MediaWriter needs a video or an audio stream") }
        try container.check(video: video?.codec, audio: audio?.codec)
        output = try OutputFile(url: url, container: container)
        let globalHeader = output.context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0
        self.video = try video.map { try VideoEncoder(settings: $0, globalHeader: globalHeader) }
        self.audio = try audio.map { try AudioEncoder(settings: $0, globalHeader: globalHeader) }
        if let encoder = self.video {
            let stream = try output.addStream()
            try copyParameters(from: encoder.context, to: stream)
            if encoder.settings.codec == .h265, let tag = container.hevcTag { stream.pointee.codecpar.pointee.codec_tag = tag }
            stream.pointee.avg_frame_rate = encoder.context.pointee.framerate
            if encoder.settings.codec == .vp9 { StreamAlpha.mark(stream, container: container) }
            videoStream = stream
        }
        if let encoder = self.audio {
            let stream = try output.addStream()
            try copyParameters(from: encoder.context, to: stream)
            audioStream = stream
        }
        try output.writeHeader(container: container)
    }

    private func copyParameters(from context: UnsafeMutablePointer<AVCodecContext>, to stream: UnsafeMutablePointer<AVStream>) throws {
        let status = avcodec_parameters_from_context(stream.pointee.codecpar, context)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: libavErrorString(status)) }
        stream.pointee.time_base = context.pointee.time_base
    }

    public func appendVideo(_ frame: RGBAFrame) throws {
        guard !finished else { throw MediaError.encodeFailed(reason: "appendVideo after finish() on \(url.path)") }
        guard let video, let videoStream else { throw MediaError.encodeFailed(reason: "\(url.path) was opened without a video stream") }
        try video.encode(frame) { try write($0, from: video.context, to: videoStream) }
    }

    /// The previous video frame once more, exactly as it was converted (a held frame: no colour conversion).
    public func repeatVideo() throws {
        guard !finished else { throw MediaError.encodeFailed(reason: "repeatVideo after finish() on \(url.path)") }
        guard let video, let videoStream else { throw MediaError.encodeFailed(reason: "\(url.path) was opened without a video stream") }
        try video.encodeAgain { try write($0, from: video.context, to: videoStream) }
    }

    /// Interleaved float samples at the audio settings' rate and channel count; any length.
    public func appendAudio(_ samples: [Float]) throws {
        guard !finished else { throw MediaError.encodeFailed(reason: "appendAudio after finish() on \(url.path)") }
        guard let audio, let audioStream else { throw MediaError.encodeFailed(reason: "\(url.path) was opened without an audio stream") }
        try audio.append(samples) { try write($0, from: audio.context, to: audioStream) }
    }

    public func finish() throws {
        guard !finished else { return }
        finished = true
        if let video, let videoStream { try video.flush { try write($0, from: video.context, to: videoStream) } }
        if let audio, let audioStream { try audio.flush { try write($0, from: audio.context, to: audioStream) } }
        try output.writeTrailer()
    }

    private func write(_ packet: UnsafeMutablePointer<AVPacket>, from context: UnsafeMutablePointer<AVCodecContext>,
                       to stream: UnsafeMutablePointer<AVStream>) throws {
        packet.pointee.stream_index = stream.pointee.index
        av_packet_rescale_ts(packet, context.pointee.time_base, stream.pointee.time_base)
        try output.write(packet)
    }
}
