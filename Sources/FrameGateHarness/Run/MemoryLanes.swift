import FrameGateMedia
import Foundation

/// Which fixtures may render side by side (issue 17: the harness's peak RSS, two fixtures at a time, at most
/// 250 MiB).
///
/// A fixture's render needs memory by its frame size and its encoder. Measured with `framegate test` on one
/// fixture (release build, framegate's own peak RSS; the process alone is about 52 MiB): `gsap-timeline`
/// (640×360 H.264) 96–98 MiB, `perf` (1280×720 H.264) 143–148 MiB, `transparent-webm` (640×360 VP9 with alpha)
/// 186–194 MiB, `subcomposition` (640×360 VP9) 210–218 MiB. Two at a time, the peak was whichever two met:
/// `perf` beside `gsap-timeline` 166 MiB, beside `transparent-webm` 266 MiB, and 255 MiB over the corpus when only
/// one heavy fixture at a time was allowed (a VP9 one beside a light one). So each fixture gets an estimate of
/// what it adds to the process, and a fixture starts only when the estimates of those running plus its own fit
/// the budget (or when nothing runs: a fixture too large for the budget still runs, alone).
struct MemoryLanes {
    /// What fixtures running side by side may add to the process (MiB): 250 MiB less the process's own 52, less
    /// a margin for the estimates' error.
    static let budgetMiB = 185.0

    /// Per fixture, in the order given (MiB).
    let estimates: [Double]

    init(_ fixtures: [Fixture], baselines: BaselineStore) {
        estimates = fixtures.map { Self.estimate($0, baselines: baselines) }
    }

    init(estimates: [Double]) { self.estimates = estimates }

    /// 30 MiB for the page's frames, pipes and decoders, plus the encoder's share per 640×360 of frame area:
    /// x264 16 (gsap-timeline 46, perf 94 above the process), ProRes 32, libvpx 136 (subcomposition 166). The
    /// frame area is the baseline's video stream's (a header read, no decode); a fixture with no baseline yet,
    /// or a PNG sequence, counts as 640×360.
    static func estimate(_ fixture: Fixture, baselines: BaselineStore) -> Double {
        let format = fixture.meta.renderConfig.effectiveFormat
        let codec = fixture.meta.renderConfig.codec ?? format.defaultCodec
        let perArea: Double
        switch codec {
        case .vp9?: perArea = 136
        case .prores?, .h265?: perArea = 32
        case .h264?, nil: perArea = 16
        }
        let video = (try? MediaProbe.probe(baselines.output(for: fixture), countFrames: false))?.videoStream
        let area = video.flatMap { stream in stream.width.flatMap { w in stream.height.map { w * $0 } } } ?? 640 * 360
        return 30 + perArea * Double(area) / Double(640 * 360)
    }

    /// Fixtures that fit beside no other fixture of the run (not even the lightest): they run alone.
    var solitary: [Int] {
        estimates.indices.filter { index in
            estimates.indices.allSatisfy { $0 == index || estimates[index] + estimates[$0] > Self.budgetMiB }
        }
    }

    /// The next fixture to start from `pending` (indices, in run order) beside `running`; nil when none fits yet.
    func next(from pending: [Int], running: [Int]) -> Int? {
        let used = running.reduce(0) { $0 + estimates[$1] }
        return pending.first { running.isEmpty || used + estimates[$0] <= Self.budgetMiB }
    }
}
