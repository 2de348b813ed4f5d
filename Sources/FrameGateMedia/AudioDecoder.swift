import CLibAV
import Foundation

/// Decodes the first audio stream, resampled by swresample.
public enum AudioDecoder {
    /// Whole stream (or `maxDuration` seconds of it) as interleaved PCM at the requested rate/layout.
    /// `format` chooses the resampler's output format; s16 is returned scaled to Float.
    public static func decode(_ url: URL, sampleRate: Int, channels: Int, format: SampleFormat = .float,
                              maxDuration: Double? = nil) throws -> AudioBuffer {
        guard sampleRate > 0, channels > 0 else {
            throw MediaError.decodeFailed(path: url.path, reason: "invalid output \(sampleRate) Hz × \(channels) channels")
        }
        let input = try InputFile(url: url)
        guard let index = input.firstStream(of: AVMEDIA_TYPE_AUDIO) else {
            throw MediaError.decodeFailed(path: url.path, reason: "the file has no audio stream")
        }
        let decoder = try StreamDecoder(input: input, streamIndex: index)
        var limit = maxDuration.map { max(0, Int(($0 * Double(sampleRate)).rounded())) }
        if let declared = isobmffDeclaredDuration(input, streamIndex: index) {
            // The mov demuxer trims encoder priming at the start (edit list → skip samples) but not the
            // padding of the last AAC frame, so the decoder would return up to 1023 samples past the end
            // the edit list declares. Cap the output at that declared length.
            let declaredSamples = Int((declared * Double(sampleRate)).rounded())
            limit = min(limit ?? declaredSamples, declaredSamples)
        }
        var resampler = PCMResampler(path: url.path, rate: sampleRate, channels: channels, format: format)
        var samples: [Float] = []
        if let limit { samples.reserveCapacity(limit * channels) }
        while try decoder.next() {
            try resampler.convert(decoder.frame.pointer, into: &samples)
            if let limit, samples.count >= limit * channels { break }
        }
        try resampler.flush(into: &samples)
        if let limit, samples.count > limit * channels { samples.removeLast(samples.count - limit * channels) }
        return AudioBuffer(sampleRate: sampleRate, channels: channels, samples: samples)
    }

    /// The stream duration an mp4/mov edit list declares, in seconds.
    private static func isobmffDeclaredDuration(_ input: InputFile, streamIndex: Int) -> Double? {
        let name = String(cString: input.context.pointee.iformat.pointee.name)
        let stream = input.stream(streamIndex).pointee
        guard name.contains("mp4"), stream.duration != fg_av_nopts_value(), stream.duration > 0 else { return nil }
        return Double(stream.duration) * av_q2d(stream.time_base)
    }

    /// Whether the file has an audio stream.
    public static func hasAudio(_ url: URL) throws -> Bool {
        try InputFile(url: url).firstStream(of: AVMEDIA_TYPE_AUDIO) != nil
    }
}

/// swresample from whatever the decoder produces to packed s16/float at a fixed rate and channel count.
/// Rebuilt (after draining) if the input layout, format or rate changes mid-stream.
struct PCMResampler {
    let path: String
    let rate: Int
    let channels: Int
    let format: SampleFormat
    private var context: ResamplerBox?
    private var inputKey: [Int32] = []

    init(path: String, rate: Int, channels: Int, format: SampleFormat) {
        self.path = path; self.rate = rate; self.channels = channels; self.format = format
    }

    mutating func convert(_ frame: UnsafeMutablePointer<AVFrame>, into samples: inout [Float]) throws {
        let key = [frame.pointee.format, frame.pointee.sample_rate, frame.pointee.ch_layout.nb_channels,
                   Int32(truncatingIfNeeded: frame.pointee.ch_layout.u.mask)]
        if context == nil || key != inputKey {
            try flush(into: &samples)
            context = try makeContext(for: frame)
            inputKey = key
        }
        try run(frame, into: &samples)
    }

    mutating func flush(into samples: inout [Float]) throws {
        guard context != nil else { return }
        try run(nil, into: &samples)
        context = nil
    }

    private func run(_ frame: UnsafeMutablePointer<AVFrame>?, into samples: inout [Float]) throws {
        guard let context else { return }
        let capacity = Int(swr_get_out_samples(context.pointer, frame.map { $0.pointee.nb_samples } ?? 0)) + 32
        guard capacity > 0 else { return }
        let produced: Int32
        switch format {
        case .float:
            var block = [Float](repeating: 0, count: capacity * channels)
            produced = block.withUnsafeMutableBytes {
                fg_swr_convert_frame(context.pointer, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(capacity), frame)
            }
            if produced > 0 { samples.append(contentsOf: block[0..<(Int(produced) * channels)]) }
        case .s16:
            var block = [Int16](repeating: 0, count: capacity * channels)
            produced = block.withUnsafeMutableBytes {
                fg_swr_convert_frame(context.pointer, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(capacity), frame)
            }
            if produced > 0 { samples.append(contentsOf: block[0..<(Int(produced) * channels)].map { Float($0) / 32768 }) }
        }
        guard produced >= 0 else { throw MediaError.decodeFailed(path: path, reason: "cannot resample: \(libavErrorString(produced))") }
    }

    private func makeContext(for frame: UnsafeMutablePointer<AVFrame>) throws -> ResamplerBox {
        var inLayout = AVChannelLayout()
        var outLayout = AVChannelLayout()
        defer { av_channel_layout_uninit(&inLayout); av_channel_layout_uninit(&outLayout) }
        if frame.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame.pointee.ch_layout.nb_channels == 0 {
            // Containers that only store a channel count: assume the usual layout for that count.
            av_channel_layout_default(&inLayout, max(1, frame.pointee.ch_layout.nb_channels))
        } else {
            _ = av_channel_layout_copy(&inLayout, &frame.pointee.ch_layout)
        }
        av_channel_layout_default(&outLayout, Int32(channels))
        var swr: OpaquePointer?
        var status = swr_alloc_set_opts2(&swr, &outLayout, format == .float ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_S16, Int32(rate),
                                         &inLayout, AVSampleFormat(rawValue: frame.pointee.format), frame.pointee.sample_rate, 0, nil)
        guard status >= 0, let swr else {
            throw MediaError.decodeFailed(path: path, reason: "cannot set up the resampler: \(libavErrorString(status))")
        }
        let box = ResamplerBox(pointer: swr)
        status = swr_init(swr)
        guard status >= 0 else { throw MediaError.decodeFailed(path: path, reason: "cannot set up the resampler: \(libavErrorString(status))") }
        return box
    }
}
