import CLibAV
import Foundation

/// PNG encode (for png-sequence output and failure artifacts), through libavcodec's png encoder.
/// One instance keeps its codec context and frame while the image size stays the same.
public final class PNGEncoder {
    private var codec: CodecContextBox?
    private var frame: FrameBox?
    private let packet: PacketBox
    private let encoder: UnsafePointer<AVCodec>

    public init() throws {
        _ = LibAVLog.configured
        encoder = try EncoderLookup.find("png")
        packet = try PacketBox()
    }

    public func encode(_ image: RGBAFrame) throws -> Data {
        let (codec, frame) = try context(width: image.width, height: image.height)
        var status = av_frame_make_writable(frame.pointer)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: libavErrorString(status)) }
        let stride = Int(frame.pointer.pointee.linesize.0)
        let rowBytes = image.width * 4
        image.pixels.withUnsafeBytes { source in
            let destination = frame.pointer.pointee.data.0!
            for y in 0..<image.height { memcpy(destination + y * stride, source.baseAddress! + y * rowBytes, rowBytes) }
        }
        try EncoderLookup.send(codec.pointer, frame.pointer)
        status = avcodec_receive_packet(codec.pointer, packet.pointer)
        guard status >= 0 else { throw MediaError.encodeFailed(reason: "png: \(libavErrorString(status))") }
        defer { av_packet_unref(packet.pointer) }
        return Data(bytes: packet.pointer.pointee.data, count: Int(packet.pointer.pointee.size))
    }

    private func context(width: Int, height: Int) throws -> (CodecContextBox, FrameBox) {
        if let codec, let frame, Int(codec.pointer.pointee.width) == width, Int(codec.pointer.pointee.height) == height {
            return (codec, frame)
        }
        guard width > 0, height > 0 else { throw MediaError.encodeFailed(reason: "png: empty image \(width)x\(height)") }
        let context = try CodecContextBox(codec: encoder)
        context.pointer.pointee.width = Int32(width)
        context.pointer.pointee.height = Int32(height)
        context.pointer.pointee.pix_fmt = AV_PIX_FMT_RGBA
        context.pointer.pointee.time_base = AVRational(num: 1, den: 1)
        context.pointer.pointee.flags |= Int32(AV_CODEC_FLAG_BITEXACT)
        // PNG is intra-only and each call waits for its packet: threads would only add latency.
        context.pointer.pointee.thread_count = 1
        try EncoderLookup.open(context.pointer, encoder)
        let newFrame = try FrameBox(videoFormat: AV_PIX_FMT_RGBA, width: width, height: height)
        codec = context
        frame = newFrame
        return (context, newFrame)
    }
}
