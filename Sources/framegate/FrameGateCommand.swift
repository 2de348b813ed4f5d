// Not named main.swift: with @main, a second file in the module makes main.swift top-level code (a compile error).
import ArgumentParser
import FrameGateHarness

@main
struct FrameGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framegate",
        abstract: "Render HTML video compositions deterministically and gate changes on the result.",
        subcommands: [CompareCommand.self]
    )
}
