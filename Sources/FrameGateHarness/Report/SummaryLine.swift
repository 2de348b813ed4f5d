import Foundation

extension HarnessEvent.TestSuiteSummary {
    /// The run's last log line, also printed by `merge-reports` per mode:
    /// `in-process: 12 total, 11 passed, 1 failed (visual: 1), 0 skipped in 41.3 s`.
    public var line: String {
        let stages = failuresByStage.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let stageText = stages.isEmpty ? "" : " (" + stages.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        return String(format: "%@: %d total, %d passed, %d failed%@, %d skipped in %.1f s",
                      mode.rawValue, total, passed, failed, stageText, skipped, durationSeconds)
    }
}
