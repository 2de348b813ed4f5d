import Foundation
import FrameGateCore

/// A font the browser used to draw text, as DevTools reports it (`CSS.getPlatformFontsForNode`).
public struct PlatformFontUsage: Codable, Sendable, Hashable {
    /// The family name of the platform font ("DejaVu Sans"), not the CSS family that asked for it.
    public var familyName: String
    /// The font's PostScript name ("DejaVuSans-Bold"); empty when the browser does not report it.
    public var postScriptName: String
    /// A web font the page loaded (from the project), not a file of the machine.
    public var isCustomFont: Bool

    public init(familyName: String, postScriptName: String, isCustomFont: Bool) {
        self.familyName = familyName; self.postScriptName = postScriptName; self.isCustomFont = isCustomFont
    }
}

extension CaptureSession {
    /// The fonts that draw the text of every element laid out now (text hidden at this time reports
    /// nothing: callers sample several times). Canvas text is not a DOM text node and is not reported.
    public func platformFontsInUse() async throws -> Set<PlatformFontUsage> {
        try throwIfFailed()
        try await call("DOM.enable")
        try await call("CSS.enable")
        let document = try await call("DOM.getDocument", ["depth": 0])
        guard let root = document["root"]?["nodeId"]?.intValue else {
            throw BrowserError.protocolError(method: "DOM.getDocument", message: "no root nodeId")
        }
        let query = try await call("DOM.querySelectorAll", ["nodeId": JSONValue(root), "selector": "*"])
        var fonts = Set<PlatformFontUsage>()
        for node in query["nodeIds"]?.arrayValue ?? [] {
            guard let id = node.intValue else { continue }
            let used = try await call("CSS.getPlatformFontsForNode", ["nodeId": JSONValue(id)])
            for font in used["fonts"]?.arrayValue ?? [] {
                guard let family = font["familyName"]?.stringValue else { continue }
                fonts.insert(PlatformFontUsage(familyName: family, postScriptName: font["postScriptName"]?.stringValue ?? "",
                                               isCustomFont: font["isCustomFont"]?.boolValue ?? false))
            }
        }
        return fonts
    }
}
