import Foundation
import FrameGateCore

/// Things a page does that render, but not as its author meant, and that no error reports. Each is a
/// warning every render prints (stderr, the JSON `warning` event), never silence; the render goes on.
///
/// Today one: html-in-canvas's `drawElementImage(element, x, y, width, height)` with a size other than the
/// element's own layout box, which stretches it. HyperFrames' page-side shader transitions clone each scene
/// into a `<canvas layoutsubtree>` and draw it at the composition's size; a scene sized only by
/// `position: absolute; inset: 0` loses that size in the canvas (in this Chromium it shrinks to its content)
/// and is drawn enlarged. HyperFrames' shader-transitions library pins its clones' size since July 2026;
/// compositions that carry an older build of it do not.
enum PageWarnings {
    static let bindingName = "__framegatePageWarning"

    /// Installed before any page script (before runtime.js). One report per element and drawn size.
    static let script = """
    (() => {
      const report = (code, message) => { try { \(bindingName)(JSON.stringify({ code, message })); } catch (e) {} };
      const context = window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype;
      if (!context || typeof context.drawElementImage !== "function") return;
      const drawElementImage = context.drawElementImage;
      const reported = new Set();
      const name = (el) => "<" + el.tagName.toLowerCase() + (el.id ? ' id="' + el.id + '"' : "") +
        (!el.id && el.classList && el.classList.length ? ' class="' + el.className + '"' : "") + ">";
      context.drawElementImage = function (element, ...rest) {
        if (rest.length === 4 && element instanceof HTMLElement) {
          const width = Number(rest[2]), height = Number(rest[3]);
          const laidOut = [element.offsetWidth, element.offsetHeight];
          if (Math.abs(laidOut[0] - width) > 1 || Math.abs(laidOut[1] - height) > 1) {
            const key = name(element) + " " + width + "x" + height;
            if (!reported.has(key)) {
              reported.add(key);
              report("ELEMENT_DRAWN_SCALED", "the page drew " + name(element) + ", laid out at " + laidOut[0] + "×" +
                laidOut[1] + " px, into " + width + "×" + height + " px with drawElementImage, so it is stretched; " +
                "a clone inside a <canvas layoutsubtree> sized only by inset or percentages loses its size there: give it " +
                "an explicit width and height (HyperFrames' shader-transitions library pins its clones since July 2026; " +
                "update a vendored copy)");
            }
          }
        }
        return drawElementImage.call(this, element, ...rest);
      };
    })();

    """

    /// The warning line an event reports, or nil when it is not such a report.
    static func warning(method: String, params: JSONValue) -> String? {
        guard let payload = PageBindings.payload(of: bindingName, method: method, params: params),
              let report = JSONValue.parse(payload),
              let code = report["code"]?.stringValue.flatMap(ErrorCode.init(rawValue:)),
              let message = report["message"]?.stringValue else { return nil }
        return "warning[\(code.rawValue)]: \(message)"
    }
}
