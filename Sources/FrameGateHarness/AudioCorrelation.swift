/// Pearson correlation of two envelopes, maximised over a lag range.
public struct LaggedCorrelation: Equatable, Sendable {
    public var correlation: Double
    /// Windows by which the rendered envelope lags the baseline: rendered[i + lag] pairs with baseline[i].
    /// Positive = the rendered audio is late.
    public var lag: Int
    /// Windows compared at that lag.
    public var overlap: Int
}

public enum AudioCorrelation {
    /// DESIGN.md: only lags whose overlap exceeds this many windows are considered, so a short overlap
    /// at an extreme lag cannot win by chance.
    public static let minimumOverlap = 32

    /// The best Pearson correlation over lags −maxLag…maxLag, or nil when no lag has more than
    /// `minimumOverlap` windows in common. A constant series within an overlap has no defined
    /// correlation and counts as 0 there. Ties go to the smallest |lag| (then the negative one), so
    /// periodic signals report the nearest alignment.
    public static func best(rendered: [Double], baseline: [Double], maxLag: Int) -> LaggedCorrelation? {
        // Two steady envelopes (a held tone) have no shape to correlate: Pearson would measure encoder
        // jitter. Their shapes agree, so they correlate 1 at lag 0; a level change is the residual's job.
        if isFlat(rendered), isFlat(baseline) {
            let overlap = min(rendered.count, baseline.count)
            return overlap > minimumOverlap ? LaggedCorrelation(correlation: 1, lag: 0, overlap: overlap) : nil
        }
        var best: LaggedCorrelation?
        let lags = (0...max(0, maxLag)).flatMap { $0 == 0 ? [0] : [-$0, $0] }
        for lag in lags {
            // rendered[i + lag] ↔ baseline[i], for i in lo..<hi.
            let lo = max(0, -lag)
            let hi = min(baseline.count, rendered.count - lag)
            let overlap = hi - lo
            guard overlap > minimumOverlap else { continue }
            let r = pearson(rendered, from: lo + lag, baseline, from: lo, count: overlap)
            if best == nil || r > best!.correlation + 1e-12 {
                best = LaggedCorrelation(correlation: r, lag: lag, overlap: overlap)
            }
        }
        return best
    }

    /// Pearson correlation of x[xs..<xs+n] and y[ys..<ys+n]; 0 when either is constant.
    public static func pearson(_ x: [Double], from xs: Int, _ y: [Double], from ys: Int, count n: Int) -> Double {
        guard n > 1 else { return 0 }
        var meanX = 0.0, meanY = 0.0
        for i in 0..<n { meanX += x[xs + i]; meanY += y[ys + i] }
        meanX /= Double(n); meanY /= Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[xs + i] - meanX, dy = y[ys + i] - meanY
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        // A variance this small is rounding noise of a constant series, not signal.
        guard sxx > 1e-18 * Double(n), syy > 1e-18 * Double(n) else { return 0 }
        return sxy / (sxx.squareRoot() * syy.squareRoot())
    }

    /// Coefficient of variation below which an envelope counts as steady (1 %: the RMS ripple of a
    /// 50 Hz tone over a 2048-sample window is about this size; programme material varies far more).
    public static let flatness = 0.01

    public static func isFlat(_ envelope: [Double]) -> Bool {
        guard !envelope.isEmpty else { return true }
        let mean = envelope.reduce(0, +) / Double(envelope.count)
        guard mean > 0 else { return true }
        let variance = envelope.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(envelope.count)
        return variance.squareRoot() < flatness * mean
    }
}
