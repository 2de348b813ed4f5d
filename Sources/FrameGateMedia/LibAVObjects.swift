import CLibAV
import Foundation

// Swift owners for libav's heap objects. Every libav pointer FrameGateMedia touches lives inside one of
// these, so it is freed exactly once in deinit — also when an initializer or a decode loop throws.

enum LibAVLog {
    /// libav logs to stderr by default; FrameGate reports failures through MediaError instead, so it is
    /// quiet unless FRAMEGATE_LIBAV_LOG names a level (quiet, error, warning, info, debug).
    static let configured: Void = {
        let levels: [String: Int32] = ["quiet": AV_LOG_QUIET, "error": AV_LOG_ERROR, "warning": AV_LOG_WARNING,
                                       "info": AV_LOG_INFO, "debug": AV_LOG_DEBUG]
        let name = ProcessInfo.processInfo.environment["FRAMEGATE_LIBAV_LOG"] ?? "quiet"
        av_log_set_level(levels[name] ?? AV_LOG_QUIET)
    }()
}

final class PacketBox {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() throws {
        guard let packet = av_packet_alloc() else { throw MediaError.encodeFailed(reason: "out of memory (AVPacket)") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }
}

final class FrameBox {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws {
        guard let frame = av_frame_alloc() else { throw MediaError.encodeFailed(reason: "out of memory (AVFrame)") }
        pointer = frame
    }

    /// A frame with its own buffers, allocated once and reused for every picture or audio block.
    convenience init(videoFormat: AVPixelFormat, width: Int, height: Int) throws {
        try self.init()
        pointer.pointee.format = videoFormat.rawValue
        pointer.pointee.width = Int32(width)
        pointer.pointee.height = Int32(height)
        let status = av_frame_get_buffer(pointer, 0)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: "cannot allocate a \(width)x\(height) frame: \(libavErrorString(status))") }
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}

final class CodecContextBox {
    private(set) var pointer: UnsafeMutablePointer<AVCodecContext>
    private var storage: UnsafeMutablePointer<AVCodecContext>?

    init(codec: UnsafePointer<AVCodec>) throws {
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError.encodeFailed(reason: "out of memory (AVCodecContext)")
        }
        pointer = context
        storage = context
    }

    deinit { avcodec_free_context(&storage) }
}

final class ScalerBox {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { sws_freeContext(pointer) }
}

final class ResamplerBox {
    private var storage: OpaquePointer?
    var pointer: OpaquePointer { storage! }

    init(pointer: OpaquePointer) { storage = pointer }

    deinit { swr_free(&storage) }
}

final class AudioFIFOBox {
    let pointer: OpaquePointer

    init(format: AVSampleFormat, channels: Int) throws {
        guard let fifo = av_audio_fifo_alloc(format, Int32(channels), 4096) else {
            throw MediaError.encodeFailed(reason: "out of memory (AVAudioFifo)")
        }
        pointer = fifo
    }

    deinit { av_audio_fifo_free(pointer) }
}

/// An opened, probed input file. Failures to open or probe are MEDIA_DECODE_FAILED naming the path.
final class InputFile {
    let path: String
    private var storage: UnsafeMutablePointer<AVFormatContext>?
    var context: UnsafeMutablePointer<AVFormatContext> { storage! }

    init(url: URL) throws {
        _ = LibAVLog.configured
        path = url.path
        var context: UnsafeMutablePointer<AVFormatContext>?
        var status = avformat_open_input(&context, url.path, nil, nil)
        guard status >= 0, context != nil else {
            throw MediaError.decodeFailed(path: url.path, reason: libavErrorString(status))
        }
        storage = context
        status = avformat_find_stream_info(context, nil)
        guard status >= 0 else {
            throw MediaError.decodeFailed(path: url.path, reason: "cannot read stream information: \(libavErrorString(status))")
        }
    }

    deinit { avformat_close_input(&storage) }

    var streamCount: Int { Int(context.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> { context.pointee.streams[index]! }

    /// The first stream of a media type, by container order (what `first video stream` means everywhere).
    func firstStream(of type: AVMediaType) -> Int? {
        (0..<streamCount).first { stream($0).pointee.codecpar.pointee.codec_type == type }
    }

    /// Reads the next packet; false at the end of the file. Read errors other than EOF are decode failures.
    func read(into packet: UnsafeMutablePointer<AVPacket>) throws -> Bool {
        let status = av_read_frame(context, packet)
        if status == fg_averror_eof() { return false }
        guard status >= 0 else { throw MediaError.decodeFailed(path: path, reason: libavErrorString(status)) }
        return true
    }
}

/// An output file: the muxer context plus its AVIOContext. The trailer is written by `finish()`;
/// a writer dropped without finishing still closes and frees everything (leaving a partial file).
final class OutputFile {
    let path: String
    private var storage: UnsafeMutablePointer<AVFormatContext>?
    var context: UnsafeMutablePointer<AVFormatContext> { storage! }
    private(set) var headerWritten = false
    private var trailerWritten = false

    init(url: URL, container: ContainerFormat) throws {
        _ = LibAVLog.configured
        path = url.path
        var context: UnsafeMutablePointer<AVFormatContext>?
        let status = avformat_alloc_output_context2(&context, nil, container.muxerName, url.path)
        guard status >= 0, let context else {
            throw MediaError.io(path: url.path, reason: "no \(container.rawValue) muxer: \(libavErrorString(status))")
        }
        storage = context
        // No version strings or creation times in the output: the same frames give the same bytes everywhere.
        context.pointee.flags |= AVFMT_FLAG_BITEXACT
    }

    deinit {
        if let context = storage, context.pointee.pb != nil {
            avio_closep(&context.pointee.pb)
        }
        avformat_free_context(storage)
    }

    func addStream() throws -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError.io(path: path, reason: "cannot add a stream")
        }
        return stream
    }

    /// Opens the file and writes the header; mp4/mov get faststart (moov moved before mdat at the end).
    func writeHeader(container: ContainerFormat) throws {
        var status = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
        guard status >= 0 else { throw MediaError.io(path: path, reason: libavErrorString(status)) }
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        if container.supportsFaststart {
            av_dict_set(&options, "movflags", "+faststart", 0)
        }
        status = avformat_write_header(context, &options)
        guard status >= 0 else { throw MediaError.io(path: path, reason: "cannot write the header: \(libavErrorString(status))") }
        headerWritten = true
    }

    func write(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        let status = av_interleaved_write_frame(context, packet)
        guard status >= 0 else { throw MediaError.io(path: path, reason: "cannot write a packet: \(libavErrorString(status))") }
    }

    func writeTrailer() throws {
        guard headerWritten, !trailerWritten else { return }
        trailerWritten = true
        let status = av_write_trailer(context)
        guard status >= 0 else { throw MediaError.io(path: path, reason: "cannot finish the file: \(libavErrorString(status))") }
        avio_closep(&context.pointee.pb)
    }
}

extension ContainerFormat {
    var muxerName: String {
        switch self {
        case .mp4, .m4a: return "mp4"
        case .mov: return "mov"
        case .webm: return "webm"
        }
    }

    var supportsFaststart: Bool { self != .webm }
}
