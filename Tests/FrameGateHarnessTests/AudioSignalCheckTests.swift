import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// The audio signal checks on synthetic stereo 48 kHz programmes: each kind of change gets its finding,
/// and the unchanged programme (and one with −100 dB noise) gets none.
final class AudioSignalCheckTests: XCTestCase {
    static let rate = 48_000.0

    /// Left: a modulated 440 Hz tone; right: irregular 660 Hz bursts. 3 s, interleaved.
    static func programme(seconds: Double = 3, left: (Double) -> Double = { _ in 1 }, right: (Double) -> Double = { _ in 1 },
                          delay: Double = 0, swap: Bool = false) -> [Float] {
        let count = Int(seconds * rate)
        var out = [Float](repeating: 0, count: count * 2)
        for i in 0..<count {
            let t = Double(i) / rate - delay
            guard t >= 0 else { continue }
            let l = 0.35 * sin(2 * .pi * 440 * t) * (0.55 + 0.45 * sin(2 * .pi * 1.7 * t)) * left(t)
            let r = 0.35 * sin(2 * .pi * 660 * t) * ((t * t + t).truncatingRemainder(dividingBy: 0.37) < 0.12 ? 1 : 0) * right(t)
            out[2 * i] = Float(swap ? r : l); out[2 * i + 1] = Float(swap ? l : r)
        }
        return out
    }

    func findings(_ rendered: [Float]) -> [String] {
        AudioSignalCheck.compare(rendered: rendered, baseline: Self.programme(), options: AudioSignalOptions()).findings
    }

    func testEachChangeIsNamed() {
        XCTAssertEqual(findings(Self.programme()), [], "unchanged")
        var hiss = Self.programme()
        for i in hiss.indices { hiss[i] += Float(i % 2 == 0 ? 1e-5 : -1e-5) }
        XCTAssertEqual(findings(hiss), [], "−100 dB noise")

        let quieter = findings(Self.programme(left: { _ in 0.5 }, right: { _ in 0.5 }))
        XCTAssertTrue(quieter.contains { $0.hasPrefix("audio 6.0 dB quieter") }, "\(quieter)")

        let swapped = findings(Self.programme(swap: true))
        XCTAssertEqual(swapped, ["left and right channels swapped"])

        let silent = findings(Self.programme(right: { $0 >= 1.2 ? 0 : 1 }))
        XCTAssertTrue(silent.contains { $0.hasPrefix("right channel silent from 1.2") }, "\(silent)")

        let dropout = findings(Self.programme(left: { $0 >= 1.0 && $0 < 1.2 ? 0 : 1 }, right: { $0 >= 1.0 && $0 < 1.2 ? 0 : 1 }))
        XCTAssertTrue(dropout.contains("dropout 1.00–1.20 s"), "\(dropout)")

        let late = findings(Self.programme(delay: 0.15))
        XCTAssertTrue(late.contains("audio 150 ms late"), "\(late)")
    }
}
