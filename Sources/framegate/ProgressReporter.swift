import FrameGateEngine
import Foundation
import FrameGateCore

/// Progress on stderr: a redrawn bar on a terminal, a line per stage otherwise, or JSON events on stdout.
/// With a `label` (`framegate test`: the fixture id) the bar is one transient line on a terminal, naming the
/// fixture and its stage, and nothing at all otherwise (the test log stays as it is).
final class ProgressReporter: Sendable {
    private struct DrawState: Sendable {
        var captureStart: DispatchTime?
        var lastDraw: UInt64 = 0
    }

    private let json: Bool
    private let label: String?
    static let isTerminal = isatty(STDERR_FILENO) == 1
    private var isTerminal: Bool { Self.isTerminal }
    /// Carriage return and erase-line: the next text starts on a clean line.
    static let clearLine = "\r\u{1B}[K"
    /// Held while an event is handled, so lines from concurrent workers never interleave.
    private let state = Locked(DrawState())

    init(json: Bool, label: String? = nil) { self.json = json; self.label = label }

    var observe: RenderObserver { { [self] event in handle(event) } }

    func handle(_ event: RenderEvent) {
        state.withLock { state in handle(event, &state) }
    }

    private func handle(_ event: RenderEvent, _ state: inout DrawState) {
        switch event {
        case let .stageStarted(stage):
            if stage == .capture { state.captureStart = .now() }
            if json { printJSONLine(["event": "stage_start", "stage": JSONValue(stage.rawValue)]) }
            else if isTerminal, let label { writeStderr("\(Self.clearLine)\(label) \(stage.rawValue)…") }
        case let .stageFinished(stage, seconds):
            if json { printJSONLine(["event": "stage_end", "stage": JSONValue(stage.rawValue), "seconds": JSONValue(seconds)]) }
            else if isTerminal && stage == .capture && label == nil { writeStderr("\n") }
        case let .captureFallback(reason):
            if json { printJSONLine(["event": "capture_fallback", "reason": JSONValue(reason)]) }
            if let notice = event.notice { writeStderr((isTerminal ? "\(Self.clearLine)" : "") + notice + "\n") }
        case let .framesDone(done, total):
            let elapsed = state.captureStart.map { Double(DispatchTime.now().uptimeNanoseconds - $0.uptimeNanoseconds) / 1e9 } ?? 0
            let fps = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = fps > 0 ? Double(total - done) / fps : 0
            if json {
                printJSONLine(["event": "progress", "frames": JSONValue(done), "total": JSONValue(total), "fps": JSONValue(fps), "eta": JSONValue(eta)])
            } else if isTerminal {
                let now = DispatchTime.now().uptimeNanoseconds
                guard done == total || now - state.lastDraw > 100_000_000 else { return }
                state.lastDraw = now
                let width = 30
                let filled = total > 0 ? width * done / total : width
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let prefix = label.map { "\(Self.clearLine)\($0) capture " } ?? "\r"
                writeStderr(prefix + String(format: "%@ %d/%d frames  %.1f fps  ETA %.0fs ", bar, done, total, fps, eta))
            }
        case let .warning(text):
            // Always on stderr (also with --json, whose stdout carries it as an event too): never only in a log.
            if json { printJSONLine(["event": "warning", "message": JSONValue(text)]) }
            writeStderr((isTerminal ? Self.clearLine : "") + text + "\n")
        }
    }

    static func row(_ label: String, _ seconds: Double) -> String {
        "  " + label.padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%8.2f s", seconds)
    }

    func summary(_ result: RenderResult) {
        if json {
            var stages: [String: JSONValue] = [:]
            for entry in result.stageSeconds { stages[entry.stage.rawValue] = JSONValue(entry.seconds) }
            printJSONLine(["event": "render_complete", "output": JSONValue(result.output.path), "frames": JSONValue(result.frameCount),
                           "duration": JSONValue(result.duration), "hasAudio": JSONValue(result.hasAudio), "stageSeconds": .object(stages)])
            return
        }
        let total = result.stageSeconds.reduce(0) { $0 + $1.seconds }
        var lines = ["rendered \(result.frameCount) frames (\(String(format: "%.3f", result.duration)) s, \(result.width)×\(result.height)) → \(result.output.path)"]
        for entry in result.stageSeconds { lines.append(Self.row(entry.stage.rawValue, entry.seconds)) }
        lines.append(Self.row("total", total))
        writeStderr(lines.joined(separator: "\n") + "\n")
    }
}
