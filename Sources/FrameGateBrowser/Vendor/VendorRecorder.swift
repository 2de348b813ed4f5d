import Foundation
import FrameGateCore

/// `framegate vendor`'s side of the asset server: every http(s) request the page makes is downloaded
/// once by FrameGate (RemoteFetcher) and fulfilled into the page from those bytes, so the browser itself
/// follows what they name (CSS @import, font files, images a script adds late). Records every download
/// and the first failure.
public final class VendorRecorder: Sendable {
    private struct State: Sendable {
        var downloads: [String: RemoteDownload] = [:]
        var failure: VendorError?
    }

    private let fetcher: RemoteFetcher
    private let onDownload: @Sendable (RemoteDownload) -> Void
    private let state = Locked(State())

    public init(fetcher: RemoteFetcher, onDownload: @escaping @Sendable (RemoteDownload) -> Void = { _ in }) {
        self.fetcher = fetcher
        self.onDownload = onDownload
    }

    public var downloads: [String: RemoteDownload] { state.withLock { $0.downloads } }
    public var firstFailure: VendorError? { state.withLock { $0.failure } }

    /// Whether `url` is one FrameGate can vendor (http or https, any letter case).
    public static func isHTTP(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// Downloads `url` unless the page already asked for it: `<video>`/`<audio>` bytes, which FrameGate
    /// decodes itself and the page need never request. Throws the download's failure.
    public func require(_ url: String) throws {
        if answer(url, headers: [:]) == nil { throw firstFailure ?? VendorError.transport(url: url, reason: "no answer") }
    }

    /// The bytes for `url`, downloading them the first time (blocking: called on the asset server's queue).
    /// Nil after a failure, which `firstFailure` then names.
    func answer(_ url: String, headers: [String: String]) -> RemoteDownload? {
        if let known = state.withLock({ $0.downloads[url] }) { return known }
        do {
            let download = try fetcher.fetch(url, headers: headers)
            state.withLock { $0.downloads[url] = download }
            onDownload(download)
            return download
        } catch let error as VendorError {
            state.withLock { if $0.failure == nil { $0.failure = error } }
        } catch {
            state.withLock { if $0.failure == nil { $0.failure = .transport(url: url, reason: "\(error)") } }
        }
        return nil
    }
}
