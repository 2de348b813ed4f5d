import CLibAV

/// One audio encoder fed with interleaved float PCM of any length: a FIFO cuts it into the encoder's
/// frame size, pts counts samples, and the last partial frame is sent short so the final packet's
/// duration is the real sample count (what the mp4 edit list and webm discard padding are built from).
final class AudioEncoder {
    let settings: AudioEncoderSettings
    let codec: CodecContextBox
    private let frame: FrameBox
    private let packet: PacketBox
    private let fifo: AudioFIFOBox
    private let planar: Bool
    private let frameSize: Int
    private var nextPTS: Int64 = 0

    var context: UnsafeMutablePointer<AVCodecContext> { codec.pointer }

    static func encoderName(_ codec: AudioCodec) -> String { codec == .aac ? "aac" : "libopus" }

    init(settings: AudioEncoderSettings, globalHeader: Bool) throws {
        self.settings = settings
        guard settings.sampleRate > 0, (1...8).contains(settings.channels) else {
            throw MediaError.encodeFailed(reason: "invalid audio \(settings.sampleRate) Hz × \(settings.channels) channels")
        }
        let encoder = try EncoderLookup.find(Self.encoderName(settings.codec))
        codec = try CodecContextBox(codec: encoder)
        let context = codec.pointer
        // aac takes planar float, libopus interleaved float.
        let format = settings.codec == .aac ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_FLT
        planar = settings.codec == .aac
        context.pointee.sample_fmt = format
        context.pointee.sample_rate = Int32(settings.sampleRate)
        av_channel_layout_default(&context.pointee.ch_layout, Int32(settings.channels))
        context.pointee.bit_rate = Int64(settings.bitRate)
        context.pointee.time_base = AVRational(num: 1, den: Int32(settings.sampleRate))
        context.pointee.flags |= Int32(AV_CODEC_FLAG_BITEXACT)
        if globalHeader { context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        try EncoderLookup.open(context, encoder)
        frameSize = context.pointee.frame_size > 0 ? Int(context.pointee.frame_size) : 1024

        frame = try FrameBox()
        frame.pointer.pointee.format = format.rawValue
        frame.pointer.pointee.sample_rate = Int32(settings.sampleRate)
        frame.pointer.pointee.nb_samples = Int32(frameSize)
        var status = av_channel_layout_copy(&frame.pointer.pointee.ch_layout, &context.pointee.ch_layout)
        if status >= 0 { status = av_frame_get_buffer(frame.pointer, 0) }
        guard status >= 0 else { throw MediaError.encodeFailed(reason: "cannot allocate an audio frame: \(libavErrorString(status))") }
        packet = try PacketBox()
        fifo = try AudioFIFOBox(format: format, channels: settings.channels)
    }

    func append(_ samples: [Float], emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        let channels = settings.channels
        guard samples.count % channels == 0 else {
            throw MediaError.encodeFailed(reason: "\(samples.count) samples is not a whole number of \(channels)-channel frames")
        }
        let count = samples.count / channels
        guard count > 0 else { return }
        var written: Int32 = 0
        if planar {
            // Channel-major copy: plane c starts at c × count.
            var planar = [Float](unsafeUninitializedCapacity: count * channels) { buffer, initialized in
                for i in 0..<count { for c in 0..<channels { buffer[c * count + i] = samples[i * channels + c] } }
                initialized = count * channels
            }
            written = planar.withUnsafeMutableBufferPointer { buffer in
                var pointers: [UnsafeMutableRawPointer?] = (0..<channels).map { UnsafeMutableRawPointer(buffer.baseAddress! + $0 * count) }
                return av_audio_fifo_write(fifo.pointer, &pointers, Int32(count))
            }
        } else {
            var copy = samples
            written = copy.withUnsafeMutableBytes { raw in
                var pointer: UnsafeMutableRawPointer? = raw.baseAddress
                return av_audio_fifo_write(fifo.pointer, &pointer, Int32(count))
            }
        }
        guard written == Int32(count) else { throw MediaError.encodeFailed(reason: "cannot buffer audio: \(libavErrorString(written))") }
        while Int(av_audio_fifo_size(fifo.pointer)) >= frameSize {
            try encodeFromFIFO(frameSize, emit: emit)
        }
    }

    func flush(emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        let remaining = Int(av_audio_fifo_size(fifo.pointer))
        if remaining > 0 { try encodeFromFIFO(remaining, emit: emit) }
        try EncoderLookup.send(context, nil)
        try EncoderLookup.drain(context, into: packet.pointer, emit: emit)
    }

    private func encodeFromFIFO(_ count: Int, emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        var status = av_frame_make_writable(frame.pointer)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: libavErrorString(status)) }
        frame.pointer.pointee.nb_samples = Int32(count)
        status = frame.pointer.pointee.extended_data.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: settings.channels) {
            av_audio_fifo_read(fifo.pointer, $0, Int32(count))
        }
        guard status == Int32(count) else { throw MediaError.encodeFailed(reason: "cannot read buffered audio: \(libavErrorString(status))") }
        frame.pointer.pointee.pts = nextPTS
        nextPTS += Int64(count)
        try EncoderLookup.send(context, frame.pointer)
        try EncoderLookup.drain(context, into: packet.pointer, emit: emit)
    }
}
