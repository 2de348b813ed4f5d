import Foundation
import FrameGateCore

/// What a render produces, and the one authority on what each output format means: its container,
/// the video codecs it takes (and the default), its audio codec and sidecar, its file naming, and what
/// the baseline stores. The CLI, the engine, the planner, the muxer's checks and the harness all ask
/// this type; none keeps a list of its own.
public enum OutputFormat: String, Sendable, Codable, CaseIterable {
    case mp4, mov, webm
    case pngSequence = "png-sequence"

    /// The codec used when none is asked for.
    public var defaultCodec: VideoCodec? {
        switch self {
        case .mp4: return .h264
        case .mov: return .prores
        case .webm: return .vp9
        case .pngSequence: return nil
        }
    }

    /// The codecs `--codec` / `renderConfig.codec` may pick for this format.
    public var allowedCodecs: [VideoCodec] {
        switch self {
        case .mp4: return [.h264, .h265]
        case .mov: return [.prores]
        case .webm: return [.vp9]
        case .pngSequence: return []
        }
    }

    public var container: ContainerFormat? {
        switch self {
        case .mp4: return .mp4
        case .mov: return .mov
        case .webm: return .webm
        case .pngSequence: return nil
        }
    }

    /// Whether the output keeps the composition's alpha (HyperFrames' `outputNeedsAlpha`: every format but
    /// mp4). These formats capture over a transparent default page background and encode alpha (ProRes 4444
    /// with alpha, VP9 yuva420p, RGBA PNG); mp4 (H.264/H.265, no alpha) captures over the browser's default
    /// white, as HyperFrames does.
    public var keepsAlpha: Bool { self != .mp4 }

    /// webm carries Opus; everything else AAC (png-sequence's sidecar is an .m4a).
    public var audioCodec: AudioCodec { self == .webm ? .opus : .aac }
    public var audioContainer: ContainerFormat { self == .webm ? .webm : .m4a }
    /// The encoded mix's file name: an .m4a cannot carry Opus, so webm's mix is audio.webm.
    public var audioFileName: String { "audio.\(audioContainer.rawValue)" }

    /// The entry a baseline keeps: a file for containers, the `frames/` directory for png-sequence.
    public var baselineOutputName: String {
        guard let container else { return "frames" }
        return "output.\(container.rawValue)"
    }

    /// png-sequence frames are 1-based, six digits: frame_000001.png.
    public static func pngSequenceFileName(frame number: Int) -> String { String(format: "frame_%06d.png", number) }

    /// True for the names a png-sequence output holds (frames and the audio sidecar): the only entries a
    /// new png-sequence may replace in an existing directory.
    public static func isPNGSequenceEntry(_ name: String) -> Bool {
        if name == "audio.m4a" { return true }
        guard name.hasPrefix("frame_"), name.hasSuffix(".png") else { return false }
        let digits = name.dropFirst("frame_".count).dropLast(".png".count)
        return digits.count >= 6 && digits.allSatisfy(\.isNumber)
    }

    /// What an output of this format is, for OutputPath's checks: a file with this container's extension,
    /// or a directory that may only replace an earlier png-sequence.
    public var outputKind: OutputPath.Kind {
        guard let container else { return .directory(reusable: { OutputFormat.isPNGSequenceEntry($0) }) }
        return .file(extensions: [container.rawValue])
    }
}

extension ContainerFormat {
    /// The video codecs this container carries: exactly those some output format puts in it.
    public var videoCodecs: [VideoCodec] {
        OutputFormat.allCases.filter { $0.container == self }.flatMap(\.allowedCodecs)
    }

    /// The audio codecs this container carries: those an output format puts in it as its mix.
    public var audioCodecs: [AudioCodec] {
        Array(Set(OutputFormat.allCases.filter { $0.container == self || $0.audioContainer == self }.map(\.audioCodec)))
            .sorted { $0.rawValue < $1.rawValue }
    }
}

extension ContainerFormat {
    /// "mp4: h264/h265/aac, mov: prores/aac, …" for error messages, from the same table.
    static var carriageSummary: String {
        [ContainerFormat.mp4, .mov, .webm, .m4a].map { container in
            "\(container.rawValue): " + (container.videoCodecs.map(\.rawValue) + container.audioCodecs.map(\.rawValue)).joined(separator: "/")
        }.joined(separator: ", ")
    }
}
