import FrameGateBrowser
import Foundation
import FrameGateCore

/// What a page sees besides its files and the clock: time zone, locale, and whether a render that starts
/// past frame 0 replays the frames before it. One value travels from the CLI / meta.json through the render
/// config (or the plan's lock) to every browser, so in-process workers and chunks see the same on any host.
public struct PageEnvironment: Sendable, Codable, Equatable {
    /// IANA time zone id ("UTC", "Europe/Berlin").
    public var timezone: String
    /// BCP 47 locale ("en-US", "de-DE").
    public var locale: String
    public var preRoll: PreRoll

    public init(timezone: String = CaptureOptions.defaultTimezone, locale: String = CaptureOptions.defaultLocale,
                preRoll: PreRoll = .automatic) {
        self.timezone = timezone
        self.locale = locale
        self.preRoll = preRoll
    }

    /// Refuses a time zone or locale before a browser starts (the browser would refuse it at load).
    public func validate() throws {
        if TimeZone(identifier: timezone) == nil {
            throw RenderError.invalidConfig("time zone \"\(timezone)\" is not an IANA time zone id; use e.g. UTC, Europe/Berlin, America/New_York")
        }
        let pattern = #"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#
        if locale.range(of: pattern, options: .regularExpression) == nil {
            throw RenderError.invalidConfig("locale \"\(locale)\" is not a BCP 47 language tag; use e.g. en-US, de-DE, ja-JP")
        }
    }
}
