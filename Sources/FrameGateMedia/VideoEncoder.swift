import CLibAV

/// One video encoder fed with RGBA frames: converts with a single cached scaler into a reused frame,
/// stamps pts = append index in the time base den/num, and hands out packets in that time base.
final class VideoEncoder {
    let settings: VideoEncoderSettings
    let codec: CodecContextBox
    private let frame: FrameBox
    private let packet: PacketBox
    private let converter: RGBAConverter
    private var nextPTS: Int64 = 0

    var context: UnsafeMutablePointer<AVCodecContext> { codec.pointer }
    var timeBase: AVRational { context.pointee.time_base }

    /// The libavcodec encoder name for each codec.
    static func encoderName(_ codec: VideoCodec) -> String {
        switch codec {
        case .h264: return "libx264"
        case .h265: return "libx265"
        case .prores: return "prores_ks"
        case .vp9: return "libvpx-vp9"
        }
    }

    init(settings: VideoEncoderSettings, globalHeader: Bool) throws {
        self.settings = settings
        guard settings.width > 0, settings.height > 0 else {
            throw MediaError.encodeFailed(reason: "invalid frame size \(settings.width)x\(settings.height)")
        }
        if settings.codec != .prores, settings.width % 2 != 0 || settings.height % 2 != 0 {
            throw MediaError.encodeFailed(reason: "\(settings.codec.rawValue) with yuv420p needs an even frame size, got \(settings.width)x\(settings.height)")
        }
        let encoder = try EncoderLookup.find(Self.encoderName(settings.codec))
        codec = try CodecContextBox(codec: encoder)
        let pixelFormat = Self.pixelFormat(settings.codec)
        let context = codec.pointer
        context.pointee.width = Int32(settings.width)
        context.pointee.height = Int32(settings.height)
        context.pointee.pix_fmt = pixelFormat
        context.pointee.time_base = AVRational(num: Int32(settings.frameRate.denominator), den: Int32(settings.frameRate.numerator))
        context.pointee.framerate = AVRational(num: Int32(settings.frameRate.numerator), den: Int32(settings.frameRate.denominator))
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        context.pointee.color_primaries = AVCOL_PRI_BT709
        context.pointee.color_trc = AVCOL_TRC_BT709
        context.pointee.colorspace = AVCOL_SPC_BT709
        context.pointee.color_range = AVCOL_RANGE_MPEG
        // A fixed thread count: x264/x265/vpx output depends on it, so "auto" would differ between machines.
        context.pointee.thread_count = Int32(Self.threadCount(settings))
        context.pointee.max_b_frames = 0
        context.pointee.flags |= Int32(AV_CODEC_FLAG_BITEXACT)
        if globalHeader { context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        if let gop = settings.chunkGOP {
            guard gop > 0 else { throw MediaError.encodeFailed(reason: "chunk GOP must be positive, got \(gop)") }
            context.pointee.gop_size = Int32(gop)
            context.pointee.keyint_min = Int32(gop)
        }
        try Self.configure(context, settings)
        try EncoderLookup.open(context, encoder)

        frame = try FrameBox(videoFormat: pixelFormat, width: settings.width, height: settings.height)
        // prores_ks writes the tags of each picture, not of the context, into its frame headers.
        frame.pointer.pointee.color_primaries = AVCOL_PRI_BT709
        frame.pointer.pointee.color_trc = AVCOL_TRC_BT709
        frame.pointer.pointee.colorspace = AVCOL_SPC_BT709
        frame.pointer.pointee.color_range = AVCOL_RANGE_MPEG
        packet = try PacketBox()
        converter = try RGBAConverter(width: settings.width, height: settings.height, target: pixelFormat)
    }

    /// The encoded pixel format. ProRes 4444 and VP9 (the mov and webm codecs) carry alpha, as HyperFrames
    /// encodes them; H.264/H.265 (mp4) do not. An opaque capture gives an alpha plane of 255 everywhere.
    static func pixelFormat(_ codec: VideoCodec) -> AVPixelFormat {
        switch codec {
        case .prores: return AV_PIX_FMT_YUVA444P10LE
        case .vp9: return AV_PIX_FMT_YUVA420P
        case .h264, .h265: return AV_PIX_FMT_YUV420P
        }
    }

    static func threadCount(_ settings: VideoEncoderSettings) -> Int { settings.threads > 0 ? settings.threads : 2 }

    /// Per-codec options: DESIGN.md's preset/crf table, no B-frames, and the chunk GOP rules.
    private static func configure(_ context: UnsafeMutablePointer<AVCodecContext>, _ settings: VideoEncoderSettings) throws {
        let crf: Int
        switch settings.quality {
        case .draft: crf = 28
        case .standard: crf = 18
        case .high: crf = 15
        }
        let gop = settings.chunkGOP
        switch settings.codec {
        case .h264:
            try EncoderLookup.set(context, "preset", x264Preset(settings.quality))
            try EncoderLookup.set(context, "crf", "\(crf)")
            // mbtree=0: with the macroblock tree on, an encoder's first (IDR) frame sometimes came out 2-3 bytes
            // longer inside a long-running FrameGate process (per-macroblock QP offsets in its flat bottom rows;
            // same decoded pixels), about 1 encoder in 50 under load, with identical input planes, pts and
            // frame fields, and with x264 on one thread too. Without it, 0 of 400 encoders deviated. The cause
            // inside x264 is not found; byte-identical output is the promise, so the tree stays off.
            var params = "mbtree=0"
            if gop != nil {
                // Chunk forced IDRs (pict_type I on the first frame) must be IDR, not merely I, for a closed GOP.
                try EncoderLookup.set(context, "forced-idr", "1")
                params += ":scenecut=0:open-gop=0"
            }
            try EncoderLookup.set(context, "x264-params", params)
        case .h265:
            try EncoderLookup.set(context, "preset", x264Preset(settings.quality))
            try EncoderLookup.set(context, "crf", "\(crf)")
            let threads = threadCount(settings)
            var params = "bframes=0:pools=\(threads):frame-threads=\(threads):log-level=error"
            if let gop { params += ":scenecut=0:open-gop=0:keyint=\(gop):min-keyint=\(gop)" }
            try EncoderLookup.set(context, "x265-params", params)
            if gop != nil { try EncoderLookup.set(context, "forced-idr", "1") }
        case .prores:
            try EncoderLookup.set(context, "profile", "4444")
        case .vp9:
            // Constant quality (crf with b=0); speed and row-mt fixed so every machine makes the same bits.
            let vp9CRF: Int
            switch settings.quality {
            case .draft: vp9CRF = 40
            case .standard: vp9CRF = 31
            case .high: vp9CRF = 24
            }
            context.pointee.bit_rate = 0
            try EncoderLookup.set(context, "crf", "\(vp9CRF)")
            try EncoderLookup.set(context, "deadline", "good")
            try EncoderLookup.set(context, "cpu-used", settings.quality == .draft ? "5" : settings.quality == .standard ? "2" : "1")
            try EncoderLookup.set(context, "row-mt", "0")
            // libvpx encodes the alpha plane as a second stream (Matroska BlockAdditional); it cannot do that
            // with alternate reference frames (HyperFrames passes -auto-alt-ref 0 for yuva420p too).
            try EncoderLookup.set(context, "auto-alt-ref", "0")
            // Without alternate references libvpx's look-ahead queue (25 frames by default, each padded, for
            // the colour and the alpha encoder) changes no decoded pixel but held ~100 MiB at 640×360.
            try EncoderLookup.set(context, "lag-in-frames", "0")
        }
    }

    private static func x264Preset(_ quality: Quality) -> String {
        switch quality {
        case .draft: return "ultrafast"
        case .standard: return "medium"
        case .high: return "slow"
        }
    }

    func encode(_ rgba: RGBAFrame, emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        guard rgba.width == settings.width, rgba.height == settings.height else {
            throw MediaError.encodeFailed(reason: "frame \(nextPTS) is \(rgba.width)x\(rgba.height) but the encoder was set up for \(settings.width)x\(settings.height)")
        }
        // The encoder may still hold a reference to the last picture; this copies only in that case.
        let status = av_frame_make_writable(frame.pointer)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: libavErrorString(status)) }
        try converter.convert(rgba, into: frame.pointer)
        try send(emit)
    }

    /// The picture converted last, sent again as the next frame: what `encode` would send for the same
    /// RGBA pixels, without converting them again.
    func encodeAgain(emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        guard nextPTS > 0 else { throw MediaError.encodeFailed(reason: "a repeated frame needs a frame before it") }
        // Writable keeps the pixels (av_frame_make_writable copies them when the encoder holds a reference).
        let status = av_frame_make_writable(frame.pointer)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: libavErrorString(status)) }
        try send(emit)
    }

    private func send(_ emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        frame.pointer.pointee.pts = nextPTS
        frame.pointer.pointee.pkt_duration = 1
        frame.pointer.pointee.pict_type = settings.chunkGOP != nil && nextPTS == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        nextPTS += 1
        try EncoderLookup.send(context, frame.pointer)
        try drain(emit)
    }

    func flush(emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        try EncoderLookup.send(context, nil)
        try drain(emit)
    }

    private func drain(_ emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        try EncoderLookup.drain(context, into: packet.pointer) { packet in
            // Every frame lasts one tick of den/num; the mp4 track length depends on the last one's duration.
            if packet.pointee.duration <= 0 { packet.pointee.duration = 1 }
            try emit(packet)
        }
    }
}
