import Foundation
import FrameGateMedia

/// Which compiled media clips are heard, as mixer placements.
public enum AudioPlan {
    /// Muted clips and videos without an audio stream are skipped. `decode` receives the clip's file
    /// and must return it at the mix's rate and channel count; each distinct file is decoded once.
    public static func placements(for clips: [MediaClip], media: MediaFiles, decode: (URL) throws -> AudioBuffer) throws -> [AudioPlacement] {
        var decoded: [String: AudioBuffer] = [:]
        var out: [AudioPlacement] = []
        for clip in clips where isAudible(clip) {
            let source: AudioBuffer
            if let cached = decoded[clip.src] {
                source = cached
            } else {
                source = try decode(try media.url(for: clip))
                decoded[clip.src] = source
            }
            out.append(AudioPlacement(source: source, start: clip.start, duration: clip.duration, mediaStart: clip.mediaStart,
                                      volume: MediaClip.clampedVolume(clip.volume), loop: clip.loop))
        }
        return out
    }

    public static func isAudible(_ clip: MediaClip) -> Bool {
        !clip.muted && !(clip.kind == .video && clip.hasAudio == false)
    }
}
