import Foundation

/// Times are written to the compiled HTML rounded to the nanosecond, so that sums like 0.1 + 0.2 are
/// stamped as `0.3` and the model's values equal what a parser reads back from the HTML.
enum TimeFormat {
    static func string(_ value: Double) -> String {
        var s = String(format: "%.9f", value)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    static func rounded(_ value: Double) -> Double { Double(string(value)) ?? value }

    /// A strict number: what `Double(String)` accepts, minus inf/nan and hex forms.
    static func number(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, t.allSatisfy({ "0123456789.+-eE".contains($0) }), let v = Double(t), v.isFinite else { return nil }
        return v
    }
}
