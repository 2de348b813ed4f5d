import Foundation

/// A frame rate as the rational num/den, so NTSC rates (30000/1001) stay exact.
public struct FrameRate: Sendable, Hashable, Codable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(numerator > 0 && denominator > 0, "frame rate must be positive")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Parses "30", "30/1" or "30000/1001".
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let num = Int(parts[0].trimmingCharacters(in: .whitespaces)), num > 0 else { return nil }
        var den = 1
        if parts.count == 2 {
            guard let d = Int(parts[1].trimmingCharacters(in: .whitespaces)), d > 0 else { return nil }
            den = d
        }
        self.init(num, den)
    }

    public var value: Double { Double(numerator) / Double(denominator) }
    public var isIntegral: Bool { numerator % denominator == 0 }
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// Composition time of frame i: t = i·den/num.
    public func time(ofFrame index: Int) -> Double {
        Double(index) * Double(denominator) / Double(numerator)
    }

    /// DESIGN.md: round(d·fps) when within 1e-3 of an integer, else ceil(d·fps).
    public func frameCount(forDuration duration: Double) -> Int {
        let exact = duration * value
        let rounded = exact.rounded()
        return abs(exact - rounded) <= 1e-3 ? Int(rounded) : Int(exact.rounded(.up))
    }

    public func duration(ofFrames count: Int) -> Double { time(ofFrame: count) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self), integer > 0 {
            self.init(integer)
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = FrameRate(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "fps '\(text)' is not N or num/den")
        }
        self = parsed
    }
}

