import ArgumentParser
import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

extension OutputFormat: ExpressibleByArgument {}
extension PreRoll: ExpressibleByArgument {}

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a composition to mp4, mov, webm or a png sequence.")

    @Argument(help: "The project directory (holds index.html).")
    var projectDir: String

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Output file (a directory for png-sequence).",
        discussion: "An existing file of the same kind is replaced (like ffmpeg -y); a directory is never replaced by a file, a png-sequence only replaces an earlier png-sequence, and the output may not be, contain or lie inside the project (OUTPUT_PATH_REFUSED, exit 2)."))
    var output: String

    @OptionGroup var options: RenderOptions

    @Option(help: "Browsers capturing in parallel in this process.")
    var workers: Int = 1

    @Option(help: "Render only frames A:B (A inclusive, B exclusive).")
    var frames: FrameSpan?

    @Option(help: "Render through plan → N render-chunk processes → assemble.")
    var distributed: Int?

    @Flag(help: "Line-delimited JSON progress events on stdout instead of a progress bar.")
    var json = false

    func run() async throws {
        var config = try options.config()
        config.workers = workers
        config.frameRange = frames?.range
        let project = URL(fileURLWithPath: projectDir)
        let out = URL(fileURLWithPath: output)
        let progress = ProgressReporter(json: json)
        if let distributed {
            try await DistributedRenderCommand.run(project: project, output: out, config: config,
                                                   processes: distributed, json: json)
            return
        }
        let result = try await Renderer(config: config, observer: progress.observe).render(projectDir: project, to: out)
        progress.summary(result)
    }
}

/// The options `render` and `plan` share.
struct RenderOptions: ParsableArguments {
    @Option(help: "Frames per second: 24, 30, 60 or a ratio such as 30000/1001.")
    var fps: FrameRate = FrameRate(30)

    @Option(help: "mp4, mov, webm or png-sequence.")
    var format: OutputFormat = .mp4

    @Option(help: "h264 or h265 for mp4 (mov is ProRes 4444, webm is VP9).")
    var codec: VideoCodec?

    @Option(help: "draft, standard or high.")
    var quality: Quality = .standard

    @Option(help: "Variable overrides as a JSON object, e.g. '{\"title\":\"Hi\"}'.")
    var variables: String?

    @Option(help: "IANA time zone the page sees (never the host's).")
    var timezone: String = CaptureOptions.defaultTimezone

    @Option(help: "BCP 47 locale the page sees (never the host's).")
    var locale: String = CaptureOptions.defaultLocale

    @Option(help: "auto: a render starting past frame 0 replays earlier frames when the page uses rAF or timers; always; never (seams may differ).")
    var preRoll: PreRoll = .automatic

    @Option(name: .customLong("asset-root"),
            help: "A folder outside the project that the project's symlinks may point into (repeatable); other paths outside the project stay refused (ASSET_OUTSIDE_PROJECT).")
    var assetRoots: [String] = []

    func config() throws -> RenderConfig {
        var config = RenderConfig(fps: fps, format: format, codec: codec, quality: quality,
                                  variables: try variables.map(Self.parseVariables),
                                  environment: PageEnvironment(timezone: timezone, locale: locale, preRoll: preRoll))
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        config.assetRoots = assetRoots.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL }
        try config.validate()
        return config
    }
}

extension RenderOptions {
    /// `--variables` is parsed here, once, into the form every layer below takes.
    static func parseVariables(_ text: String) throws -> [String: JSONValue] {
        guard let value = JSONValue.parse(text) else {
            throw RenderError.invalidConfig("--variables is not valid JSON; give a JSON object such as {\"title\":\"Hi\"} (got \(text.prefix(80)))")
        }
        guard case let .object(variables) = value else {
            throw RenderError.invalidConfig("--variables must be a JSON object such as {\"title\":\"Hi\"} (got \(value.shortDescription))")
        }
        return variables
    }
}

struct FrameSpan: ExpressibleByArgument {
    let range: Range<Int>
    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b > a else { return nil }
        range = a..<b
    }
}
