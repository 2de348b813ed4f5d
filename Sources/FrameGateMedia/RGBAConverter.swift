import CLibAV

/// RGBA → encoder pixel formats with one cached swscale context, BT.709 coefficients and full → limited
/// range (sRGB capture is full range; the video is tagged BT.709 tv range). The encoders use it, and so
/// can anything that must compare a source picture with a decoded one in the encoder's colour space.
public final class RGBAConverter {
    public let width: Int
    public let height: Int
    let target: AVPixelFormat
    private let scaler: ScalerBox

    /// A converter to yuv420p (the format mp4/webm carry).
    public convenience init(width: Int, height: Int) throws {
        try self.init(width: width, height: height, target: AV_PIX_FMT_YUV420P)
    }

    init(width: Int, height: Int, target: AVPixelFormat) throws {
        self.width = width
        self.height = height
        self.target = target
        // Full-chroma input plus accurate rounding: chroma is filtered from every pixel, not every other one.
        let flags = SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP | SWS_BITEXACT
        guard let sws = sws_getContext(Int32(width), Int32(height), AV_PIX_FMT_RGBA,
                                       Int32(width), Int32(height), target, flags, nil, nil, nil) else {
            throw MediaError.encodeFailed(reason: "cannot convert rgba to \(String(cString: av_get_pix_fmt_name(target))) at \(width)x\(height)")
        }
        scaler = ScalerBox(pointer: sws)
        _ = fg_sws_set_colorspace(sws, fg_sws_cs_itu709(), 1, fg_sws_cs_itu709(), 0)
    }

    /// Converts into a frame that already has buffers of this size and format.
    func convert(_ rgba: RGBAFrame, into frame: UnsafeMutablePointer<AVFrame>) throws {
        guard rgba.width == width, rgba.height == height else {
            throw MediaError.encodeFailed(reason: "a \(rgba.width)x\(rgba.height) frame given to a \(width)x\(height) converter")
        }
        let status = rgba.pixels.withUnsafeBufferPointer {
            fg_sws_scale_packed_to_frame(scaler.pointer, $0.baseAddress, Int32(width * 4), Int32(height), frame)
        }
        guard status > 0 else { throw MediaError.encodeFailed(reason: "cannot convert a frame: \(libavErrorString(status))") }
    }

    /// Tightly packed yuv420p planes (Y w×h, U and V ⌈w/2⌉×⌈h/2⌉), as `DecodedVideoFrame` holds them.
    public func yuv420p(_ rgba: RGBAFrame) throws -> [[UInt8]] {
        guard target == AV_PIX_FMT_YUV420P else { throw MediaError.encodeFailed(reason: "converter is not set up for yuv420p") }
        let frame = try FrameBox(videoFormat: target, width: width, height: height)
        try convert(rgba, into: frame.pointer)
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        let shapes = [(frame.pointer.pointee.data.0!, Int(frame.pointer.pointee.linesize.0), width, height),
                      (frame.pointer.pointee.data.1!, Int(frame.pointer.pointee.linesize.1), cw, ch),
                      (frame.pointer.pointee.data.2!, Int(frame.pointer.pointee.linesize.2), cw, ch)]
        return shapes.map { data, stride, w, h in
            [UInt8](unsafeUninitializedCapacity: w * h) { buffer, count in
                for y in 0..<h { memcpy(buffer.baseAddress! + y * w, data + y * stride, w) }
                count = w * h
            }
        }
    }
}
