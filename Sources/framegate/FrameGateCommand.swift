import ArgumentParser
import Foundation
import FrameGateCore

struct FrameGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framegate",
        abstract: "Render HTML video compositions deterministically and gate changes on the result.",
        discussion: "Exit status (every command): 0 success, 1 a fixture failed (test), 2 usage or configuration error, 3 render or runtime failure, 130/143 interrupted.",
        subcommands: [RenderCommand.self, PlanCommand.self, RenderChunkCommand.self, AssembleCommand.self,
                      TestCommand.self, MergeReportsCommand.self, CompareCommand.self, ProbeCommand.self, CheckCommand.self,
                      VendorCommand.self, EnvCommand.self]
    )
}

// Not named main.swift: with @main the entry point stays async. ArgumentParser's own main() would exit 64
// for a bad argument; FrameGate's contract is 2, so parsing and running go through `CommandOutcome`.
@main
enum FrameGateMain {
    static func main() async {
        MallocTuning.boundRetainedMemory()
        // SIGINT/SIGTERM: end browsers and workers, remove staged outputs and temp dirs, exit 130/143.
        let signalSources = SignalExit.install()
        let parentWatch = SignalExit.watchParent()
        defer { withExtendedLifetime((signalSources, parentWatch)) {} }
        // Litter of earlier runs that were SIGKILLed (their pid is gone); live runs' files are kept.
        StaleLitter.sweepTemporaryDirectory()
        do {
            var command = try FrameGateCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            SignalExit.yieldToSignal()
            exit(ExitStatus.success.rawValue)
        } catch {
            SignalExit.yieldToSignal()
            exit(CommandOutcome.report(error))
        }
    }
}
