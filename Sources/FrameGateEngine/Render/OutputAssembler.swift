import FrameGateMedia
import FrameGateCore
import Foundation

/// Joins rendered segments (or chunk files) into the final output, without re-encoding, and publishes
/// it with a rename so a failed render never leaves a half-written file where the output should be.
public enum OutputAssembler {
    /// The output-path policy (Core's OutputPath) for a render of `format`, checked before anything
    /// starts: never the project or anything inside or around it, never another kind of thing. Also
    /// sweeps staged siblings that a killed run (SIGKILL) left beside the output.
    public static func checkOutput(_ output: URL, format: OutputFormat, protecting protected: [OutputPath.Protected]) throws {
        try OutputPath.check(output, kind: format.outputKind, protecting: protected)
        AtomicPublish.sweepStaleStaging(besides: output)
        // Work directories render-chunk and assemble keep beside their output while they run.
        StaleLitter.sweep(in: output.deletingLastPathComponent(), prefixes: [".chunk-", ".assemble-"])
    }

    public static func assemble(segments: [Segment], audio: URL?, format: OutputFormat, workDir: URL, to output: URL) throws {
        switch format {
        case .pngSequence:
            guard case let .pngSequence(directory, _)? = segments.first?.output else { return }
            try publishSequence(frames: directory, audio: audio, to: output)
        case .mp4, .mov, .webm:
            let files = segments.compactMap { segment -> URL? in
                if case let .encoded(url, _, _) = segment.output { return url }
                return nil
            }
            try assembleEncoded(files, audio: audio, format: format, workDir: workDir, to: output)
        }
    }

    /// Concatenates encoded video files in order, muxes the audio, faststart, and renames into place.
    public static func assembleEncoded(_ files: [URL], audio: URL?, format: OutputFormat, workDir: URL, to output: URL) throws {
        guard let container = format.container else { return }
        let video = workDir.appendingPathComponent("video-joined.\(container.rawValue)")
        try Remux.concatenate(files, to: video, container: container)
        let staged = AtomicPublish.stagingURL(for: output)
        do {
            try AtomicPublish.createDirectory(output.deletingLastPathComponent())
            try Remux.mux(video: video, audio: audio, to: staged, container: container)
            try publishFile(staged, to: output)
        } catch {
            // A full disk or a failed mux must not leave a .partial beside the output.
            try? FileManager.default.removeItem(at: staged)
            throw error
        }
    }

    /// A png-sequence output is a directory: frame_000001.png… plus audio.m4a when there is sound.
    public static func publishSequence(frames: URL, audio: URL?, to output: URL) throws {
        if let audio {
            try copyReplacing(audio, to: frames.appendingPathComponent("audio.m4a"))
        }
        let staged = AtomicPublish.stagingURL(for: output)
        do {
            try AtomicPublish.createDirectory(output.deletingLastPathComponent())
            try AtomicPublish.move(frames, to: staged)
            try publishFile(staged, to: output)
        } catch {
            try? FileManager.default.removeItem(at: staged)
            throw error
        }
    }

    /// Moves a finished file or directory into place; the one entry the chunk worker also uses.
    public static func publishFile(_ staged: URL, to output: URL) throws {
        try AtomicPublish.publish(staged, to: output)
    }

    static func copyReplacing(_ source: URL, to destination: URL) throws {
        try? FileManager.default.removeItem(at: destination)
        do { try FileManager.default.copyItem(at: source, to: destination) } catch {
            throw RenderError.io(path: destination.path, reason: error.localizedDescription)
        }
    }
}
