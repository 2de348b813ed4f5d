import CLibAV
import Foundation
import FrameGateCore

/// Sequential, streaming decode of the first video stream. Frames come in decode (presentation) order,
/// numbered from 0, converted by swscale to `format` at `width`×`height` (source size when nil).
public final class VideoDecoder {
    public let url: URL
    public private(set) var width: Int = 0
    public private(set) var height: Int = 0
    /// The stream's own rate; a stream that declares none is refused rather than assumed to be 30 fps,
    /// because every frame-to-time mapping downstream depends on it.
    public let frameRate: FrameRate
    public let format: PixelFormat
    /// The stream carries alpha (ProRes 4444 with alpha, VP9 with Matroska AlphaMode): `StreamAlpha`.
    public let hasAlpha: Bool

    private let decoder: StreamDecoder
    private var scaler: ScalerBox?
    private var scalerKey: [Int32] = []
    private var nextIndex = 0
    private var lastFrame: DecodedVideoFrame?

    /// `startingAtPacket` k > 0 drops the stream's first k packets undecoded and numbers the frames from k.
    /// Only exact where decoding can start at packet k and each packet is one frame — see
    /// `StreamPacketComparison.cleanStarts` and `packetsAreFrames`.
    public init(url: URL, format: PixelFormat = .rgba, width: Int? = nil, height: Int? = nil,
                startingAtPacket: Int = 0) throws {
        self.url = url
        self.format = format
        let input = try InputFile(url: url)
        guard let index = input.firstStream(of: AVMEDIA_TYPE_VIDEO) else {
            throw MediaError.decodeFailed(path: url.path, reason: "the file has no video stream")
        }
        if startingAtPacket > 0 {
            // Demux past them: the stream decoder then reads on from packet k.
            let packet = try PacketBox()
            var dropped = 0
            while dropped < startingAtPacket, try input.read(into: packet.pointer) {
                if Int(packet.pointer.pointee.stream_index) == index { dropped += 1 }
                av_packet_unref(packet.pointer)
            }
            nextIndex = startingAtPacket
        }
        // yuv420p drops alpha anyway: only rgba and yuva420p need the decoder that reads it.
        decoder = try StreamDecoder(input: input, streamIndex: index, decodeAlpha: format != .yuv420p)
        hasAlpha = StreamAlpha.present(decoder.stream)
        let parameters = decoder.stream.pointee.codecpar.pointee
        self.width = width ?? Int(parameters.width)
        self.height = height ?? Int(parameters.height)
        guard self.width > 0, self.height > 0 else {
            throw MediaError.decodeFailed(path: url.path, reason: "the video stream has no size")
        }
        let rate = decoder.stream.pointee.avg_frame_rate.num > 0 ? decoder.stream.pointee.avg_frame_rate : decoder.stream.pointee.r_frame_rate
        guard rate.num > 0, rate.den > 0 else {
            throw MediaError.decodeFailed(path: url.path, reason: "the video stream declares no frame rate; re-encode it with a constant frame rate")
        }
        var num: Int32 = 0, den: Int32 = 0
        av_reduce(&num, &den, Int64(rate.num), Int64(rate.den), Int64(Int32.max))
        frameRate = FrameRate(Int(num), Int(den))
    }

    /// The next frame, or nil at the end of the stream.
    public func nextFrame() throws -> DecodedVideoFrame? {
        guard try decoder.next() else { return nil }
        let frame = decoder.frame.pointer
        let decoded = DecodedVideoFrame(index: nextIndex, time: decoder.frameTime, isKeyframe: decoder.isKeyframe,
                                        format: format, width: width, height: height, planes: try convert(frame))
        nextIndex += 1
        lastFrame = decoded
        return decoded
    }

    /// Decodes forward and returns the frame with this decode index (must be ≥ the last returned index).
    /// Frames before it are decoded (later frames reference them) but never converted or copied.
    public func frame(at index: Int) throws -> DecodedVideoFrame? {
        if let lastFrame, lastFrame.index == index { return lastFrame }
        guard index >= nextIndex else {
            throw MediaError.decodeFailed(path: url.path, reason: "frame \(index) requested after frame \(nextIndex - 1); decoding only moves forward — open a new VideoDecoder")
        }
        while nextIndex < index {
            guard try skipFrame() else { return nil }
        }
        return try nextFrame()
    }

    /// Decodes the next frame without converting it; false at the end of the stream.
    @discardableResult
    public func skipFrame() throws -> Bool {
        guard try decoder.next() else { return false }
        nextIndex += 1
        lastFrame = nil
        return true
    }

    /// The decode index the next decoded frame will have (= frames decoded so far).
    public var framesDecoded: Int { nextIndex }

    private var planeSizes: [(width: Int, height: Int, bytesPerPixel: Int)] {
        switch format {
        case .rgba: return [(width, height, 4)]
        case .yuv420p, .yuva420p:
            let cw = (width + 1) / 2, ch = (height + 1) / 2
            let yuv = [(width, height, 1), (cw, ch, 1), (cw, ch, 1)]
            return format == .yuva420p ? yuv + [(width, height, 1)] : yuv
        }
    }

    private func convert(_ frame: UnsafeMutablePointer<AVFrame>) throws -> [[UInt8]] {
        let source = frame.pointee
        let target: AVPixelFormat
        switch format {
        case .rgba: target = AV_PIX_FMT_RGBA
        case .yuv420p: target = AV_PIX_FMT_YUV420P
        case .yuva420p: target = AV_PIX_FMT_YUVA420P
        }
        if source.format == target.rawValue, Int(source.width) == width, Int(source.height) == height {
            // Same format and size: copy rows (no swscale), so yuv420p output is the decoder's exact samples.
            // The arrays are filled row by row, so they are not zeroed first.
            return planeSizes.enumerated().map { plane, size in
                let stride = Int([source.linesize.0, source.linesize.1, source.linesize.2, source.linesize.3][plane])
                let data = [source.data.0, source.data.1, source.data.2, source.data.3][plane]
                let rowBytes = size.width * size.bytesPerPixel
                return [UInt8](unsafeUninitializedCapacity: rowBytes * size.height) { out, count in
                    if let data {
                        if stride == rowBytes {
                            memcpy(out.baseAddress!, data, rowBytes * size.height)
                        } else {
                            for y in 0..<size.height { memcpy(out.baseAddress! + y * rowBytes, data + y * stride, rowBytes) }
                        }
                    } else {
                        memset(out.baseAddress!, 0, rowBytes * size.height)
                    }
                    count = rowBytes * size.height
                }
            }
        }
        var planes = planeSizes.map { [UInt8](repeating: 0, count: $0.width * $0.height * $0.bytesPerPixel) }
        let scaler = try scaler(for: source, target: target)
        let strides = planeSizes.map { Int32($0.width * $0.bytesPerPixel) }
        var status: Int32 = 0
        if format == .rgba {
            planes[0].withUnsafeMutableBufferPointer { p0 in
                status = fg_sws_scale_frame_to_planes(scaler.pointer, frame, p0.baseAddress, nil, nil, nil, strides[0], 0, 0, 0)
            }
        } else {
            // yuv420p has no fourth plane: swscale writes none, and a one-byte placeholder is dropped after.
            var (y, u, v) = (planes[0], planes[1], planes[2])
            var a = planes.count > 3 ? planes[3] : [0]
            let alphaStride = strides.count > 3 ? strides[3] : 0
            planes = []
            y.withUnsafeMutableBufferPointer { p0 in
                u.withUnsafeMutableBufferPointer { p1 in
                    v.withUnsafeMutableBufferPointer { p2 in
                        a.withUnsafeMutableBufferPointer { p3 in
                            status = fg_sws_scale_frame_to_planes(scaler.pointer, frame, p0.baseAddress, p1.baseAddress, p2.baseAddress,
                                                                  alphaStride > 0 ? p3.baseAddress : nil,
                                                                  strides[0], strides[1], strides[2], alphaStride)
                        }
                    }
                }
            }
            planes = alphaStride > 0 ? [y, u, v, a] : [y, u, v]
        }
        guard status > 0 else { throw MediaError.decodeFailed(path: url.path, reason: "cannot convert a frame: \(libavErrorString(status))") }
        return planes
    }

    /// One scaler, rebuilt only if the decoded frames change size, format or colour tags mid-stream.
    private func scaler(for source: AVFrame, target: AVPixelFormat) throws -> ScalerBox {
        let key = [source.width, source.height, source.format, Int32(source.colorspace.rawValue), Int32(source.color_range.rawValue)]
        if let scaler, key == scalerKey { return scaler }
        let flags = SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP | SWS_BITEXACT
        guard let context = sws_getContext(source.width, source.height, AVPixelFormat(rawValue: source.format),
                                           Int32(width), Int32(height), target, flags, nil, nil, nil) else {
            let name = av_get_pix_fmt_name(AVPixelFormat(rawValue: source.format)).map { String(cString: $0) } ?? "\(source.format)"
            throw MediaError.decodeFailed(path: url.path, reason: "cannot convert pixel format \(name) to \(format.rawValue)")
        }
        let box = ScalerBox(pointer: context)
        let isRGBSource = av_pix_fmt_desc_get(AVPixelFormat(rawValue: source.format)).map { $0.pointee.flags & UInt64(AV_PIX_FMT_FLAG_RGB) != 0 } ?? false
        if !isRGBSource {
            // Untagged or BT.709-tagged video is read as BT.709; explicit SD tags as BT.601.
            let sdSpaces: [AVColorSpace] = [AVCOL_SPC_BT470BG, AVCOL_SPC_SMPTE170M]
            let space = sdSpaces.contains(source.colorspace) ? fg_sws_cs_itu601() : fg_sws_cs_itu709()
            let srcFull: Int32 = source.color_range == AVCOL_RANGE_JPEG || isJPEGFormat(source.format) ? 1 : 0
            let dstFull: Int32 = format == .rgba ? 1 : srcFull
            _ = fg_sws_set_colorspace(context, space, srcFull, space, dstFull)
        }
        scaler = box
        scalerKey = key
        return box
    }

    private func isJPEGFormat(_ format: Int32) -> Bool {
        [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P].map(\.rawValue).contains(format)
    }
}
