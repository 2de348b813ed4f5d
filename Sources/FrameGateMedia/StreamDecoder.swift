import CLibAV
import Foundation

/// The send/receive loop over one stream of an input file: yields decoded AVFrames in order and
/// drains the decoder at the end of the file. Shared by probe, video decode and audio decode.
final class StreamDecoder {
    let input: InputFile
    let streamIndex: Int
    let codec: CodecContextBox
    private let packet: PacketBox
    let frame: FrameBox
    private var inputFinished = false
    private var drained = false
    /// libvpx-vp9 (the alpha decoder) marks every frame a key frame; its key frames are taken from the
    /// packets instead (one frame per packet, same pts). nil for decoders whose flag is right.
    private var keyPacketPTS: Set<Int64>?

    var stream: UnsafeMutablePointer<AVStream> { input.stream(streamIndex) }
    var context: UnsafeMutablePointer<AVCodecContext> { codec.pointer }

    /// `decodeAlpha`: open the decoder that reads the stream's alpha where libavcodec's default does not
    /// (VP9 in webm: `StreamAlpha.decoder`); the colour planes are the same either way.
    init(input: InputFile, streamIndex: Int, decodeAlpha: Bool = false) throws {
        self.input = input
        self.streamIndex = streamIndex
        let parameters = input.stream(streamIndex).pointee.codecpar!
        let chosen = decodeAlpha ? StreamAlpha.decoder(for: input.stream(streamIndex)) : avcodec_find_decoder(parameters.pointee.codec_id)
        guard let decoder = chosen else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw MediaError.decodeFailed(path: input.path, reason: "no decoder for codec '\(name)' in this libav build")
        }
        codec = try CodecContextBox(codec: decoder)
        var status = avcodec_parameters_to_context(codec.pointer, parameters)
        guard status >= 0 else { throw MediaError.decodeFailed(path: input.path, reason: libavErrorString(status)) }
        codec.pointer.pointee.pkt_timebase = input.stream(streamIndex).pointee.time_base
        // Decoding is bit-exact at any thread count; two threads match the CI machine's cores.
        codec.pointer.pointee.thread_count = 2
        status = avcodec_open2(codec.pointer, decoder, nil)
        guard status >= 0 else {
            throw MediaError.decodeFailed(path: input.path, reason: "cannot open the \(String(cString: decoder.pointee.name)) decoder: \(libavErrorString(status))")
        }
        packet = try PacketBox()
        frame = try FrameBox()
        if decoder != avcodec_find_decoder(parameters.pointee.codec_id) { keyPacketPTS = [] }
    }

    /// Whether the frame in `frame` is a key frame.
    var isKeyframe: Bool {
        guard let keyPacketPTS else { return frame.pointer.pointee.key_frame != 0 }
        return keyPacketPTS.contains(frame.pointer.pointee.pts)
    }

    /// Decodes until a frame is available in `frame` (true) or the stream is exhausted (false).
    /// The previous frame is unreferenced first, so callers must copy what they need before calling again.
    func next() throws -> Bool {
        av_frame_unref(frame.pointer)
        while !drained {
            let received = avcodec_receive_frame(context, frame.pointer)
            if received >= 0 { return true }
            if received == fg_averror_eof() { drained = true; break }
            guard received == fg_averror_eagain() else {
                throw MediaError.decodeFailed(path: input.path, reason: libavErrorString(received))
            }
            try feed()
        }
        return false
    }

    /// Sends the next packet of this stream, or the drain signal at the end of the file.
    private func feed() throws {
        guard !inputFinished else {
            throw MediaError.decodeFailed(path: input.path, reason: "decoder asked for input after the end of the stream")
        }
        while true {
            guard try input.read(into: packet.pointer) else {
                inputFinished = true
                let status = avcodec_send_packet(context, nil)
                guard status >= 0 || status == fg_averror_eof() else {
                    throw MediaError.decodeFailed(path: input.path, reason: libavErrorString(status))
                }
                return
            }
            defer { av_packet_unref(packet.pointer) }
            guard Int(packet.pointer.pointee.stream_index) == streamIndex else { continue }
            if packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 { keyPacketPTS?.insert(packet.pointer.pointee.pts) }
            let status = avcodec_send_packet(context, packet.pointer)
            guard status >= 0 else {
                throw MediaError.decodeFailed(path: input.path, reason: "corrupt packet at \(packet.pointer.pointee.pos): \(libavErrorString(status))")
            }
            return
        }
    }

    /// The frame's presentation time in seconds from the stream's start.
    var frameTime: Double {
        let ts = frame.pointer.pointee.best_effort_timestamp
        guard ts != fg_av_nopts_value() else { return 0 }
        let start = stream.pointee.start_time == fg_av_nopts_value() ? 0 : stream.pointee.start_time
        return Double(ts - start) * av_q2d(stream.pointee.time_base)
    }
}

/// "num/den" reduced, or "N" when the denominator is 1; nil when libav does not know the rate.
func rationalString(_ rate: AVRational) -> String? {
    guard rate.num > 0, rate.den > 0 else { return nil }
    var num: Int32 = 0, den: Int32 = 0
    av_reduce(&num, &den, Int64(rate.num), Int64(rate.den), Int64(Int32.max))
    return den == 1 ? "\(num)" : "\(num)/\(den)"
}
