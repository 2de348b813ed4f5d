import Foundation

/// The report's inline SVG charts: nothing external, sized in viewBox units and scaled by CSS.
enum ReportCharts {
    static let width = 800.0, height = 220.0
    static let left = 44.0, right = 10.0, top = 12.0, bottom = 26.0
    /// The dB axis; identical frames (+∞) and anything above are drawn at the top, labelled ∞.
    static let maxDb = 60.0

    /// Frame PSNR and worst-tile PSNR over every frame, the two thresholds, failing frames marked on the axis.
    /// One polyline point per frame (the report test counts them).
    static func frames(_ series: FrameSeries) -> String {
        let count = series.psnr.count
        guard count > 0 else { return "" }
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ frame: Int) -> Double { left + (count == 1 ? plotW / 2 : plotW * Double(frame) / Double(count - 1)) }
        func y(_ db: Double?) -> Double { top + plotH * (1 - min(maxDb, max(0, db ?? maxDb)) / maxDb) }
        func points(_ values: [Double?]) -> String {
            values.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }.joined(separator: " ")
        }
        var svg = [#"<svg class="chart frames" viewBox="0 0 \#(Int(width)) \#(Int(height))" data-frames="\#(count)" role="img" aria-label="PSNR per frame">"#]
        for db in stride(from: 0.0, through: maxDb, by: 10) {
            svg.append(String(format: #"<line class="grid" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/><text class="axis" x="%.0f" y="%.1f">%@</text>"#,
                              left, width - right, y(db), y(db), left - 6, y(db) + 4, db == maxDb ? "∞" : "\(Int(db))"))
        }
        let step = max(1, count / 10)
        for frame in stride(from: 0, to: count, by: step) {
            svg.append(String(format: #"<text class="axis frame" x="%.1f" y="%.0f">%d</text>"#, x(frame), height - 8, frame))
        }
        for frame in series.failing where frame < count {
            svg.append(String(format: #"<rect class="failing" x="%.1f" y="%.0f" width="%.1f" height="%.0f"><title>frame %d failed</title></rect>"#,
                              x(frame) - max(1, plotW / Double(count) / 2), top, max(2, plotW / Double(count)), plotH, frame))
        }
        if let threshold = series.threshold {
            svg.append(String(format: #"<line class="threshold psnr" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"><title>PSNR threshold %.1f dB</title></line>"#,
                              left, width - right, y(threshold), y(threshold), threshold))
        }
        if let tile = series.tileThreshold {
            svg.append(String(format: #"<line class="threshold tile" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"><title>tile threshold %.1f dB</title></line>"#,
                              left, width - right, y(tile), y(tile), tile))
        }
        svg.append(#"<polyline class="series tile" points="\#(points(series.tilePsnr))"/>"#)
        svg.append(#"<polyline class="series psnr" points="\#(points(series.psnr))"/>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Both RMS envelopes in dBFS (−90…0) over time, the failing windows shaded.
    static func audio(_ envelopes: AudioEnvelopes) -> String {
        let count = max(envelopes.rendered.count, envelopes.baseline.count)
        guard count > 0 else { return "" }
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ window: Double) -> Double { left + plotW * window / Double(max(1, count - 1)) }
        func y(_ rms: Double) -> Double {
            let db = rms > 0 ? max(-90, 20 * log10(rms)) : -90
            return top + plotH * (-db / 90)
        }
        func points(_ values: [Double]) -> String {
            values.enumerated().map { String(format: "%.1f,%.1f", x(Double($0.offset)), y($0.element)) }.joined(separator: " ")
        }
        var svg = [#"<svg class="chart audio" viewBox="0 0 \#(Int(width)) \#(Int(height))" data-windows="\#(count)" role="img" aria-label="audio envelopes">"#]
        for db in stride(from: 0, through: 90, by: 30) {
            let level = pow(10, -Double(db) / 20)
            svg.append(String(format: #"<line class="grid" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/><text class="axis" x="%.0f" y="%.1f">%d</text>"#,
                              left, width - right, y(level), y(level), left - 6, y(level) + 4, -db))
        }
        let seconds = Double(count) * envelopes.hopSeconds
        let tick = seconds > 20 ? 5.0 : 1.0
        for second in stride(from: 0.0, through: seconds, by: tick) {
            svg.append(String(format: #"<text class="axis frame" x="%.1f" y="%.0f">%.0f s</text>"#,
                              x(second / envelopes.hopSeconds), height - 8, second))
        }
        for run in envelopes.marked where run.count == 2 {
            let from = x(Double(run[0]) - 0.5), to = x(Double(run[1]) + 0.5)
            svg.append(String(format: #"<rect class="marked" x="%.1f" y="%.0f" width="%.1f" height="%.0f"><title>windows %d–%d differ</title></rect>"#,
                              max(left, from), top, max(2, to - from), plotH, run[0], run[1]))
        }
        svg.append(#"<polyline class="series baseline" points="\#(points(envelopes.baseline))"/>"#)
        svg.append(#"<polyline class="series rendered" points="\#(points(envelopes.rendered))"/>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }
}
