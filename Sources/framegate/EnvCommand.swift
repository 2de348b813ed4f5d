import ArgumentParser
import FrameGateHarness
import Foundation

/// `framegate env`: the environment a render here would record in a baseline's environment.json (same
/// type, same JSON), with the fonts chromium picks for the default and generic families.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Print this machine's render environment (chromium, libav, FrameGate, fonts, platform) as JSON.",
        discussion: "The form of baselines/<name>/environment.json; renderSeconds is null (nothing is rendered).")

    func run() async throws {
        let environment = try await EnvironmentProbe.current()
        FileHandle.standardOutput.write(try environment.fileData())
    }
}
