import Foundation
import FrameGateCore

/// Writes a report directory: `index.html` (HTMLReport), `results.json` (RunResults) and each failing
/// fixture's images, copied once into `NAME/MODE/` and referenced relatively. The directory is replaced
/// whole (built beside it, then swapped in), so a reader never sees half a report and stale images of an
/// earlier run never linger.
public enum ReportWriter {
    /// Refuses (OUTPUT_PATH_REFUSED) a directory that holds anything but an earlier report, or that is the
    /// fixtures or baselines directory. Called before a run, so a bad path costs no render.
    public static func check(_ directory: URL, label: String, protecting protected: [OutputPath.Protected]) throws {
        let isReport = FileManager.default.fileExists(atPath: directory.appendingPathComponent(RunResults.fileName).path)
        try OutputPath.check(directory, label: label, kind: .directory(reusable: { _ in isReport }), protecting: protected)
    }

    /// `results` name their images by absolute path (a fresh run's failures/ files, or a merge's inputs).
    /// `changeReport`: an `--update` run's change report directory, copied in as `changes/` and summarised
    /// in the page's "Baseline changes" section.
    public static func write(_ results: RunResults, to directory: URL, changeReport: URL? = nil) throws {
        try AtomicPublish.createDirectory(directory.deletingLastPathComponent())
        _ = try AtomicPublish.recoverInterruptedReplace(at: directory)
        try AtomicPublish.replaceDirectory(at: directory) { fresh in
            var localized = results
            for index in localized.outcomes.indices {
                let record = localized.outcomes[index]
                guard let images = record.details?.images, !images.isEmpty else { continue }
                let folder = "\(record.fixture)/\(record.mode.rawValue)"
                try FileManager.default.createDirectory(at: fresh.appendingPathComponent(folder), withIntermediateDirectories: true)
                localized.outcomes[index].details?.images = try images.map { set in
                    try set.mapPaths { path in
                        let from = URL(fileURLWithPath: path)
                        let relative = "\(folder)/\(from.lastPathComponent)"
                        do { try FileManager.default.copyItem(at: from, to: fresh.appendingPathComponent(relative)) } catch {
                            throw HarnessError.io(path: from.path, reason: "cannot copy it into the report: \(error.localizedDescription)")
                        }
                        return relative
                    }
                }
            }
            try localized.write(to: fresh)
            var changes: ChangeReport?
            if let changeReport {
                do {
                    try FileManager.default.copyItem(at: changeReport, to: fresh.appendingPathComponent(HTMLReport.changesFolder))
                    let json = try Data(contentsOf: changeReport.appendingPathComponent(ChangeReportRecorder.jsonName))
                    changes = try JSONDecoder().decode(ChangeReport.self, from: json)
                } catch {
                    throw HarnessError.io(path: changeReport.path, reason: "cannot copy the change report into the HTML report: \(error.localizedDescription)")
                }
            }
            try AtomicPublish.write(Data(HTMLReport.page(localized, changes: changes).utf8), to: fresh.appendingPathComponent("index.html"))
        }
    }

    /// Reads each input report and refuses a fixture+mode given twice. The merged results name their images
    /// by absolute path, in the inputs, ready for `write`.
    public static func merge(_ inputs: [URL]) throws -> RunResults {
        var runs: [RunInfo] = []
        var outcomes: [OutcomeRecord] = []
        var origin: [String: URL] = [:]
        for input in inputs {
            let results = try RunResults.load(from: input)
            runs += results.runs
            for record in results.outcomes {
                let key = "\(record.mode.rawValue)/\(record.fixture)"
                if let first = origin[key] {
                    throw HarnessError.duplicateResult(fixture: record.fixture, mode: record.mode.rawValue,
                                                       first: first.appendingPathComponent(RunResults.fileName).path,
                                                       second: input.appendingPathComponent(RunResults.fileName).path)
                }
                origin[key] = input
                var located = record
                located.details?.images = record.details?.images.map { $0.mapPaths { input.appendingPathComponent($0).path } } ?? []
                outcomes.append(located)
            }
        }
        return RunResults(runs: runs, outcomes: outcomes)
    }
}
