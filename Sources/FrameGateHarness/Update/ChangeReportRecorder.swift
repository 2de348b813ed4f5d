import Foundation
import FrameGateCore

/// Collects an update run's `FixtureChange`s, stages their images, and publishes DIR/changes.json,
/// DIR/changes.html and DIR/images/ at the end, replacing an earlier report as a whole (a report never
/// mixes two runs). DIR is refused up front if it holds anything FrameGate did not write there.
public final class ChangeReportRecorder: Sendable {
    public let destination: URL
    let staging: TemporaryDirectory
    private let changes = Locked([FixtureChange]())

    static let entries: Set<String> = ["changes.json", "changes.html", "images"]
    public static let jsonName = "changes.json"
    public static let htmlName = "changes.html"

    public init(destination: URL, protecting: [OutputPath.Protected]) throws {
        try OutputPath.check(destination, label: "--change-report", kind: .directory(reusable: { Self.entries.contains($0) }),
                             protecting: protecting)
        self.destination = destination
        staging = try TemporaryDirectory(prefix: "framegate-change-report")
    }

    /// Where ChangeMeasure writes `images/<fixture>/…` during the run.
    var root: URL { staging.url }

    func record(_ change: FixtureChange) { changes.withLock { $0.append(change) } }

    /// Writes the report; returns it. The staging directory is removed either way.
    @discardableResult
    public func publish() throws -> ChangeReport {
        defer { staging.remove() }
        let report = ChangeReport(fixtures: changes.withLock { $0 })
        try AtomicPublish.replaceDirectory(at: destination) { fresh in
            let images = staging.url.appendingPathComponent("images")
            if FileManager.default.fileExists(atPath: images.path) {
                try AtomicPublish.move(images, to: fresh.appendingPathComponent("images"))
            }
            try AtomicPublish.write(try HarnessJSON.fileData(report), to: fresh.appendingPathComponent(Self.jsonName))
            try AtomicPublish.write(Data(ChangeReportPage.html(report).utf8), to: fresh.appendingPathComponent(Self.htmlName))
        }
        return report
    }
}
