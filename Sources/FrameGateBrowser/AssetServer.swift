import Foundation
import FrameGateCore

/// Answers the page's paused requests (Fetch domain, request stage) from the project directory.
/// Runs on its own serial queue: file reads never stall the protocol reader or the capture loop.
final class AssetServer: Sendable {
    private let resolver: AssetResolver
    private let entryHTML: String?
    private let recorder: VendorRecorder?
    private let connection: CDPConnection
    private let sessionId: String
    private let events: SessionEvents
    private let queue = DispatchQueue(label: "framegate.assets")

    init(project: ProjectSource, connection: CDPConnection, sessionId: String, events: SessionEvents) {
        resolver = AssetResolver(project: project)
        entryHTML = project.entryHTML
        recorder = project.recorder
        self.connection = connection
        self.sessionId = sessionId
        self.events = events
    }

    func handlePaused(_ params: JSONValue) {
        guard let requestId = params["requestId"]?.stringValue, let url = params["request"]?["url"]?.stringValue else { return }
        // What a font CSS service answers depends on who asks: `vendor` downloads as the browser would.
        var headers: [String: String] = [:]
        if case let .object(sent)? = params["request"]?["headers"] {
            for (name, value) in sent where ["user-agent", "accept"].contains(name.lowercased()) { headers[name] = value.stringValue }
        }
        queue.async { [self, headers] in answer(requestId: requestId, url: url, headers: headers) }
    }

    private func answer(requestId: String, url: String, headers: [String: String]) {
        let decision = resolver.decide(url)
        events.record(PageRequest(url: url, outcome: PageRequest.Outcome(decision)))
        switch decision {
        case .passThrough:
            connection.post("Fetch.continueRequest", ["requestId": JSONValue(requestId)], session: sessionId)
        case let .blocked(url):
            if let recorder, VendorRecorder.isHTTP(url) {
                if let download = recorder.answer(url, headers: headers) {
                    fulfil(requestId, status: 200, mimeType: download.contentType, body: download.data)
                } else {
                    connection.post("Fetch.failRequest", ["requestId": JSONValue(requestId), "errorReason": "Failed"], session: sessionId)
                }
                return
            }
            events.record(VendorRecorder.isHTTP(url) ? .remoteNotLocked(url: url, project: resolver.rootPath) : .networkAccessBlocked(url: url))
            connection.post("Fetch.failRequest", ["requestId": JSONValue(requestId), "errorReason": "BlockedByClient"], session: sessionId)
        case let .locked(file, mimeType):
            // Verified against the lock when the render loaded it (VendoredAssets.load), not per request.
            if let body = FileManager.default.contents(atPath: file.path) {
                fulfil(requestId, status: 200, mimeType: mimeType, body: body)
            } else {
                events.record(.assetNotFound(path: url, reason: "is locked but its vendored file \(file.path) vanished during the render"))
                connection.post("Fetch.failRequest", ["requestId": JSONValue(requestId), "errorReason": "Failed"], session: sessionId)
            }
        case let .outsideProject(path, resolved):
            events.record(.assetOutsideProject(path: path, resolved: resolved))
            connection.post("Fetch.failRequest", ["requestId": JSONValue(requestId), "errorReason": "AccessDenied"], session: sessionId)
        case let .notFound(path, isEntry):
            if isEntry {
                events.record(.compositionNotFound(detail: "the entry file \(path) does not exist in the project directory \(resolver.rootPath)"))
            } else if path != "/favicon.ico" {
                // A broken image would render silently; a missing asset is an error in every mode.
                events.record(.assetNotFound(path: path, reason: "does not exist in the project directory \(resolver.rootPath)"))
            }
            fulfil(requestId, status: 404, mimeType: "text/plain; charset=utf-8", body: Data("not found: \(path)".utf8))
        case let .excluded(path, entry):
            events.record(.assetNotFound(path: path, reason: "is under \(entry)/, which no project snapshot carries (plans drop \(ProjectSource.excludedTopLevelEntries.sorted().joined(separator: ", "))), so a distributed render could not show it"))
            fulfil(requestId, status: 404, mimeType: "text/plain; charset=utf-8", body: Data("not in the project snapshot: \(path)".utf8))
        case .entryOverride:
            fulfil(requestId, status: 200, mimeType: "text/html; charset=utf-8", body: Data((entryHTML ?? "").utf8))
        case let .file(path, mimeType, _):
            if let body = FileManager.default.contents(atPath: path) {
                fulfil(requestId, status: 200, mimeType: mimeType, body: body)
            } else {
                fulfil(requestId, status: 404, mimeType: "text/plain; charset=utf-8", body: Data("unreadable: \(path)".utf8))
            }
        }
    }

    private func fulfil(_ requestId: String, status: Int, mimeType: String, body: Data) {
        connection.post("Fetch.fulfillRequest", [
            "requestId": JSONValue(requestId),
            "responseCode": JSONValue(status),
            "responseHeaders": [
                ["name": "Content-Type", "value": JSONValue(mimeType)],
                ["name": "Content-Length", "value": JSONValue(String(body.count))],
                ["name": "Access-Control-Allow-Origin", "value": "*"],
                ["name": "Cache-Control", "value": "no-store"],
            ],
            "body": JSONValue(body.base64EncodedString()),
        ], session: sessionId)
    }
}
