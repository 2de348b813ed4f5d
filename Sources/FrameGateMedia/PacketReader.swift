import CLibAV
import Foundation

/// How the packets of one stream kind (the first video or the first audio stream, as the decoders pick
/// them) compare between two files. Packets are compared by payload bytes, flags and side data — what the
/// decoder sees — not by timestamps, which do not change decoded samples.
public struct StreamPacketComparison: Sendable, Equatable {
    /// The codec parameters the decoder is opened with (codec, extradata, format, size, colour tags,
    /// sample rate, layout…) are equal, and for audio also the stream timing the audio decode trims by.
    public var parametersIdentical: Bool
    /// Packets equal from the first one on: every packet below this index is identical in both files.
    public var matchingPrefix: Int
    /// Index of the first packet that differs or exists in only one file; nil when all packets match
    /// (then both files hold exactly `matchingPrefix` packets).
    public var firstDifference: Int?
    /// Each packet decodes to exactly one frame, in packet order (a codec without frame reordering, no
    /// discarded or corrupt packets in the compared prefix): packet index = frame decode index.
    public var packetsAreFrames: Bool
    /// Packet indices flagged as keyframes within the matching prefix.
    public var keyframes: [Int]
    /// Packets within the matching prefix where decoding can start and give exactly the frames a decode
    /// from the first packet gives (IDR for H.264/H.265, key frames for VP8/VP9, every packet of an
    /// intra-only codec). Only meaningful when `packetsAreFrames`.
    public var cleanStarts: [Int]

    /// Same decoder input from start to end: the decoded frames/samples are identical.
    public var isIdentical: Bool { parametersIdentical && firstDifference == nil }
}

public struct PacketComparison: Sendable, Equatable {
    /// nil when either file has no video stream.
    public var video: StreamPacketComparison?
    /// nil when either file has no audio stream.
    public var audio: StreamPacketComparison?
}

/// Demux-only comparison of two files (av_read_frame, no decode). Deterministic renders are usually
/// packet-identical to their baseline, and identical decoder input gives identical output, so the
/// harness can skip decoding. Reading stops once every compared stream has differed.
public enum PacketReader {
    /// Codecs whose decoders emit one frame per packet when the stream declares no reordering delay.
    static let oneFramePerPacketCodecs: Set<UInt32> = [
        AV_CODEC_ID_H264, AV_CODEC_ID_HEVC, AV_CODEC_ID_PRORES, AV_CODEC_ID_VP8, AV_CODEC_ID_VP9,
        AV_CODEC_ID_MJPEG, AV_CODEC_ID_PNG, AV_CODEC_ID_FFV1, AV_CODEC_ID_RAWVIDEO,
    ].map(\.rawValue).reduce(into: Set<UInt32>()) { $0.insert($1) }

    public static func compare(_ a: URL, _ b: URL) throws -> PacketComparison {
        let fileA = try InputFile(url: a), fileB = try InputFile(url: b)
        var lanes: [Lane] = []
        for type in [AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO] {
            guard let sa = fileA.firstStream(of: type), let sb = fileB.firstStream(of: type) else { continue }
            lanes.append(Lane(type: type, streamA: sa, streamB: sb,
                              randomAccess: RandomAccess(parameters: fileA.stream(sa).pointee.codecpar.pointee),
                              parametersIdentical: sameParameters(fileA, sa, fileB, sb),
                              packetsAreFrames: type == AVMEDIA_TYPE_VIDEO
                                  && oneFramePerPacket(fileA.stream(sa)) && oneFramePerPacket(fileB.stream(sb))))
        }
        var endedA = false, endedB = false
        // Both files are read in step; each lane queues the packets one file is ahead by, so a different
        // interleaving of audio and video costs memory, not correctness.
        while lanes.contains(where: { $0.firstDifference == nil }) && !(endedA && endedB) {
            if !endedA { endedA = try !readOne(fileA, into: &lanes, side: 0) }
            if !endedB { endedB = try !readOne(fileB, into: &lanes, side: 1) }
            for i in lanes.indices { lanes[i].compareQueued() }
        }
        for i in lanes.indices where lanes[i].firstDifference == nil {
            // A file ended: whatever the other still holds is a count difference.
            if !lanes[i].queueA.isEmpty || !lanes[i].queueB.isEmpty { lanes[i].firstDifference = lanes[i].matched }
        }
        func result(_ type: AVMediaType) -> StreamPacketComparison? {
            lanes.first { $0.type == type }.map {
                StreamPacketComparison(parametersIdentical: $0.parametersIdentical, matchingPrefix: $0.matched,
                                       firstDifference: $0.firstDifference, packetsAreFrames: $0.packetsAreFrames,
                                       keyframes: $0.keyframes, cleanStarts: $0.cleanStarts)
            }
        }
        return PacketComparison(video: result(AVMEDIA_TYPE_VIDEO), audio: result(AVMEDIA_TYPE_AUDIO))
    }

    /// Reads one packet of `file` and queues it on its lane; false at the end of the file.
    private static func readOne(_ file: InputFile, into lanes: inout [Lane], side: Int) throws -> Bool {
        let packet = try PacketBox()
        guard try file.read(into: packet.pointer) else { return false }
        let stream = Int(packet.pointer.pointee.stream_index)
        if let i = lanes.firstIndex(where: { (side == 0 ? $0.streamA : $0.streamB) == stream }), lanes[i].firstDifference == nil {
            if side == 0 { lanes[i].queueA.append(packet) } else { lanes[i].queueB.append(packet) }
        }
        return true
    }

    private struct Lane {
        let type: AVMediaType
        let streamA: Int
        let streamB: Int
        let parametersIdentical: Bool
        var packetsAreFrames: Bool
        var queueA: [PacketBox] = []
        var queueB: [PacketBox] = []
        var matched = 0
        var firstDifference: Int?
        var keyframes: [Int] = []
        var cleanStarts: [Int] = []
        let randomAccess: RandomAccess

        init(type: AVMediaType, streamA: Int, streamB: Int, randomAccess: RandomAccess, parametersIdentical: Bool,
             packetsAreFrames: Bool) {
            self.type = type; self.streamA = streamA; self.streamB = streamB; self.randomAccess = randomAccess
            self.parametersIdentical = parametersIdentical; self.packetsAreFrames = packetsAreFrames
        }

        mutating func compareQueued() {
            while firstDifference == nil, !queueA.isEmpty, !queueB.isEmpty {
                // Keep the boxes (they own the packets) alive while comparing.
                let boxA = queueA.removeFirst(), boxB = queueB.removeFirst()
                let pa = boxA.pointer
                guard withExtendedLifetime((boxA, boxB), { samePacket(boxA.pointer, boxB.pointer) }) else {
                    firstDifference = matched
                    queueA.removeAll(); queueB.removeAll()
                    return
                }
                let flags = withExtendedLifetime(boxA) { pa.pointee.flags }
                if flags & AV_PKT_FLAG_KEY != 0 { keyframes.append(matched) }
                if type == AVMEDIA_TYPE_VIDEO, withExtendedLifetime(boxA, { randomAccess.isCleanStart(pa.pointee) }) {
                    cleanStarts.append(matched)
                }
                // A discarded (edit-list trimmed) or corrupt packet may not yield a frame.
                if flags & (AV_PKT_FLAG_DISCARD | AV_PKT_FLAG_CORRUPT) != 0 { packetsAreFrames = false }
                matched += 1
            }
        }
    }

    static func samePacket(_ a: UnsafeMutablePointer<AVPacket>, _ b: UnsafeMutablePointer<AVPacket>) -> Bool {
        let pa = a.pointee, pb = b.pointee
        guard pa.size == pb.size, pa.flags == pb.flags, pa.side_data_elems == pb.side_data_elems else { return false }
        if pa.size > 0, memcmp(pa.data, pb.data, Int(pa.size)) != 0 { return false }
        for i in 0..<Int(pa.side_data_elems) {
            let sa = pa.side_data[i], sb = pb.side_data[i]
            guard sa.type == sb.type, sa.size == sb.size else { return false }
            if sa.size > 0, memcmp(sa.data, sb.data, sa.size) != 0 { return false }
        }
        return true
    }

    static func oneFramePerPacket(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        let parameters = stream.pointee.codecpar.pointee
        return parameters.video_delay == 0 && oneFramePerPacketCodecs.contains(parameters.codec_id.rawValue)
    }

    /// Everything `avcodec_parameters_to_context` hands the decoder, plus what the audio decode trims by.
    static func sameParameters(_ fa: InputFile, _ ia: Int, _ fb: InputFile, _ ib: Int) -> Bool {
        let sa = fa.stream(ia).pointee, sb = fb.stream(ib).pointee
        let a = sa.codecpar.pointee, b = sb.codecpar.pointee
        guard a.codec_type == b.codec_type, a.codec_id == b.codec_id, a.codec_tag == b.codec_tag,
              a.format == b.format, a.profile == b.profile, a.level == b.level,
              a.width == b.width, a.height == b.height, a.field_order == b.field_order,
              a.color_range == b.color_range, a.color_primaries == b.color_primaries, a.color_trc == b.color_trc,
              a.color_space == b.color_space, a.chroma_location == b.chroma_location,
              a.bits_per_coded_sample == b.bits_per_coded_sample, a.bits_per_raw_sample == b.bits_per_raw_sample,
              a.sample_rate == b.sample_rate, a.block_align == b.block_align, a.frame_size == b.frame_size,
              a.initial_padding == b.initial_padding, a.trailing_padding == b.trailing_padding,
              a.seek_preroll == b.seek_preroll, a.video_delay == b.video_delay,
              a.ch_layout.order == b.ch_layout.order, a.ch_layout.nb_channels == b.ch_layout.nb_channels,
              a.ch_layout.u.mask == b.ch_layout.u.mask,
              a.extradata_size == b.extradata_size
        else { return false }
        if a.extradata_size > 0, memcmp(a.extradata, b.extradata, Int(a.extradata_size)) != 0 { return false }
        // Whether VP9 alpha is decoded at all depends on the track's AlphaMode, not on the packets.
        if StreamAlpha.present(fa.stream(ia)) != StreamAlpha.present(fb.stream(ib)) { return false }
        // Pixels do not depend on stream timing, but AudioDecoder trims the decoded samples to the
        // mp4 edit list's declared duration, so for audio the timing is part of the decoder's input.
        guard a.codec_type == AVMEDIA_TYPE_AUDIO else { return true }
        return sa.time_base.num == sb.time_base.num && sa.time_base.den == sb.time_base.den
            && sa.duration == sb.duration && sa.start_time == sb.start_time
            && String(cString: fa.context.pointee.iformat.pointee.name) == String(cString: fb.context.pointee.iformat.pointee.name)
    }
}
