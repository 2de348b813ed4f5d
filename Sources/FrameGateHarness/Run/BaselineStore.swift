import Foundation
import FrameGateCore
import FrameGateMedia

/// baselines/<name>/: the output, compiled.html and digests.json that `--update` wrote, and
/// environment.json (what it was made with; absent in baselines older than the record).
public struct BaselineStore: Sendable {
    public let root: URL
    public init(root: URL) { self.root = root }

    public func directory(for fixture: Fixture) -> URL { root.appendingPathComponent(fixture.id) }

    public func output(for fixture: Fixture) -> URL {
        directory(for: fixture).appendingPathComponent(fixture.meta.renderConfig.effectiveFormat.baselineOutputName)
    }

    public func compiledHTML(for fixture: Fixture) -> URL { directory(for: fixture).appendingPathComponent("compiled.html") }
    public func digests(for fixture: Fixture) -> URL { directory(for: fixture).appendingPathComponent("digests.json") }

    public func environment(for fixture: Fixture) -> URL {
        directory(for: fixture).appendingPathComponent(BaselineEnvironment.fileName)
    }

    /// The recorded environment; nil when the baseline has none (made before it was recorded).
    public func loadEnvironment(for fixture: Fixture) throws -> BaselineEnvironment? {
        let url = environment(for: fixture)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try BaselineEnvironment.load(contentsOf: url)
    }

    public func exists(for fixture: Fixture) -> Bool { FileManager.default.fileExists(atPath: output(for: fixture).path) }

    /// What `update` did to a fixture's baseline.
    public enum UpdateResult: String, Codable, Sendable {
        /// There was no baseline.
        case created
        /// The render differed: every file was replaced.
        case replaced
        /// The render is identical (see `isIdentical`): not a file touched.
        case unchanged
        /// Identical, but the baseline had no environment.json: only that file was added.
        case environmentAdded = "environment-added"
    }

    /// The no-churn rule: an update leaves the baseline alone when the new render is *identical* to it —
    /// compiled.html byte for byte, the same frame digests (SHA-256 of every captured frame's pixels, in
    /// order, so the same frame count), and the same audio (neither has any, or both audio streams hold
    /// the same codec parameters and packets; png-sequence: the audio.m4a sidecars). The encoded video
    /// bytes are not compared: the digests are the pixels before encoding, so a libav update that
    /// re-encodes the same pixels differently does not churn the baselines. environment.json is not part
    /// of it either (a new chromium that draws the same pixels changes nothing).
    public func isIdentical(_ fixture: Fixture, to rendered: RenderedFixture) throws -> Bool {
        guard exists(for: fixture),
              let html = try? Data(contentsOf: compiledHTML(for: fixture)), html == Data(rendered.compiledHTML.utf8),
              let digests = try? FrameDigests.load(contentsOf: digests(for: fixture)), digests.frames == rendered.digests
        else { return false }
        let baselineOutput = output(for: fixture)
        var renderedAudio = rendered.output, baselineAudio = baselineOutput
        if rendered.format == .pngSequence {
            renderedAudio = rendered.output.appendingPathComponent("audio.m4a")
            baselineAudio = baselineOutput.appendingPathComponent("audio.m4a")
            let manager = FileManager.default
            switch (manager.fileExists(atPath: renderedAudio.path), manager.fileExists(atPath: baselineAudio.path)) {
            case (false, false): return true
            case (true, true): break
            default: return false
            }
        } else if FileIdentity.sameBytes(rendered.output, baselineOutput) {
            return true
        }
        let renderedHas = try MediaProbe.probe(renderedAudio, countFrames: false).audioStream != nil
        let baselineHas = try MediaProbe.probe(baselineAudio, countFrames: false).audioStream != nil
        guard renderedHas == baselineHas else { return false }
        guard renderedHas else { return true }
        return try PacketReader.compare(renderedAudio, baselineAudio).audio?.isIdentical ?? false
    }

    /// Brings the baseline up to date with the render, touching nothing when it is identical (see
    /// `isIdentical`); otherwise replaces the whole directory at once: an interrupted update leaves the
    /// old baseline intact. `environment` is written beside the files (not written when nil).
    @discardableResult
    public func update(_ fixture: Fixture, with rendered: RenderedFixture,
                       environment: BaselineEnvironment? = nil) throws -> UpdateResult {
        // First, whatever the verdict: a dead run's half-done replace is undone (or its litter removed) before
        // the baseline is read. Callers hold the baselines directory's update lock (HarnessRunner), so this
        // only ever sees litter of dead runs, never another live update's staging.
        try AtomicPublish.recoverInterruptedReplace(at: directory(for: fixture))
        // A baseline that cannot be read (a corrupt file) is not identical: the update replaces it.
        if (try? isIdentical(fixture, to: rendered)) == true {
            guard let environment, !FileManager.default.fileExists(atPath: self.environment(for: fixture).path) else {
                return .unchanged
            }
            try AtomicPublish.write(try environment.fileData(), to: self.environment(for: fixture))
            return .environmentAdded
        }
        let existed = exists(for: fixture)
        try replace(fixture, with: rendered, environment: environment)
        return existed ? .replaced : .created
    }

    /// Replaces the whole baseline directory at once (after `update`'s recovery).
    func replace(_ fixture: Fixture, with rendered: RenderedFixture, environment: BaselineEnvironment?) throws {
        let target = directory(for: fixture)
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
            if let environment {
                try AtomicPublish.write(try environment.fileData(), to: fresh.appendingPathComponent(BaselineEnvironment.fileName))
            }
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
