import CLibAV

/// Which codecs each container carries (DESIGN.md: mp4 = H.264/H.265 + AAC, mov = ProRes + AAC,
/// webm = VP9 + Opus, m4a = AAC only). Checked before any file is created.
extension ContainerFormat {
    var videoCodecs: [VideoCodec] {
        switch self {
        case .mp4: return [.h264, .h265]
        case .mov: return [.prores, .h264, .h265]
        case .webm: return [.vp9]
        case .m4a: return []
        }
    }

    var audioCodecs: [AudioCodec] { self == .webm ? [.opus] : [.aac] }

    func check(video: VideoCodec?, audio: AudioCodec?) throws {
        if let video, !videoCodecs.contains(video) {
            throw MediaError.encodeFailed(reason: "\(rawValue) cannot carry \(video.rawValue) video; use \(videoCodecs.map(\.rawValue).joined(separator: " or ")) or another container")
        }
        if let audio, !audioCodecs.contains(audio) {
            throw MediaError.encodeFailed(reason: "\(rawValue) cannot carry \(audio.rawValue) audio; use \(audioCodecs.map(\.rawValue).joined(separator: " or "))")
        }
    }

    /// mp4/mov readers expect `hvc1` for HEVC with parameter sets in the sample description.
    var hevcTag: UInt32? { self == .mp4 || self == .mov ? fg_mktag(0x68, 0x76, 0x63, 0x31) : nil }
}
