import FrameGateCore

/// Browser features a composition may ask for that FrameGate's browser cannot render. Each would fail
/// quietly in the page (a WebGPU page gets a null adapter and, as its authors are told to, returns early:
/// an empty canvas, exit 0); the page reports the request through a binding and the render fails instead.
enum UnsupportedFeatures {
    static let bindingName = "__framegateUnsupported"

    /// Installed before any page script (before runtime.js).
    static let script = """
    (() => {
      const report = (feature) => { try { \(bindingName)(feature); } catch (e) {} };
      if (window.GPU && GPU.prototype && typeof GPU.prototype.requestAdapter === "function") {
        const requestAdapter = GPU.prototype.requestAdapter;
        GPU.prototype.requestAdapter = function (...args) {
          return requestAdapter.apply(this, args).then((adapter) => {
            if (!adapter) report("webgpu");
            return adapter;
          });
        };
      }
    })();

    """

    /// The failure an event reports, or nil when it is not such a report.
    static func reported(method: String, params: JSONValue) -> BrowserError? {
        switch PageBindings.payload(of: bindingName, method: method, params: params) {
        case "webgpu": return .webGPUUnavailable
        default: return nil
        }
    }
}
