import Foundation
import FrameGateMedia

/// PSNR of two 8-bit pictures, as DESIGN.md defines it (and ffmpeg's psnr filter computes `psnr_avg`):
/// MSE per plane, averaged weighted by sample count, psnr = 10·log10(255² / mse_avg).
public struct PSNRMeasurement: Equatable, Sendable {
    /// Mean squared error of each plane (Y, U, V for yuv420p).
    public var planeMSE: [Double]
    /// Sample-count-weighted mean of `planeMSE`.
    public var averageMSE: Double
    /// dB; `.infinity` when the pictures are identical.
    public var psnr: Double

    /// nil for identical pictures: the JSON/report representation of +∞.
    public var finitePSNR: Double? { psnr.isFinite ? psnr : nil }
}

public enum PSNR {
    /// `a` and `b` hold the same planes in the same layout (same sizes per plane).
    public static func measure(_ a: [[UInt8]], _ b: [[UInt8]]) -> PSNRMeasurement {
        precondition(a.count == b.count, "PSNR: plane count differs (\(a.count) vs \(b.count))")
        var planeMSE: [Double] = []
        var totalSquared: UInt64 = 0
        var totalSamples = 0
        for (planeA, planeB) in zip(a, b) {
            precondition(planeA.count == planeB.count, "PSNR: plane sizes differ (\(planeA.count) vs \(planeB.count))")
            let squared = sumOfSquaredDifferences(planeA, planeB)
            totalSquared &+= squared
            totalSamples += planeA.count
            planeMSE.append(planeA.isEmpty ? 0 : Double(squared) / Double(planeA.count))
        }
        // Weighting each plane's MSE by its sample count is the total squared error over all samples.
        let average = totalSamples == 0 ? 0 : Double(totalSquared) / Double(totalSamples)
        return PSNRMeasurement(planeMSE: planeMSE, averageMSE: average, psnr: psnr(mse: average))
    }

    /// Two decoded frames; both must be yuv420p at the same size (the decoder scales the rendered file
    /// to the baseline's size, so this holds by construction in `VideoComparison`).
    public static func measure(_ a: DecodedVideoFrame, _ b: DecodedVideoFrame) -> PSNRMeasurement {
        precondition(a.format == b.format && a.width == b.width && a.height == b.height,
                     "PSNR: frames differ in format or size (\(a.width)x\(a.height) vs \(b.width)x\(b.height))")
        return measure(a.planes, b.planes)
    }

    public static func psnr(mse: Double) -> Double {
        mse == 0 ? .infinity : 10 * log10(255.0 * 255.0 / mse)
    }

    /// Σ (a−b)² over every plane of two frames, or nil as soon as it exceeds `limit` (checked every 65 536
    /// samples): the time check only needs to know whether a neighbour matches markedly better, and a moving
    /// neighbour is usually ruled out after a fraction of the frame.
    public static func sumOfSquaredDifferences(_ a: DecodedVideoFrame, _ b: DecodedVideoFrame, notAbove limit: Double) -> UInt64? {
        var total: UInt64 = 0
        for (planeA, planeB) in zip(a.planes, b.planes) {
            var start = 0
            let count = min(planeA.count, planeB.count)
            while start < count {
                let end = min(start + 65_536, count)
                total &+= sumOfSquaredDifferences(planeA[start..<end], planeB[start..<end])
                if Double(total) > limit { return nil }
                start = end
            }
        }
        return total
    }

    static func sumOfSquaredDifferences(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> UInt64 {
        var partial: UInt32 = 0 // ≤ 65 536 samples: cannot overflow
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<min(pa.count, pb.count) {
                    let d = Int32(pa[i]) &- Int32(pb[i])
                    partial &+= UInt32(bitPattern: d &* d)
                }
            }
        }
        return UInt64(partial)
    }

    /// Σ (a−b)², exact. Accumulates in 32-bit lanes per block (so the loop vectorises) and flushes
    /// to 64 bits: a block of 65 536 samples cannot overflow (65 536 · 255² < 2³²).
    public static func sumOfSquaredDifferences(_ a: [UInt8], _ b: [UInt8]) -> UInt64 {
        let count = min(a.count, b.count)
        let block = 65_536
        var total: UInt64 = 0
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                var start = 0
                while start < count {
                    let end = min(start + block, count)
                    var partial: UInt32 = 0
                    for i in start..<end {
                        let d = Int32(pa[i]) &- Int32(pb[i])
                        partial &+= UInt32(bitPattern: d &* d)
                    }
                    total &+= UInt64(partial)
                    start = end
                }
            }
        }
        return total
    }
}
