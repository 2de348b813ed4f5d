import ArgumentParser
import FrameGateHarness

@main
struct FrameGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framegate",
        abstract: "Render HTML video compositions deterministically and gate changes on the result.",
        subcommands: []
    )
}
