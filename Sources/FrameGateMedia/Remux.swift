import CLibAV
import Foundation

/// Packet-level operations: no re-encode.
public enum Remux {
    /// Concatenates the video packets of files sharing codec parameters, with continuous timestamps:
    /// each file's packets are shifted by the summed durations of the files before it. Keyframe flags
    /// are kept, so chunks encoded with a closed GOP stay independently decodable.
    public static func concatenate(_ inputs: [URL], to output: URL, container: ContainerFormat) throws {
        guard let firstURL = inputs.first else {
            throw MediaError.encodeFailed(reason: "nothing to concatenate into \(output.path): the input list is empty")
        }
        let files = try inputs.map { try InputFile(url: $0) }
        let streams = try files.map { file -> Int in
            guard let index = file.firstStream(of: AVMEDIA_TYPE_VIDEO) else {
                throw MediaError.decodeFailed(path: file.path, reason: "the file has no video stream to concatenate")
            }
            return index
        }
        let reference = files[0].stream(streams[0]).pointee.codecpar.pointee
        for (file, index) in zip(files, streams).dropFirst() {
            if let difference = parameterDifference(reference, file.stream(index).pointee.codecpar.pointee) {
                throw MediaError.encodeFailed(reason: "cannot concatenate \(file.path): its video differs from \(firstURL.path) (\(difference)); encode every chunk with the same settings")
            }
        }

        let out = try OutputFile(url: output, container: container)
        let outStream = try copyStream(files[0].stream(streams[0]), into: out, container: container)
        try out.writeHeader(container: container)
        let packet = try PacketBox()
        let outBase = outStream.pointee.time_base
        var offset: Int64 = 0  // in the output time base
        var framesBefore: Int64 = 0
        for (file, index) in zip(files, streams) {
            let stream = file.stream(index)
            let inBase = stream.pointee.time_base
            let frameTicks = defaultFrameDuration(stream, in: outBase)
            var fileStart: Int64?
            var fileEnd = offset
            while try file.read(into: packet.pointer) {
                defer { av_packet_unref(packet.pointer) }
                guard Int(packet.pointer.pointee.stream_index) == index else { continue }
                let p = packet.pointer
                let nopts = fg_av_nopts_value()
                let dts = p.pointee.dts != nopts ? p.pointee.dts : p.pointee.pts
                let pts = p.pointee.pts != nopts ? p.pointee.pts : dts
                guard dts != nopts else {
                    throw MediaError.decodeFailed(path: file.path, reason: "a packet has no timestamp; the file cannot be concatenated")
                }
                let start = fileStart ?? dts
                fileStart = start
                p.pointee.pts = av_rescale_q(pts - start, inBase, outBase) + offset
                p.pointee.dts = av_rescale_q(dts - start, inBase, outBase) + offset
                p.pointee.duration = p.pointee.duration > 0 ? av_rescale_q(p.pointee.duration, inBase, outBase) : frameTicks
                framesBefore += 1
                p.pointee.pos = -1
                p.pointee.stream_index = outStream.pointee.index
                fileEnd = max(fileEnd, p.pointee.pts + p.pointee.duration)
                try out.write(p)
            }
            offset = fileEnd
            if let exact = frameCountTime(framesBefore, stream, in: outBase), abs(exact - fileEnd) < frameTicks {
                // Constant-rate chunks: place the next file at frames × (den/num). In a millisecond time base
                // (webm) packet durations are rounded (33 for 33.3 ms), and that error would build up per chunk.
                offset = exact
            }
        }
        try out.writeTrailer()
    }

    /// Copies the video of `video` and the audio of `audio` into one file (faststart for mp4/mov).
    /// Timestamps are kept as they are, so an AAC track's priming and end trim (its edit list) survive.
    public static func mux(video: URL, audio: URL?, to output: URL, container: ContainerFormat) throws {
        let videoFile = try InputFile(url: video)
        guard let videoIndex = videoFile.firstStream(of: AVMEDIA_TYPE_VIDEO) else {
            throw MediaError.decodeFailed(path: video.path, reason: "the file has no video stream")
        }
        let audioFile = try audio.map { try InputFile(url: $0) }
        let audioIndex = try audioFile.map { file -> Int in
            guard let index = file.firstStream(of: AVMEDIA_TYPE_AUDIO) else {
                throw MediaError.decodeFailed(path: file.path, reason: "the file has no audio stream")
            }
            return index
        }

        let out = try OutputFile(url: output, container: container)
        var sources: [(file: InputFile, index: Int, out: UnsafeMutablePointer<AVStream>)] = []
        sources.append((videoFile, videoIndex, try copyStream(videoFile.stream(videoIndex), into: out, container: container)))
        if let audioFile, let audioIndex {
            sources.append((audioFile, audioIndex, try copyStream(audioFile.stream(audioIndex), into: out, container: container)))
        }
        try out.writeHeader(container: container)

        // Merge the inputs by dts so the muxer interleaves without buffering a whole stream.
        var pending: [PacketBox?] = try sources.map { try nextPacket(of: $0.file, stream: $0.index) }
        while true {
            var pick: Int?
            for (i, candidate) in pending.enumerated() {
                guard let candidate else { continue }
                guard let current = pick, let currentPacket = pending[current] else { pick = i; continue }
                let a = candidate.pointer.pointee, b = currentPacket.pointer.pointee
                if av_compare_ts(a.dts, sources[i].file.stream(sources[i].index).pointee.time_base,
                                 b.dts, sources[current].file.stream(sources[current].index).pointee.time_base) < 0 {
                    pick = i
                }
            }
            guard let i = pick, let box = pending[i] else { break }
            let source = sources[i]
            let p = box.pointer
            av_packet_rescale_ts(p, source.file.stream(source.index).pointee.time_base, source.out.pointee.time_base)
            p.pointee.stream_index = source.out.pointee.index
            p.pointee.pos = -1
            try out.write(p)
            pending[i] = try nextPacket(of: source.file, stream: source.index)
        }
        try out.writeTrailer()
    }

    /// The next packet of one stream, with a dts (filled from pts when the demuxer leaves it unset).
    private static func nextPacket(of file: InputFile, stream index: Int) throws -> PacketBox? {
        let box = try PacketBox()
        while try file.read(into: box.pointer) {
            if Int(box.pointer.pointee.stream_index) == index {
                if box.pointer.pointee.dts == fg_av_nopts_value() { box.pointer.pointee.dts = box.pointer.pointee.pts }
                return box
            }
            av_packet_unref(box.pointer)
        }
        return nil
    }

    /// Adds an output stream with the input's codec parameters, checking the container can carry the codec.
    private static func copyStream(_ stream: UnsafeMutablePointer<AVStream>, into out: OutputFile,
                                   container: ContainerFormat) throws -> UnsafeMutablePointer<AVStream> {
        let parameters = stream.pointee.codecpar!
        let format = out.context.pointee.oformat!
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard avformat_query_codec(format, parameters.pointee.codec_id, FF_COMPLIANCE_NORMAL) == 1 else {
            throw MediaError.encodeFailed(reason: "\(container.rawValue) cannot carry \(codecName); use a container that does (\(ContainerFormat.carriageSummary))")
        }
        let outStream = try out.addStream()
        let status = avcodec_parameters_copy(outStream.pointee.codecpar, parameters)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: libavErrorString(status)) }
        // Keep the input's sample-entry tag (ap4h for ProRes 4444, hvc1 for HEVC) when the muxer accepts it.
        let tag = parameters.pointee.codec_tag
        var keep = false
        if tag != 0, let tags = format.pointee.codec_tag {
            keep = av_codec_get_id(tags, tag) == parameters.pointee.codec_id
        }
        outStream.pointee.codecpar.pointee.codec_tag = keep ? tag : 0
        if parameters.pointee.codec_id == AV_CODEC_ID_HEVC, let hvc1 = container.hevcTag {
            outStream.pointee.codecpar.pointee.codec_tag = hvc1
        }
        outStream.pointee.time_base = stream.pointee.time_base
        outStream.pointee.avg_frame_rate = stream.pointee.avg_frame_rate
        outStream.pointee.r_frame_rate = stream.pointee.r_frame_rate
        outStream.pointee.disposition = stream.pointee.disposition
        // A webm chunk's alpha is in its blocks' BlockAdditional (kept with each packet's side data); the
        // track flag that says so is stream metadata, which a packet copy does not carry by itself.
        if parameters.pointee.codec_type == AVMEDIA_TYPE_VIDEO, StreamAlpha.present(stream) {
            StreamAlpha.mark(outStream, container: container)
        }
        return outStream
    }

    /// One frame at the stream's average rate, for packets the demuxer gives no duration (webm).
    private static func defaultFrameDuration(_ stream: UnsafeMutablePointer<AVStream>, in base: AVRational) -> Int64 {
        let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        guard rate.num > 0, rate.den > 0 else { return 1 }
        return max(1, av_rescale_q(1, AVRational(num: rate.den, den: rate.num), base))
    }

    /// The time of `frames` frames at the stream's average rate, in `base`; nil when the rate is unknown.
    private static func frameCountTime(_ frames: Int64, _ stream: UnsafeMutablePointer<AVStream>, in base: AVRational) -> Int64? {
        let rate = stream.pointee.avg_frame_rate.num > 0 ? stream.pointee.avg_frame_rate : stream.pointee.r_frame_rate
        guard rate.num > 0, rate.den > 0 else { return nil }
        return av_rescale_q(frames * Int64(rate.den), AVRational(num: 1, den: rate.num), base)
    }

    /// Why two streams cannot be joined packet by packet, or nil when they can.
    private static func parameterDifference(_ a: AVCodecParameters, _ b: AVCodecParameters) -> String? {
        if a.codec_id != b.codec_id {
            return "codec \(String(cString: avcodec_get_name(b.codec_id))) ≠ \(String(cString: avcodec_get_name(a.codec_id)))"
        }
        if a.width != b.width || a.height != b.height { return "size \(b.width)x\(b.height) ≠ \(a.width)x\(a.height)" }
        if a.format != b.format {
            let name = { (f: Int32) in av_get_pix_fmt_name(AVPixelFormat(rawValue: f)).map { String(cString: $0) } ?? "\(f)" }
            return "pixel format \(name(b.format)) ≠ \(name(a.format))"
        }
        let extraA = a.extradata.map { Array(UnsafeBufferPointer(start: $0, count: Int(a.extradata_size))) } ?? []
        let extraB = b.extradata.map { Array(UnsafeBufferPointer(start: $0, count: Int(b.extradata_size))) } ?? []
        // The decoder configuration (SPS/PPS, VPS) is stored once per file: packets of one file decoded
        // with another's parameter sets would be wrong, so it must match byte for byte.
        if extraA != extraB { return "decoder configuration (extradata, \(extraB.count) vs \(extraA.count) bytes) differs" }
        return nil
    }
}
