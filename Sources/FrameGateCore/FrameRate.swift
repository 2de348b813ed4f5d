import Foundation

/// A frame rate as the rational num/den, so NTSC rates (30000/1001) stay exact. The one home of the
/// frame-count and frame-time rules: every layer asks this type, never re-derives them from a Double.
public struct FrameRate: Sendable, Hashable, Codable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// The largest rate FrameGate accepts (frames per second): beyond it frame times lose precision and
    /// nothing real is rendered that fast.
    public static let maximumValue = 240.0

    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(numerator > 0 && denominator > 0, "frame rate must be positive")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Parses "30", "30/1" or "30000/1001"; nil for anything else, zero, negative or above `maximumValue`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let num = Int(parts[0].trimmingCharacters(in: .whitespaces)), num > 0 else { return nil }
        var den = 1
        if parts.count == 2 {
            guard let d = Int(parts[1].trimmingCharacters(in: .whitespaces)), d > 0 else { return nil }
            den = d
        }
        guard Double(num) / Double(den) <= Self.maximumValue else { return nil }
        self.init(num, den)
    }

    public var value: Double { Double(numerator) / Double(denominator) }
    public var isIntegral: Bool { numerator % denominator == 0 }
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// Composition time of frame i: t = i·den/num.
    public func time(ofFrame index: Int) -> Double {
        Double(index) * Double(denominator) / Double(numerator)
    }

    /// DESIGN.md: round(d·fps) when within 1e-3 of an integer, else ceil(d·fps). Used for a composition's
    /// duration and for a stream's duration alike, so the harness and the renderer count the same frames.
    public func frameCount(forDuration duration: Double) -> Int {
        let exact = duration * value
        let rounded = exact.rounded()
        return abs(exact - rounded) <= 1e-3 ? Int(rounded) : Int(exact.rounded(.up))
    }

    /// The index of the frame on screen at time t (the last frame whose time is ≤ t), exact for times
    /// produced by `time(ofFrame:)` at this rate or any other.
    public func frameIndex(atTime time: Double) -> Int {
        Int((time * value + 1e-6).rounded(.down))
    }

    public func duration(ofFrames count: Int) -> Double { time(ofFrame: count) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self), integer > 0, Double(integer) <= Self.maximumValue {
            self.init(integer)
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = FrameRate(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "fps '\(text)' is not N or num/den (at most \(Int(Self.maximumValue)))")
        }
        self = parsed
    }
}
