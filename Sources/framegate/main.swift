import ArgumentParser
import FrameGateHarness

struct FrameGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framegate",
        abstract: "Render HTML video compositions deterministically and gate changes on the result.",
        subcommands: [ProbeCommand.self]
    )
}

// main.swift is top-level code once the target has more than one file, so `@main` is not allowed here.
// From top-level code Swift resolves `FrameGateCommand.main()` to ArgumentParser's synchronous overload
// (which refuses async commands); inside an async function it picks the async one.
func runFrameGate() async { await FrameGateCommand.main() }
await runFrameGate()
