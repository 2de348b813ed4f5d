import Foundation

/// Encodes a whole PCM buffer to an audio-only file (m4a/AAC, or webm/Opus), padded with silence or
/// trimmed to exactly `duration` seconds when given.
public enum AudioFileWriter {
    public static func write(_ buffer: AudioBuffer, to url: URL, container: ContainerFormat,
                             settings: AudioEncoderSettings, duration: Double?) throws {
        guard buffer.sampleRate == settings.sampleRate, buffer.channels == settings.channels else {
            throw MediaError.encodeFailed(reason: "the PCM is \(buffer.sampleRate) Hz × \(buffer.channels) ch but \(url.path) is set up for \(settings.sampleRate) Hz × \(settings.channels) ch; resample first")
        }
        guard container == .m4a || container == .webm || container == .mp4 || container == .mov else {
            throw MediaError.encodeFailed(reason: "audio-only files are m4a or webm, not \(container.rawValue)")
        }
        var samples = buffer.samples
        if let duration {
            guard duration >= 0, duration.isFinite else { throw MediaError.encodeFailed(reason: "invalid audio duration \(duration)") }
            let target = Int((duration * Double(settings.sampleRate)).rounded()) * settings.channels
            if samples.count > target {
                samples.removeLast(samples.count - target)
            } else if samples.count < target {
                samples.append(contentsOf: repeatElement(0, count: target - samples.count))
            }
        }
        let writer = try MediaWriter(url: url, container: container, video: nil, audio: settings)
        try writer.appendAudio(samples)
        try writer.finish()
    }
}
