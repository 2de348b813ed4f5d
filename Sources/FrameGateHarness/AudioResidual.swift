import Foundation

/// The optional residual metric (meta.json `maxAudioResidualRmsDb`).
///
/// Definition: with the best envelope lag L (windows) from `AudioCorrelation`, the rendered samples are
/// shifted by L·hop samples and subtracted from the baseline's over their common span (mono 16 kHz,
/// s16 scaled to ±1); the residual is 20·log10(RMS of that difference), in dBFS where 0 dBFS is the RMS
/// of a full-scale square wave (so a full-scale sine is −3 dBFS). Identical audio has no residual at
/// all; the value is floored at `floorDb` so it stays a finite JSON number.
public enum AudioResidual {
    public static let floorDb = -120.0

    public static func rmsDb(rendered: [Float], baseline: [Float], lagSamples: Int) -> Double {
        let lo = max(0, -lagSamples)
        let hi = min(baseline.count, rendered.count - lagSamples)
        guard hi > lo else { return floorDb }
        var sum = 0.0
        rendered.withUnsafeBufferPointer { r in
            baseline.withUnsafeBufferPointer { b in
                for i in lo..<hi {
                    let d = Double(r[i + lagSamples]) - Double(b[i])
                    sum += d * d
                }
            }
        }
        let rms = (sum / Double(hi - lo)).squareRoot()
        return rms > 0 ? max(floorDb, 20 * log10(rms)) : floorDb
    }
}
