import Foundation
import FrameGateCore

/// Names the URL when a composition tries a network channel the Fetch interception never sees.
/// The browser flags (BrowserOptions.offlineFlags) already stop every such connection; this only turns
/// the silent failure into NETWORK_ACCESS_BLOCKED: WebSocket / WebTransport / RTCPeerConnection
/// constructors report through a binding before they throw, and the browser's own log entries about a
/// refused file: URL report file:// requests.
enum OfflineGuard {
    static let bindingName = "__framegateNetworkBlocked"

    /// Installed before any page script (before runtime.js).
    static let script = """
    (() => {
      const report = (url) => { try { \(bindingName)(String(url)); } catch (e) {} };
      const refuse = (name, describe) => {
        const Native = window[name];
        if (typeof Native !== "function") return;
        const Blocked = function (...args) {
          report(describe(args));
          throw new DOMException("FrameGate renders offline: " + name + " is blocked", "SecurityError");
        };
        Blocked.prototype = Native.prototype;
        Object.defineProperty(window, name, { value: Blocked, configurable: false, writable: false });
      };
      refuse("WebSocket", (args) => args[0]);
      refuse("WebTransport", (args) => args[0]);
      const ice = (args) => {
        const servers = (args[0] && args[0].iceServers) || [];
        const urls = servers.flatMap((s) => [].concat((s && (s.urls || s.url)) || []));
        return urls.length ? urls.join(", ") : "RTCPeerConnection (WebRTC)";
      };
      refuse("RTCPeerConnection", ice);
      refuse("webkitRTCPeerConnection", ice);
    })();

    """

    /// The protocol call that installs the guard's console side on a page session (its binding: PageBindings).
    static var setupCalls: [(method: String, params: JSONValue)] { [("Log.enable", [:])] }

    /// The blocked URL an event reports, or nil when the event is not about the network.
    static func blockedURL(method: String, params: JSONValue) -> String? {
        switch method {
        case "Runtime.bindingCalled":
            return PageBindings.payload(of: bindingName, method: method, params: params).map { $0.isEmpty ? "?" : $0 }
        case "Log.entryAdded":
            // "Not allowed to load local resource: file:///…", "Fetch API cannot load file:///…": the URL is
            // in the text (the entry's own `url` is the page that asked).
            guard let text = params["entry"]?["text"]?.stringValue, let start = text.range(of: "file:") else { return nil }
            let url = text[start.lowerBound...].prefix { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
            return String(url.hasSuffix(".") ? url.dropLast() : url)
        default:
            return nil
        }
    }
}
