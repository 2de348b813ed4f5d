import FrameGateCore

/// The channels through which the page reports to FrameGate (`Runtime.addBinding`): a blocked URL
/// (OfflineGuard), a feature the browser lacks (UnsupportedFeatures), a sub-composition script that threw
/// (ScriptBoundary), a stretched element (PageWarnings). Each reporter names its binding; this is where they
/// are installed and where an event is matched to one.
enum PageBindings {
    static let names = [OfflineGuard.bindingName, UnsupportedFeatures.bindingName, ScriptBoundary.bindingName, PageWarnings.bindingName]

    /// The protocol calls that install every binding on a page session.
    static var setupCalls: [(method: String, params: JSONValue)] {
        names.map { ("Runtime.addBinding", ["name": JSONValue($0)]) }
    }

    /// The payload a `Runtime.bindingCalled` event carries for binding `name`, or nil for any other event.
    static func payload(of name: String, method: String, params: JSONValue) -> String? {
        guard method == "Runtime.bindingCalled", params["name"]?.stringValue == name else { return nil }
        return params["payload"]?.stringValue ?? ""
    }
}
