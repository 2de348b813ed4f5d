import ArgumentParser
import FrameGateMedia
import Foundation
import FrameGateCore

/// `framegate probe FILE`: MediaProbe's view of a file as JSON (streams decoded to count frames).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Print a media file's streams (codec, size, pixel format, fps, frame count by decode, duration) as JSON."
    )

    @Argument(help: "The media file to probe.")
    var file: String

    @Flag(name: .long, help: "Skip decoding: frame and sample counts are reported as 0.")
    var noCount = false

    func run() async throws {
        let info = try MediaProbe.probe(URL(fileURLWithPath: file), countFrames: !noCount)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(info), as: UTF8.self))
    }
}
