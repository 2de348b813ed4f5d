import FrameGateMedia
import Foundation

/// Which fixtures may render side by side (issue 17: the harness's peak RSS, two fixtures at a time).
///
/// A fixture's render needs memory by its frame size and its encoder. Measured with `framegate test` on one
/// or two fixtures (release build, framegate's own RSS; the process alone is about 52 MiB): `gsap-timeline`
/// (640×360 H.264) 96 MiB, `perf` (1280×720 H.264) 148 MiB, `transparent-webm` (640×360 VP9 with alpha: two
/// libvpx encoders) 186 MiB, `subcomposition` (640×360 VP9) 210 MiB; `perf` beside `gsap-timeline` 166 MiB,
/// `perf` beside `transparent-webm` 266 MiB.
/// So at most one heavy fixture runs at a time; the other lane takes light ones meanwhile, and waits only
/// when every fixture left is heavy.
struct MemoryLanes {
    /// Frame area × encoder factor from which a fixture is heavy: 640×360 VP9 and 1280×720 H.264 are.
    static let heavyWeight = 640 * 360 * 3

    /// Per fixture, in the order given.
    let heavy: [Bool]

    init(_ fixtures: [Fixture], baselines: BaselineStore) {
        heavy = fixtures.map { Self.weight($0, baselines: baselines) >= Self.heavyWeight }
    }

    init(heavy: [Bool]) { self.heavy = heavy }

    /// The frame area comes from the baseline's video stream (a header read, no decode); a fixture with no
    /// baseline yet, or a PNG sequence, counts as 640×360.
    static func weight(_ fixture: Fixture, baselines: BaselineStore) -> Int {
        let format = fixture.meta.renderConfig.effectiveFormat
        let codec = fixture.meta.renderConfig.codec ?? format.defaultCodec
        let factor: Int
        switch codec {
        case .vp9?: factor = 3
        case .prores?, .h265?: factor = 2
        case .h264?, nil: factor = 1
        }
        let video = (try? MediaProbe.probe(baselines.output(for: fixture), countFrames: false))?.videoStream
        let area = video.flatMap { stream in stream.width.flatMap { w in stream.height.map { w * $0 } } } ?? 640 * 360
        return area * factor
    }

    /// The next fixture to start from `pending` (indices, in run order), given how many heavy ones run now;
    /// nil when none may start yet.
    func next(from pending: [Int], heavyRunning: Int) -> Int? {
        pending.first { !heavy[$0] || heavyRunning == 0 }
    }
}
