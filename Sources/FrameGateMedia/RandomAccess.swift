import CLibAV
import Foundation

/// Whether decoding can start at a packet and give exactly the frames a decode from the first packet
/// gives (for streams without frame reordering): nothing after it references anything before it.
/// Conservative: a keyframe flag alone is not enough for H.264/H.265 (a non-IDR I picture lets later
/// P pictures reference earlier ones), so those need an IDR NAL unit in the packet.
struct RandomAccess {
    let codecID: AVCodecID
    /// H.264/H.265 in mp4/mov/mkv: NAL units prefixed by a big-endian length of this many bytes (from the
    /// avcC/hvcC extradata); nil = Annex B start codes.
    let nalLengthSize: Int?

    init(parameters: AVCodecParameters) {
        codecID = parameters.codec_id
        var lengthSize: Int?
        if parameters.extradata_size >= 23, let extra = parameters.extradata {
            if codecID == AV_CODEC_ID_H264, extra[0] == 1 { lengthSize = Int(extra[4] & 3) + 1 }
            if codecID == AV_CODEC_ID_HEVC, extra[0] == 1 { lengthSize = Int(extra[21] & 3) + 1 }
        } else if codecID == AV_CODEC_ID_H264, parameters.extradata_size >= 7, let extra = parameters.extradata, extra[0] == 1 {
            lengthSize = Int(extra[4] & 3) + 1
        }
        nalLengthSize = lengthSize
    }

    static let intraOnly: Set<UInt32> = [AV_CODEC_ID_PRORES, AV_CODEC_ID_MJPEG, AV_CODEC_ID_PNG, AV_CODEC_ID_FFV1,
                                         AV_CODEC_ID_RAWVIDEO].reduce(into: Set<UInt32>()) { $0.insert($1.rawValue) }

    func isCleanStart(_ packet: AVPacket) -> Bool {
        if Self.intraOnly.contains(codecID.rawValue) { return true }
        guard packet.flags & AV_PKT_FLAG_KEY != 0 else { return false }
        switch codecID {
        case AV_CODEC_ID_VP8, AV_CODEC_ID_VP9:
            return true // a key frame refreshes every reference slot
        case AV_CODEC_ID_H264:
            return nalTypes(packet).contains { $0 & 0x1f == 5 } // IDR slice
        case AV_CODEC_ID_HEVC:
            return nalTypes(packet).contains { let t = ($0 >> 1) & 0x3f; return t == 19 || t == 20 } // IDR_W_RADL, IDR_N_LP
        default:
            return false
        }
    }

    /// The first byte of each NAL unit's header in the packet.
    private func nalTypes(_ packet: AVPacket) -> [UInt8] {
        guard let data = packet.data, packet.size > 0 else { return [] }
        let size = Int(packet.size)
        var result: [UInt8] = []
        if let lengthSize = nalLengthSize {
            var offset = 0
            while offset + lengthSize < size {
                var length = 0
                for i in 0..<lengthSize { length = length << 8 | Int(data[offset + i]) }
                offset += lengthSize
                guard length > 0, offset + length <= size else { break }
                result.append(data[offset])
                offset += length
            }
        } else {
            var i = 0
            while i + 3 < size {
                if data[i] == 0, data[i + 1] == 0, data[i + 2] == 1 { result.append(data[i + 3]); i += 3 } else { i += 1 }
            }
        }
        return result
    }
}
