import CLibAV

/// Checked before any file is created, against the codecs `OutputFormat` puts in each container.
extension ContainerFormat {
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
