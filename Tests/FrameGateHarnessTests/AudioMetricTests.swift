import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

final class AudioMetricTests: XCTestCase {
    /// 16 kHz noise whose loudness changes every `segment` samples, by a seeded random envelope: the
    /// RMS envelope then has real structure to correlate (plain white noise would be almost flat).
    func modulatedNoise(seconds: Double, seed: UInt64, segment: Int = 2500) -> [Float] {
        var random = SeededRandom(seed: seed)
        let count = Int(seconds * 16_000)
        var samples = [Float](repeating: 0, count: count)
        var gain = 0.0
        for i in 0..<count {
            if i % segment == 0 { gain = 0.05 + 0.6 * random.unit() }
            samples[i] = Float(gain * (2 * random.unit() - 1))
        }
        return samples
    }

    func testEnvelopeWindowsAndValues() {
        // A constant 0.5 signal has RMS 0.5 in every window; 10 000 samples → (10000−2048)/1024+1 = 8 windows.
        let envelope = AudioEnvelope.rms([Float](repeating: 0.5, count: 10_000))
        XCTAssertEqual(envelope.count, 8)
        XCTAssertTrue(envelope.allSatisfy { abs($0 - 0.5) < 1e-9 })
        XCTAssertEqual(AudioEnvelope.rms([Float](repeating: 1, count: 2047)).count, 0)
        // Half the window at amplitude 1, half at 0: RMS = sqrt(1/2).
        let step = [Float](repeating: 1, count: 1024) + [Float](repeating: 0, count: 1024)
        XCTAssertEqual(AudioEnvelope.rms(step)[0], 0.5.squareRoot(), accuracy: 1e-9)
    }

    func testIdenticalSignalsCorrelateToOne() {
        let signal = modulatedNoise(seconds: 4, seed: 1)
        let report = AudioComparison.compare(rendered: signal, baseline: signal, minCorrelation: 0.99, maxLagWindows: 5,
                                             maxResidualRmsDb: -100)
        XCTAssertEqual(report.correlation!, 1, accuracy: 1e-9)
        XCTAssertEqual(report.lagWindows, 0)
        XCTAssertEqual(report.residualRmsDb, AudioResidual.floorDb)
        XCTAssertTrue(report.passed)
    }

    func testCopyDelayedByThreeWindowsPeaksAtLagThree() {
        let signal = modulatedNoise(seconds: 4, seed: 2)
        let delayed = [Float](repeating: 0, count: 3 * AudioEnvelope.hop) + signal
        let report = AudioComparison.compare(rendered: delayed, baseline: signal, minCorrelation: 0.99, maxLagWindows: 5,
                                             maxResidualRmsDb: nil)
        XCTAssertEqual(report.lagWindows, 3)
        XCTAssertEqual(report.correlation!, 1, accuracy: 1e-6)
        XCTAssertTrue(report.passed)
        // Residual at the best lag is the sample-exact alignment: nothing left.
        XCTAssertEqual(report.residualRmsDb, AudioResidual.floorDb)

        // The other direction: the render is early → negative lag.
        let early = Array(signal.dropFirst(3 * AudioEnvelope.hop))
        let earlyReport = AudioComparison.compare(rendered: early, baseline: signal, minCorrelation: 0.99, maxLagWindows: 5,
                                                  maxResidualRmsDb: nil)
        XCTAssertEqual(earlyReport.lagWindows, -3)
        XCTAssertEqual(earlyReport.correlation!, 1, accuracy: 1e-6)
    }

    func testDelayBeyondTheLagWindowFails() {
        let signal = modulatedNoise(seconds: 4, seed: 3)
        let delayed = [Float](repeating: 0, count: 8 * AudioEnvelope.hop) + signal
        let report = AudioComparison.compare(rendered: delayed, baseline: signal, minCorrelation: 0.9, maxLagWindows: 3,
                                             maxResidualRmsDb: nil)
        XCTAssertLessThan(report.correlation!, 0.5)
        XCTAssertFalse(report.passed)
        XCTAssertNotNil(report.reason)
    }

    func testUnrelatedNoiseEnvelopesCorrelateLow() {
        let a = modulatedNoise(seconds: 6, seed: 10)
        let b = modulatedNoise(seconds: 6, seed: 11)
        let report = AudioComparison.compare(rendered: a, baseline: b, minCorrelation: 0.8, maxLagWindows: 3,
                                             maxResidualRmsDb: nil)
        XCTAssertLessThan(report.correlation!, 0.5)
        XCTAssertFalse(report.passed)
    }

    func testBothSilentIsOne() {
        let silence = [Float](repeating: 0, count: 48_000)
        for (r, b) in [(silence, silence), (nil, silence), (silence, nil)] as [([Float]?, [Float]?)] {
            let report = AudioComparison.compare(rendered: r, baseline: b, minCorrelation: 0.9, maxLagWindows: 3, maxResidualRmsDb: -60)
            XCTAssertEqual(report.correlation, 1)
            XCTAssertTrue(report.passed, "\(String(describing: report.reason))")
        }
        let none = AudioComparison.compare(rendered: nil, baseline: nil, minCorrelation: 1, maxLagWindows: 1, maxResidualRmsDb: nil)
        XCTAssertTrue(none.passed)
        XCTAssertFalse(none.renderedHasAudio)
    }

    func testRenderWithoutAudioFailsAgainstBaselineWithAudio() {
        let signal = modulatedNoise(seconds: 3, seed: 4)
        let noStream = AudioComparison.compare(rendered: nil, baseline: signal, minCorrelation: 0, maxLagWindows: 3, maxResidualRmsDb: nil)
        XCTAssertFalse(noStream.passed)
        XCTAssertNil(noStream.correlation)
        XCTAssertTrue(noStream.reason!.contains("no audio stream"))

        // Even with minCorrelation 0, digital silence where the baseline has sound fails.
        let silent = AudioComparison.compare(rendered: [Float](repeating: 0, count: signal.count), baseline: signal,
                                             minCorrelation: 0, maxLagWindows: 3, maxResidualRmsDb: nil)
        XCTAssertFalse(silent.passed)
        XCTAssertTrue(silent.reason!.contains("silent"))

        let extra = AudioComparison.compare(rendered: signal, baseline: nil, minCorrelation: 0, maxLagWindows: 3, maxResidualRmsDb: nil)
        XCTAssertFalse(extra.passed)
    }

    func testTooShortToCorrelateFails() {
        // 20 windows < the 33 needed.
        let short = modulatedNoise(seconds: Double(2048 + 19 * 1024) / 16_000, seed: 5)
        let report = AudioComparison.compare(rendered: short, baseline: short, minCorrelation: 0.5, maxLagWindows: 2, maxResidualRmsDb: nil)
        XCTAssertNil(report.correlation)
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.reason!.contains("too short"))
    }

    func testOverlapMustExceedThirtyTwoWindows() {
        // 40 windows each; at lag ±8 the overlap is 32 (excluded), at ±7 it is 33 (considered).
        let x = (0..<40).map { Double($0 % 7) }
        let y = (0..<40).map { Double(($0 + 3) % 5) }
        var best = AudioCorrelation.best(rendered: x, baseline: y, maxLag: 20)!
        XCTAssertLessThanOrEqual(abs(best.lag), 7)
        XCTAssertGreaterThan(best.overlap, 32)
        best = AudioCorrelation.best(rendered: Array(x.prefix(33)), baseline: Array(y.prefix(33)), maxLag: 5)!
        XCTAssertEqual(best.lag, 0)
        XCTAssertNil(AudioCorrelation.best(rendered: Array(x.prefix(32)), baseline: Array(y.prefix(32)), maxLag: 5))
    }

    func testPearsonAgainstHandComputedValue() {
        // x = 1,2,3,4; y = 2,4,5,9: means 2.5, 5; dx = −1.5,−.5,.5,1.5; dy = −3,−1,0,4
        // sxy = 4.5+.5+0+6 = 11; sxx = 5; syy = 26 → r = 11/sqrt(130) = 0.964764…
        let r = AudioCorrelation.pearson([1, 2, 3, 4], from: 0, [2, 4, 5, 9], from: 0, count: 4)
        XCTAssertEqual(r, 11 / 130.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(AudioCorrelation.pearson([1, 1, 1], from: 0, [1, 2, 3], from: 0, count: 3), 0)
    }

    func testResidualOfAKnownDifference() {
        // rendered − baseline = 0.1 constant → RMS 0.1 → −20 dBFS.
        let baseline = [Float](repeating: 0.2, count: 1000)
        let rendered = [Float](repeating: 0.3, count: 1000)
        XCTAssertEqual(AudioResidual.rmsDb(rendered: rendered, baseline: baseline, lagSamples: 0), -20, accuracy: 1e-4)
    }

    func testResidualGate() {
        let signal = modulatedNoise(seconds: 4, seed: 6)
        // Same envelope shape, 10 % louder: correlation 1, residual ≈ 0.1·RMS(signal).
        let louder = signal.map { $0 * 1.1 }
        let report = AudioComparison.compare(rendered: louder, baseline: signal, minCorrelation: 0.99, maxLagWindows: 2,
                                             maxResidualRmsDb: -40)
        XCTAssertEqual(report.correlation!, 1, accuracy: 1e-6)
        XCTAssertGreaterThan(report.residualRmsDb!, -40)
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.reason!.contains("residual"))
    }

    func testSteadyTonesCorrelateAsEqualShapes() {
        // A held 440 Hz tone has a flat envelope; with a little independent noise on each side Pearson
        // alone would report noise, so steady-vs-steady counts as 1 at lag 0.
        var random = SeededRandom(seed: 7)
        let tone = (0..<64_000).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 16_000)) }
        let noisy = tone.map { $0 + Float(1e-4 * (random.unit() - 0.5)) }
        XCTAssertTrue(AudioCorrelation.isFlat(AudioEnvelope.rms(tone)))
        let report = AudioComparison.compare(rendered: noisy, baseline: tone, minCorrelation: 0.99, maxLagWindows: 3,
                                             maxResidualRmsDb: nil)
        XCTAssertEqual(report.correlation, 1)
        XCTAssertEqual(report.lagWindows, 0)
        XCTAssertTrue(report.passed)
        // A tone that stops half-way is not steady, and does not match a held tone.
        let stopped = Array(tone.prefix(32_000)) + [Float](repeating: 0, count: 32_000)
        XCTAssertFalse(AudioCorrelation.isFlat(AudioEnvelope.rms(stopped)))
        let cut = AudioComparison.compare(rendered: stopped, baseline: tone, minCorrelation: 0.5, maxLagWindows: 3,
                                          maxResidualRmsDb: nil)
        XCTAssertFalse(cut.passed)
    }
}
