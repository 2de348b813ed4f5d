import CLibAV

/// libavcodec encoders by name; a missing one is UNSUPPORTED_CODEC naming it.
enum EncoderLookup {
    static func find(_ name: String) throws -> UnsafePointer<AVCodec> {
        guard let codec = avcodec_find_encoder_by_name(name) else { throw MediaError.unsupportedCodec(name: name) }
        return codec
    }

    /// Sets a private option of an encoder, failing loudly: a silently ignored option would change output.
    static func set(_ context: UnsafeMutablePointer<AVCodecContext>, _ name: String, _ value: String) throws {
        let status = av_opt_set(context.pointee.priv_data, name, value, 0)
        guard status >= 0 else {
            let encoder = String(cString: context.pointee.codec.pointee.name)
            throw MediaError.encodeFailed(reason: "\(encoder) rejected option \(name)=\(value): \(libavErrorString(status))")
        }
    }

    static func open(_ context: UnsafeMutablePointer<AVCodecContext>, _ codec: UnsafePointer<AVCodec>) throws {
        let status = avcodec_open2(context, codec, nil)
        guard status >= 0 else {
            throw MediaError.encodeFailed(reason: "cannot open the \(String(cString: codec.pointee.name)) encoder: \(libavErrorString(status))")
        }
    }

    /// Pulls every packet the encoder has ready.
    static func drain(_ context: UnsafeMutablePointer<AVCodecContext>, into packet: UnsafeMutablePointer<AVPacket>,
                      emit: (UnsafeMutablePointer<AVPacket>) throws -> Void) throws {
        while true {
            let status = avcodec_receive_packet(context, packet)
            if status == fg_averror_eagain() || status == fg_averror_eof() { return }
            guard status >= 0 else {
                throw MediaError.encodeFailed(reason: "\(String(cString: context.pointee.codec.pointee.name)): \(libavErrorString(status))")
            }
            defer { av_packet_unref(packet) }
            try emit(packet)
        }
    }

    static func send(_ context: UnsafeMutablePointer<AVCodecContext>, _ frame: UnsafeMutablePointer<AVFrame>?) throws {
        let status = avcodec_send_frame(context, frame)
        guard status >= 0 || (frame == nil && status == fg_averror_eof()) else {
            throw MediaError.encodeFailed(reason: "\(String(cString: context.pointee.codec.pointee.name)): \(libavErrorString(status))")
        }
    }
}
