import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FrameGateCore

/// `--mirror ORIGIN=BASEURL`: download `ORIGIN/…` from `BASEURL/…` (a corporate mirror or artifact
/// proxy). Only where the bytes come from changes; the lock keeps the original URL.
public struct VendorMirror: Sendable, Equatable {
    public var origin: String
    public var base: String

    public init(parsing text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, Self.isHTTP(parts[0]), Self.isHTTP(parts[1]) else { throw VendorError.invalidMirror(text) }
        origin = Self.trimSlash(parts[0])
        base = Self.trimSlash(parts[1])
    }

    func rewrite(_ url: String) -> String? {
        guard url.hasPrefix(origin + "/") || url == origin else { return nil }
        return base + url.dropFirst(origin.count)
    }

    /// A URL under the mirror named by its original origin again (a redirect the mirror answered).
    func restore(_ url: String) -> String? {
        guard url.hasPrefix(base + "/") || url == base else { return nil }
        return origin + url.dropFirst(base.count)
    }

    static func isHTTP(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && URL(string: text)?.host != nil
    }

    private static func trimSlash(_ text: String) -> String {
        text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

/// One remote file as downloaded.
public struct RemoteDownload: Sendable, Equatable {
    public var url: String
    public var data: Data
    public var contentType: String
    /// Where the bytes finally came from when the server redirected (nil when they came from the URL itself
    /// or its mirror).
    public var redirectedTo: String?
}

/// FrameGate's own HTTP client for `framegate vendor` (URLSession): follows redirects, refuses 4xx/5xx,
/// gives up after `timeout` seconds. Blocking; callers run it off the cooperative pool.
public struct RemoteFetcher: Sendable {
    public var timeout: Double
    public var mirrors: [VendorMirror]

    public init(timeout: Double = 30, mirrors: [VendorMirror] = []) {
        self.timeout = timeout
        self.mirrors = mirrors
    }

    /// The URL the bytes of `url` are fetched from (its mirror, if one matches).
    public func source(for url: String) -> String {
        mirrors.lazy.compactMap { $0.rewrite(url) }.first ?? url
    }

    /// Downloads `url`, sending `headers` (the page's User-Agent and Accept: font CSS services answer by them).
    public func fetch(_ url: String, headers: [String: String] = [:]) throws -> RemoteDownload {
        let from = source(for: url)
        guard let requestURL = URL(string: from) else { throw VendorError.transport(url: url, reason: "not a valid URL") }
        var request = URLRequest(url: requestURL, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData, timeoutInterval: timeout)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        let result = Locked<(Data?, URLResponse?, Error?)?>(nil)
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            result.withLock { $0 = (data, response, error) }
            done.signal()
        }.resume()
        // URLSession's own timers end the task; the extra second only guards against one that never fires.
        if done.wait(timeout: .now() + timeout + 1) == .timedOut { throw VendorError.timeout(url: url, seconds: timeout) }
        let (data, response, error) = result.withLock { $0 } ?? (nil, nil, nil)
        if let error {
            if (error as? URLError)?.code == .timedOut { throw VendorError.timeout(url: url, seconds: timeout) }
            throw VendorError.transport(url: url, reason: error.localizedDescription)
        }
        guard let http = response as? HTTPURLResponse else { throw VendorError.transport(url: url, reason: "no HTTP response") }
        guard (200..<300).contains(http.statusCode) else { throw VendorError.httpStatus(url: url, status: http.statusCode, fetchedFrom: from) }
        let final = http.url?.absoluteString ?? from
        let type = http.value(forHTTPHeaderField: "Content-Type") ?? AssetResolver.mimeType(forPath: requestURL.path)
        // The lock never names the mirror: a redirect inside it is recorded under the original origin.
        let hop = final == from ? nil : (mirrors.lazy.compactMap { $0.restore(final) }.first ?? final)
        return RemoteDownload(url: url, data: data ?? Data(), contentType: type, redirectedTo: hop)
    }
}
