import ArgumentParser

// Not named main.swift: with @main the entry point stays an async ParsableCommand (a main.swift is
// top-level code, where Swift would pick ArgumentParser's synchronous main()).
@main
struct FrameGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framegate",
        abstract: "Render HTML video compositions deterministically and gate changes on the result.",
        // perf-compare branch: RenderCommand/PlanCommand/RenderChunkCommand/AssembleCommand are not on this
        // branch's base yet (HEAD did not compile); restore them when merging.
        subcommands: [ProbeCommand.self, CompareCommand.self]
    )
}
