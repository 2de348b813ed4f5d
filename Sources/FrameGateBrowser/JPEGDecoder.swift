import CLibAV
import FrameGateMedia
import Foundation

/// Decodes the opt-in JPEG draft captures to RGBA through libavcodec's mjpeg decoder.
/// (FrameGateMedia's PNGDecoder is PNG-only; draft mode is rare enough that a fresh decoder per
/// frame is fine.)
enum JPEGDecoder {
    static func decode(_ bytes: Data, label: String) throws -> RGBAFrame {
        func failure(_ reason: String) -> BrowserError { .captureFailed(reason: "\(label): \(reason)") }
        guard let codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG) else { throw failure("libavcodec has no mjpeg decoder") }
        var context = avcodec_alloc_context3(codec)
        defer { avcodec_free_context(&context) }
        guard let context, avcodec_open2(context, codec, nil) >= 0 else { throw failure("cannot open the mjpeg decoder") }
        var packet = av_packet_alloc()
        var frame = av_frame_alloc()
        defer { av_packet_free(&packet); av_frame_free(&frame) }
        guard let packet, let frame else { throw failure("out of memory") }
        guard av_new_packet(packet, Int32(bytes.count)) >= 0 else { throw failure("out of memory") }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { memcpy(packet.pointee.data, base, bytes.count) }
        }
        guard avcodec_send_packet(context, packet) >= 0 else { throw failure("not a JPEG image") }
        avcodec_send_packet(context, nil)
        guard avcodec_receive_frame(context, frame) >= 0 else { throw failure("the mjpeg decoder returned no frame") }
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard let scaler = sws_getContext(frame.pointee.width, frame.pointee.height, AVPixelFormat(rawValue: frame.pointee.format),
                                          frame.pointee.width, frame.pointee.height, AV_PIX_FMT_RGBA,
                                          SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nil, nil, nil) else {
            throw failure("unsupported JPEG pixel format \(frame.pointee.format)")
        }
        defer { sws_freeContext(scaler) }
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        pixels.withUnsafeMutableBufferPointer { out in
            var dst: [UnsafeMutablePointer<UInt8>?] = [out.baseAddress, nil, nil, nil]
            var dstStride: [Int32] = [Int32(width * 4), 0, 0, 0]
            withUnsafePointer(to: frame.pointee.data) { srcData in
                withUnsafePointer(to: frame.pointee.linesize) { srcStride in
                    srcData.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { src in
                        srcStride.withMemoryRebound(to: Int32.self, capacity: 8) { strides in
                            _ = sws_scale(scaler, src, strides, 0, Int32(height), &dst, &dstStride)
                        }
                    }
                }
            }
        }
        return RGBAFrame(width: width, height: height, pixels: pixels)
    }
}
