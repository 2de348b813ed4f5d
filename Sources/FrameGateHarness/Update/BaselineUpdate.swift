import Foundation
import FrameGateCore

/// One fixture's `--update`: measure the change against the old baseline (before it is replaced), then
/// bring the baseline up to date under the no-churn rule (`BaselineStore.isIdentical`).
enum BaselineUpdate {
    static func apply(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore,
                      environment: BaselineEnvironment?, reportRoot: URL?) throws -> FixtureChange {
        // A dead run's half-done replace is undone before the old baseline is read (update does it too).
        try AtomicPublish.recoverInterruptedReplace(at: baselines.directory(for: fixture))
        let existed = baselines.exists(for: fixture)
        var change = FixtureChange(fixture: fixture.id, status: existed ? .changed : .new)
        if existed, (try? baselines.isIdentical(fixture, to: rendered)) != true, let reportRoot {
            do {
                change = try ChangeMeasure.changed(fixture, rendered: rendered, baselines: baselines, reportRoot: reportRoot)
            } catch {
                // An unreadable old baseline is replaced all the same; the report says why it has no figures.
                change.reason = "the old baseline could not be compared: \(error)"
            }
        }
        switch try baselines.update(fixture, with: rendered, environment: environment) {
        case .created:
            change.status = .new
            change.renderedFrames = rendered.digests.count
            change.renderedDuration = fixture.meta.renderConfig.fps.duration(ofFrames: rendered.digests.count)
        case .replaced:
            change.status = .changed
        case .unchanged:
            change = FixtureChange(fixture: fixture.id, status: .unchanged)
        case .environmentAdded:
            change = FixtureChange(fixture: fixture.id, status: .unchanged)
            change.environmentAdded = true
        }
        return change
    }
}
