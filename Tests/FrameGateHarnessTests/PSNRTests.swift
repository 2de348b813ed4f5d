import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness

final class PSNRTests: XCTestCase {
    func testIdenticalPlanesAreInfinite() {
        let planes: [[UInt8]] = [[1, 2, 3, 4], [5], [6]]
        let m = PSNR.measure(planes, planes)
        XCTAssertEqual(m.averageMSE, 0)
        XCTAssertEqual(m.psnr, .infinity)
        XCTAssertNil(m.finitePSNR)
    }

    /// A 2×2 yuv420p picture: Y has 4 samples, U and V one each (6 in all).
    /// Y differs by 2 in every sample (SSE 16), U by 3 (SSE 9), V equal.
    /// Per-plane MSE: 4, 9, 0. Weighted: (16 + 9 + 0) / 6 = 25/6.
    /// psnr = 10·log10(65025 / (25/6)) = 10·log10(15606) = 41.9329…
    func testSampleWeightedMeanOverPlanes() {
        let a: [[UInt8]] = [[10, 20, 30, 40], [100], [200]]
        let b: [[UInt8]] = [[12, 18, 32, 38], [103], [200]]
        let m = PSNR.measure(a, b)
        XCTAssertEqual(m.planeMSE, [4, 9, 0])
        XCTAssertEqual(m.averageMSE, 25.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(m.psnr, 10 * log10(65025.0 * 6 / 25), accuracy: 1e-9)
        XCTAssertEqual(m.psnr, 41.9329, accuracy: 1e-4)
        // The plain mean of the three plane MSEs would give 10·log10(65025/(13/3)) = 41.762: it must not.
        XCTAssertGreaterThan(abs(m.psnr - 41.762), 0.1)
    }

    /// Maximal error: every sample 0 vs 255 → mse 65025 → 0 dB.
    func testMaximalDifferenceIsZeroDecibels() {
        let m = PSNR.measure([[0, 0], [0]], [[255, 255], [255]])
        XCTAssertEqual(m.psnr, 0, accuracy: 1e-12)
    }

    /// Large planes exercise the 32-bit block accumulation across block boundaries.
    func testSumOfSquaredDifferencesIsExactOnLargePlanes() {
        let n = 200_001
        let a = [UInt8](repeating: 255, count: n)
        let b = [UInt8](repeating: 0, count: n)
        XCTAssertEqual(PSNR.sumOfSquaredDifferences(a, b), UInt64(n) * 65025)
        var c = [UInt8](repeating: 7, count: n)
        c[n - 1] = 9
        XCTAssertEqual(PSNR.sumOfSquaredDifferences(c, [UInt8](repeating: 7, count: n)), 4)
    }

    func testOneLevelOffsetEverywhereIs48Decibels() {
        // mse = 1 → 10·log10(65025) = 48.1308 dB.
        let m = PSNR.measure([[UInt8](repeating: 50, count: 64)], [[UInt8](repeating: 51, count: 64)])
        XCTAssertEqual(m.psnr, 48.1308, accuracy: 1e-4)
    }

    func testBoundedSumIsExactUnderTheLimitAndNilAbove() {
        // 640×360 yuv420p, every sample one level apart: Σ = sample count.
        let planes = [640 * 360, 320 * 180, 320 * 180]
        func frame(_ value: UInt8) -> DecodedVideoFrame {
            DecodedVideoFrame(index: 0, time: 0, isKeyframe: true, format: .yuv420p, width: 640, height: 360,
                              planes: planes.map { [UInt8](repeating: value, count: $0) })
        }
        let total = UInt64(planes.reduce(0, +))
        XCTAssertEqual(PSNR.sumOfSquaredDifferences(frame(10), frame(11), notAbove: Double(total)), total)
        XCTAssertNil(PSNR.sumOfSquaredDifferences(frame(10), frame(11), notAbove: Double(total) - 1))
        XCTAssertEqual(PSNR.sumOfSquaredDifferences(frame(10), frame(10), notAbove: 0), 0)
    }
}
