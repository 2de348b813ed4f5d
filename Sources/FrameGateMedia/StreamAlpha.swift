import CLibAV

/// Where a video stream's alpha lives, in one place for the writer, the remuxer and the decoder.
/// ProRes 4444 carries alpha in the picture (pixel format yuva444p10le). VP9 carries it as a second
/// VP9 stream in each Matroska block's BlockAdditional (packet side data), flagged by the track's AlphaMode
/// element. libavformat (5.1) reports AlphaMode as the stream tag `alpha_mode` = 1 and writes the element for
/// a yuva420p stream or one carrying that tag (a remuxed stream's parameters say yuv420p: only the tag is
/// left). Only the libvpx-vp9 decoder reads the BlockAdditional; libavcodec's own vp9 decoder ignores it.
enum StreamAlpha {
    static let tag = "alpha_mode"

    /// True when the stream says it has alpha: an alpha pixel format, or Matroska's AlphaMode.
    static func present(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        if let value = av_dict_get(stream.pointee.metadata, tag, nil, 0)?.pointee.value, String(cString: value) == "1" {
            return true
        }
        let format = AVPixelFormat(rawValue: stream.pointee.codecpar.pointee.format)
        guard let descriptor = av_pix_fmt_desc_get(format) else { return false }
        return descriptor.pointee.flags & UInt64(AV_PIX_FMT_FLAG_ALPHA) != 0
    }

    /// Marks a webm VP9 stream as carrying alpha (writes the AlphaMode track element), so players and
    /// decoders look at the BlockAdditional data; without it the alpha is stored but read by nobody.
    static func mark(_ stream: UnsafeMutablePointer<AVStream>, container: ContainerFormat) {
        guard container == .webm else { return }
        av_dict_set(&stream.pointee.metadata, tag, "1", 0)
    }

    /// The decoder for a stream: libvpx-vp9 for VP9 with alpha (the only one that decodes the alpha
    /// plane), else libavcodec's default for the codec.
    static func decoder(for stream: UnsafeMutablePointer<AVStream>) -> UnsafePointer<AVCodec>? {
        let id = stream.pointee.codecpar.pointee.codec_id
        if id == AV_CODEC_ID_VP9, present(stream), let libvpx = avcodec_find_decoder_by_name("libvpx-vp9") {
            return libvpx
        }
        return avcodec_find_decoder(id)
    }
}
