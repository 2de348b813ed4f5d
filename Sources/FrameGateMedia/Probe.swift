import CLibAV
import Foundation

public enum MediaProbe {
    /// Probes a file. With `countFrames` every stream is decoded to count frames/samples (exact, slower).
    public static func probe(_ url: URL, countFrames: Bool = true) throws -> MediaInfo {
        let input = try InputFile(url: url)
        let format = input.context.pointee
        var streams: [StreamInfo] = []
        for index in 0..<input.streamCount {
            let stream = input.stream(index)
            let parameters = stream.pointee.codecpar.pointee
            let kind: StreamInfo.Kind
            switch parameters.codec_type {
            case AVMEDIA_TYPE_VIDEO: kind = .video
            case AVMEDIA_TYPE_AUDIO: kind = .audio
            default: continue
            }
            // Cover art is a one-picture "video" stream; it is not part of the timeline.
            if stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0 { continue }
            var info = StreamInfo(index: index, type: kind, codec: String(cString: avcodec_get_name(parameters.codec_id)),
                                  frameCount: 0, duration: 0)
            if kind == .video {
                info.width = Int(parameters.width)
                info.height = Int(parameters.height)
                info.pixelFormat = av_get_pix_fmt_name(AVPixelFormat(rawValue: parameters.format)).map { String(cString: $0) }
                info.fps = rationalString(stream.pointee.avg_frame_rate) ?? rationalString(stream.pointee.r_frame_rate)
                info.colorPrimaries = colorName(av_color_primaries_name(parameters.color_primaries), unspecified: parameters.color_primaries == AVCOL_PRI_UNSPECIFIED)
                info.colorTransfer = colorName(av_color_transfer_name(parameters.color_trc), unspecified: parameters.color_trc == AVCOL_TRC_UNSPECIFIED)
                info.colorSpace = colorName(av_color_space_name(parameters.color_space), unspecified: parameters.color_space == AVCOL_SPC_UNSPECIFIED)
                info.colorRange = colorName(av_color_range_name(parameters.color_range), unspecified: parameters.color_range == AVCOL_RANGE_UNSPECIFIED)
            } else {
                info.sampleRate = Int(parameters.sample_rate)
                info.channels = Int(parameters.ch_layout.nb_channels)
            }
            var decodedDuration: Double?
            if countFrames {
                let counted = try count(url: url, streamIndex: index, kind: kind)
                info.frameCount = counted.frames
                decodedDuration = counted.end
                if kind == .video { info.keyframes = counted.keyframes } else { info.sampleCount = counted.samples }
            }
            if stream.pointee.duration != fg_av_nopts_value(), stream.pointee.duration > 0 {
                info.duration = Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
            } else if let decodedDuration {
                info.duration = decodedDuration
            } else if format.duration != fg_av_nopts_value() {
                info.duration = Double(format.duration) / Double(fg_av_time_base())
            }
            streams.append(info)
        }
        let duration = format.duration != fg_av_nopts_value() && format.duration > 0
            ? Double(format.duration) / Double(fg_av_time_base())
            : streams.map(\.duration).max() ?? 0
        return MediaInfo(path: url.path, formatName: String(cString: format.iformat.pointee.name), duration: duration,
                         faststart: TopLevelBoxes.isFaststart(url), streams: streams)
    }

    private struct Count { var frames = 0; var samples = 0; var keyframes: [Int] = []; var end: Double = 0 }

    /// Decodes one stream from its own demuxer, so each stream's decoder sees all of its packets.
    private static func count(url: URL, streamIndex: Int, kind: StreamInfo.Kind) throws -> Count {
        let input = try InputFile(url: url)
        let decoder = try StreamDecoder(input: input, streamIndex: streamIndex)
        var result = Count()
        let timeBase = av_q2d(decoder.stream.pointee.time_base)
        while try decoder.next() {
            let frame = decoder.frame.pointer.pointee
            if kind == .video, decoder.isKeyframe { result.keyframes.append(result.frames) }
            result.frames += 1
            result.samples += Int(frame.nb_samples)
            let length = kind == .audio && frame.sample_rate > 0
                ? Double(frame.nb_samples) / Double(frame.sample_rate)
                : Double(frame.pkt_duration) * timeBase
            result.end = max(result.end, decoder.frameTime + length)
        }
        if kind == .audio, let declared = AudioDecoder.isobmffDeclaredDuration(input, streamIndex: streamIndex) {
            // As AudioDecoder does: the last AAC frame's padding past the edit list's end is not audio.
            let rate = Double(decoder.stream.pointee.codecpar.pointee.sample_rate)
            result.samples = min(result.samples, Int((declared * rate).rounded()))
        }
        return result
    }

    private static func colorName(_ name: UnsafePointer<CChar>?, unspecified: Bool) -> String? {
        guard !unspecified, let name else { return nil }
        return String(cString: name)
    }
}
