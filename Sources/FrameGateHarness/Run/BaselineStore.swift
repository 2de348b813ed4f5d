import Foundation
import FrameGateCore

/// baselines/<name>/: the output, compiled.html and digests.json that `--update` wrote.
public struct BaselineStore: Sendable {
    public let root: URL
    public init(root: URL) { self.root = root }

    public func directory(for fixture: Fixture) -> URL { root.appendingPathComponent(fixture.id) }

    public func output(for fixture: Fixture) -> URL {
        directory(for: fixture).appendingPathComponent(fixture.meta.renderConfig.effectiveFormat.baselineOutputName)
    }

    public func compiledHTML(for fixture: Fixture) -> URL { directory(for: fixture).appendingPathComponent("compiled.html") }
    public func digests(for fixture: Fixture) -> URL { directory(for: fixture).appendingPathComponent("digests.json") }

    public func exists(for fixture: Fixture) -> Bool { FileManager.default.fileExists(atPath: output(for: fixture).path) }

    /// Replaces the whole baseline directory at once: an interrupted update leaves the old baseline intact.
    /// Callers hold the baselines directory's update lock (HarnessRunner), so the recovery below only
    /// ever sees litter of dead runs, never another live update's staging.
    public func update(_ fixture: Fixture, with rendered: RenderedFixture) throws {
        let target = directory(for: fixture)
        try AtomicPublish.recoverInterruptedReplace(at: target)
        try AtomicPublish.replaceDirectory(at: target) { fresh in
            let manager = FileManager.default
            do {
                try manager.copyItem(at: rendered.output,
                                     to: fresh.appendingPathComponent(fixture.meta.renderConfig.effectiveFormat.baselineOutputName))
                try Data(rendered.compiledHTML.utf8).write(to: fresh.appendingPathComponent("compiled.html"))
            } catch {
                throw HarnessError.io(path: fresh.path, reason: error.localizedDescription)
            }
            try FrameDigests(frames: rendered.digests).write(to: fresh.appendingPathComponent("digests.json"))
            try Self.requireComplete(fresh, outputName: fixture.meta.renderConfig.effectiveFormat.baselineOutputName)
        }
    }

    /// A staged baseline is published only when it holds all three entries, each non-empty.
    static func requireComplete(_ staged: URL, outputName: String) throws {
        for name in [outputName, "compiled.html", "digests.json"] {
            let url = staged.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw HarnessError.incompleteBaseline(path: staged.path, missing: name)
            }
            let empty = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: url.path))?.isEmpty ?? true)
                : (((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0) == 0
            if empty { throw HarnessError.incompleteBaseline(path: staged.path, missing: "\(name) (it is empty)") }
        }
    }
}
