import FrameGateMedia
import Foundation

/// Joins rendered segments (or chunk files) into the final output, without re-encoding, and publishes
/// it with a rename so a failed render never leaves a half-written file where the output should be.
public enum OutputAssembler {
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
        let staged = stagingURL(for: output)
        try createParent(of: output)
        try Remux.mux(video: video, audio: audio, to: staged, container: container)
        try publishFile(staged, to: output)
    }

    /// A png-sequence output is a directory: frame_000001.png… plus audio.m4a when there is sound.
    public static func publishSequence(frames: URL, audio: URL?, to output: URL) throws {
        if let audio {
            try copyReplacing(audio, to: frames.appendingPathComponent("audio.m4a"))
        }
        let staged = stagingURL(for: output)
        try createParent(of: output)
        try move(frames, to: staged)
        try publishFile(staged, to: output)
    }

    /// A unique sibling of `output`: same filesystem, so the final rename is atomic.
    static func stagingURL(for output: URL) -> URL {
        output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
    }

    /// Replaces `output` with `staged`. A directory output is swapped through a backup name so the old one
    /// survives until the new one is in place.
    static func createParent(of output: URL) throws {
        do {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw RenderError.io(path: output.deletingLastPathComponent().path, reason: error.localizedDescription)
        }
    }

    public static func publishFile(_ staged: URL, to output: URL) throws {
        let manager = FileManager.default
        try createParent(of: output)
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let backup = stagingURL(for: output)
            try move(output, to: backup)
            try move(staged, to: output)
            try? manager.removeItem(at: backup)
        } else if rename(staged.path, output.path) != 0 {
            throw RenderError.io(path: output.path, reason: String(cString: strerror(errno)))
        }
    }

    static func move(_ source: URL, to destination: URL) throws {
        if rename(source.path, destination.path) != 0 {
            // Different filesystems (a temp dir on tmpfs): copy, then remove the source.
            do {
                try FileManager.default.copyItem(at: source, to: destination)
                try FileManager.default.removeItem(at: source)
            } catch {
                throw RenderError.io(path: destination.path, reason: error.localizedDescription)
            }
        }
    }

    static func copyReplacing(_ source: URL, to destination: URL) throws {
        try? FileManager.default.removeItem(at: destination)
        do { try FileManager.default.copyItem(at: source, to: destination) } catch {
            throw RenderError.io(path: destination.path, reason: error.localizedDescription)
        }
    }
}
