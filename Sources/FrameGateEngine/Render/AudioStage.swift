import FrameGateMedia
import Foundation
import FrameGateCore

/// Mixes every audible clip once, at 48 kHz stereo, and encodes it to exactly the video's length.
public enum AudioStage {
    public static let sampleRate = 48_000
    public static let channels = 2

    /// Whether any clip can make sound (unmuted audio, or unmuted video with an audio stream).
    public static func hasAudio(_ composition: CompiledComposition) -> Bool {
        (composition.audioClips + composition.videoClips).contains { clip in
            !clip.muted && (clip.kind == .audio || clip.hasAudio == true)
        }
    }

    /// The mix of the whole composition, `duration` seconds long.
    public static func mix(_ composition: CompiledComposition, media: MediaFiles, duration: Double) throws -> AudioBuffer {
        let placements = try AudioPlan.placements(for: composition.audioClips + composition.videoClips,
                                                  media: media) { url in
            try AudioDecoder.decode(url, sampleRate: sampleRate, channels: channels, format: .float)
        }
        return AudioMixer.mix(placements, duration: duration, sampleRate: sampleRate, channels: channels)
    }

    /// Encodes the frames [range) of the mix: AAC in .m4a, or Opus in .webm.
    public static func write(_ mix: AudioBuffer, frames range: Range<Int>, frameRate: FrameRate,
                             codec: AudioCodec, container: ContainerFormat, to url: URL) throws {
        let first = Int((frameRate.time(ofFrame: range.lowerBound) * Double(mix.sampleRate)).rounded()) * mix.channels
        let last = Int((frameRate.time(ofFrame: range.upperBound) * Double(mix.sampleRate)).rounded()) * mix.channels
        let slice = AudioBuffer(sampleRate: mix.sampleRate, channels: mix.channels,
                                samples: Array(mix.samples[min(first, mix.samples.count)..<min(last, mix.samples.count)]))
        try AudioFileWriter.write(slice, to: url, container: container,
                                  settings: AudioEncoderSettings(codec: codec, sampleRate: mix.sampleRate, channels: mix.channels),
                                  duration: frameRate.duration(ofFrames: range.count))
    }
}
