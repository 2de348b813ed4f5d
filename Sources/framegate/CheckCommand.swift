import ArgumentParser
import FrameGateEngine
import Foundation
import FrameGateCore

/// `framegate check PROJECT`: seek-pure or stateful, by capturing a few frames cold and warm.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether a composition is seek-pure or keeps state across frames (and so pays the pre-roll).",
        discussion: "Captures a few frames twice — warm, as a render from frame 0 has them, and cold, on a fresh page seeked straight there — and compares their digests. Prints one JSON object on stdout and a verdict on stderr; exits 0 either way.")

    @Argument(help: "The project directory (holds index.html).")
    var projectDir: String

    @OptionGroup var options: RenderOptions

    @Option(help: "Frames to sample, comma-separated (default: four spread over the composition).")
    var frames: String?

    func run() async throws {
        let config = try options.config()
        var picks: [Int]?
        if let frames {
            let parsed = frames.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw RenderError.invalidConfig("--frames takes frame numbers ≥ 1 separated by commas, e.g. 15,40 (got \(frames))")
            }
            picks = parsed.compactMap { $0 }
        }
        let report = try await SeekPurityCheck.run(projectDir: URL(fileURLWithPath: projectDir), config: config, frames: picks)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json = try JSONValue(parsing: encoder.encode(report))
        if case var .object(fields) = json {
            fields["seekPure"] = .bool(report.seekPure)
            fields["verdict"] = .string(report.verdict)
            json = .object(fields)
        }
        printJSONLine(json)
        writeStderr("\(report.verdict)\n")
    }
}
