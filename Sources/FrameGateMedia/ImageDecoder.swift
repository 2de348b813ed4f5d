import CLibAV
import Foundation

/// The still-image formats a capture can come in: lossless PNG by default, JPEG for draft renders.
public enum StillImageFormat: Sendable {
    case png, jpeg

    var codecID: AVCodecID { self == .png ? AV_CODEC_ID_PNG : AV_CODEC_ID_MJPEG }
    var name: String { self == .png ? "png" : "mjpeg" }
}

/// Most callers decode PNG; the name stays for them.
public typealias PNGDecoder = ImageDecoder

/// Decodes PNG or JPEG bytes to RGBA through libavcodec. One instance keeps its codec context and
/// scaler between calls, because capture decodes every frame of a render.
public final class ImageDecoder {
    private var codecContext: UnsafeMutablePointer<AVCodecContext>?
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>
    private var scaler: OpaquePointer?
    private var scalerKey: (Int32, Int32, Int32) = (0, 0, -1)

    private let format: StillImageFormat

    public init(format: StillImageFormat = .png) throws {
        self.format = format
        guard let codec = avcodec_find_decoder(format.codecID) else {
            throw MediaError.unsupportedCodec(name: format.name)
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw MediaError.decodeFailed(path: "<\(format.name)>", reason: "cannot allocate the \(format.name) decoder")
        }
        codecContext = context
        // Both decoders are intra-only; frame threading would only add latency per image.
        context.pointee.thread_count = 1
        let status = avcodec_open2(context, codec, nil)
        guard status >= 0, let packet = av_packet_alloc(), let frame = av_frame_alloc() else {
            avcodec_free_context(&codecContext)
            throw MediaError.decodeFailed(path: "<\(format.name)>", reason: "cannot open the \(format.name) decoder: \(libavErrorString(status))")
        }
        self.packet = packet
        self.frame = frame
    }

    deinit {
        avcodec_free_context(&codecContext)
        var packet: UnsafeMutablePointer<AVPacket>? = self.packet
        av_packet_free(&packet)
        var frame: UnsafeMutablePointer<AVFrame>? = self.frame
        av_frame_free(&frame)
        sws_freeContext(scaler)
    }

    /// Decodes one PNG image. `label` names the source in errors (a path or "frame 12").
    public func decode(_ image: Data, label: String = "<image>") throws -> RGBAFrame {
        guard let context = codecContext else { throw MediaError.decodeFailed(path: label, reason: "decoder closed") }
        // libav wants AV_INPUT_BUFFER_PADDING_SIZE zeroed bytes past the end of every packet.
        let padded = image.count + Int(AV_INPUT_BUFFER_PADDING_SIZE)
        guard let buffer = av_malloc(padded)?.assumingMemoryBound(to: UInt8.self) else {
            throw MediaError.decodeFailed(path: label, reason: "out of memory")
        }
        image.withUnsafeBytes { raw in
            if let base = raw.baseAddress { buffer.update(from: base.assumingMemoryBound(to: UInt8.self), count: image.count) }
        }
        memset(buffer + image.count, 0, Int(AV_INPUT_BUFFER_PADDING_SIZE))
        let status = av_packet_from_data(packet, buffer, Int32(image.count))
        guard status >= 0 else {
            av_free(buffer)
            throw MediaError.decodeFailed(path: label, reason: libavErrorString(status))
        }
        defer { av_packet_unref(packet) }
        // Without the key flag libavcodec's png decoder treats each image after the first as a delta
        // against the previous one (inter-frame PNG) and adds their pixels.
        packet.pointee.flags |= AV_PKT_FLAG_KEY

        var sent = avcodec_send_packet(context, packet)
        guard sent >= 0 else { throw MediaError.decodeFailed(path: label, reason: "not a \(format.name) image: \(libavErrorString(sent))") }
        var received = avcodec_receive_frame(context, frame)
        if received == fg_averror_eagain() {
            sent = avcodec_send_packet(context, nil)
            received = avcodec_receive_frame(context, frame)
            avcodec_flush_buffers(context)
        }
        guard received >= 0 else { throw MediaError.decodeFailed(path: label, reason: libavErrorString(received)) }
        defer { av_frame_unref(frame) }
        return try convertToRGBA(frame, label: label)
    }

    public func decode(fileAt url: URL) throws -> RGBAFrame {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MediaError.decodeFailed(path: url.path, reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(data, label: url.path)
    }

    /// The decoded picture as packed RGBA, written once into a new uninitialised array (no zero fill
    /// first): copied when libav decoded RGBA (a screenshot with alpha), converted by swscale otherwise
    /// (an opaque page's screenshot is RGB).
    private func convertToRGBA(_ frame: UnsafeMutablePointer<AVFrame>, label: String) throws -> RGBAFrame {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        let rowBytes = width * 4
        if frame.pointee.format == AV_PIX_FMT_RGBA.rawValue, let plane = frame.pointee.data.0 {
            let stride = Int(frame.pointee.linesize.0)
            let pixels = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { out, count in
                if stride == rowBytes {
                    memcpy(out.baseAddress!, plane, rowBytes * height)
                } else {
                    for y in 0..<height { memcpy(out.baseAddress! + y * rowBytes, plane + y * stride, rowBytes) }
                }
                count = rowBytes * height
            }
            return RGBAFrame(width: width, height: height, pixels: pixels)
        }
        let key = (frame.pointee.width, frame.pointee.height, frame.pointee.format)
        if scaler == nil || key != scalerKey {
            sws_freeContext(scaler)
            scaler = sws_getContext(key.0, key.1, AVPixelFormat(rawValue: key.2), key.0, key.1, AV_PIX_FMT_RGBA,
                                    format == .png ? SWS_POINT : SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                    nil, nil, nil)
            scalerKey = key
        }
        guard let scaler else { throw MediaError.decodeFailed(path: label, reason: "unsupported PNG pixel format \(key.2)") }
        var written: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { out, count in
            var dst: [UnsafeMutablePointer<UInt8>?] = [out.baseAddress, nil, nil, nil]
            var dstStride: [Int32] = [Int32(rowBytes), 0, 0, 0]
            withUnsafePointer(to: frame.pointee.data) { srcData in
                withUnsafePointer(to: frame.pointee.linesize) { srcStride in
                    srcData.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { src in
                        srcStride.withMemoryRebound(to: Int32.self, capacity: 8) { strides in
                            written = sws_scale(scaler, src, strides, 0, Int32(height), &dst, &dstStride)
                        }
                    }
                }
            }
            // Only a complete conversion counts as initialised; rows swscale did not write would hold
            // whatever the memory held, so a short one leaves the array empty and throws below.
            count = written == Int32(height) ? rowBytes * height : 0
        }
        guard written == Int32(height) else {
            throw MediaError.decodeFailed(path: label, reason: "cannot convert the decoded image to RGBA: \(written < 0 ? libavErrorString(written) : "\(written) of \(height) rows")")
        }
        return RGBAFrame(width: width, height: height, pixels: pixels)
    }
}
