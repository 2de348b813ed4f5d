import Foundation

/// DIR/changes.html: the change report for a reviewer. One self-contained page — inline CSS, no script,
/// nothing fetched; images are the PNGs beside it, referenced relatively, so the directory can be moved or
/// uploaded as a CI artifact as a whole. Every figure comes from `ChangeReport` (changes.json).
enum ChangeReportPage {
    static func html(_ report: ChangeReport) -> String {
        var body = "<h1>Baseline update</h1>\n"
        body += "<p class=\"totals\">\(report.changed) changed, \(report.new) new, \(report.unchanged) unchanged"
            + (report.failed > 0 ? ", <span class=\"bad\">\(report.failed) failed</span>" : "") + "</p>\n"
        let order: [FixtureChange.Status] = [.failed, .changed, .new, .unchanged]
        for status in order {
            let members = report.fixtures.filter { $0.status == status }
            guard !members.isEmpty else { continue }
            body += "<h2>\(status.rawValue) (\(members.count))</h2>\n"
            if status == .unchanged {
                body += "<ul class=\"plain\">" + members.map { change in
                    "<li>\(escape(change.fixture))" + (change.environmentAdded == true ? " <small>(environment.json added)</small>" : "") + "</li>"
                }.joined() + "</ul>\n"
                continue
            }
            for change in members { body += section(change) }
        }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>FrameGate baseline update</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2329; }
        h2 { margin-top: 32px; border-bottom: 1px solid #ccd; text-transform: capitalize; }
        section { margin: 16px 0 28px; }
        table.facts td { padding: 2px 12px 2px 0; vertical-align: top; }
        table.facts td:first-child { color: #5a6470; white-space: nowrap; }
        .frames { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
        figure { margin: 0; } figure img { max-width: 320px; border: 1px solid #ccd; display: block; }
        figcaption { font-size: 12px; color: #5a6470; }
        .bad { color: #b3261e; } .plain { columns: 3; }
        </style></head><body>
        \(body)</body></html>

        """
    }

    static func section(_ change: FixtureChange) -> String {
        var rows: [(String, String)] = []
        if let reason = change.reason { rows.append(("reason", escape(reason))) }
        if let count = change.framesChanged, let total = change.renderedFrames {
            let ranges = (change.changedRanges ?? []).prefix(12).map { $0.from == $0.to ? "\($0.from)" : "\($0.from)–\($0.to)" }
            rows.append(("frames changed", "\(count) of \(total)" + (ranges.isEmpty ? "" : ": " + ranges.joined(separator: ", "))
                + ((change.changedRanges?.count ?? 0) > 12 ? ", …" : "")))
        } else if let total = change.renderedFrames {
            rows.append(("frames", "\(total)"))
        }
        if let old = change.baselineDuration, let new = change.renderedDuration {
            rows.append(("duration", old == new ? seconds(new) : "\(seconds(old)) → \(seconds(new))"))
        }
        if change.worstPsnr != nil || change.worstTilePsnr != nil {
            rows.append(("worst PSNR", "\(db(change.worstPsnr)) (frame), \(db(change.worstTilePsnr)) (worst tile)"))
        }
        if let regions = change.regions, !regions.isEmpty {
            rows.append(("where", regions.prefix(8).map { escape($0.description) }.joined(separator: "<br>")))
        }
        if let audio = change.audio {
            var text: [String] = []
            if audio.baselineHasAudio != audio.renderedHasAudio {
                text.append(audio.renderedHasAudio ? "audio added" : "audio removed")
            } else if !audio.renderedHasAudio {
                text.append("no audio")
            } else {
                if let delta = audio.loudnessDelta { text.append(String(format: "loudness %+.2f LU", delta)) }
                if let correlation = audio.correlation { text.append(String(format: "correlation %.3f", correlation)) }
                if let offset = audio.offsetMs, offset != 0 { text.append(String(format: "offset %.1f ms", offset)) }
            }
            rows.append(("audio", text.joined(separator: ", ")))
        }
        if change.compiledHtmlChanged == true { rows.append(("compiled.html", "changed")) }
        if let fails = change.wouldFailCheck {
            rows.append(("old baseline", fails ? "<span class=\"bad\">would fail this render</span>: " + escape(change.checkReason ?? "")
                                                : "would still pass this render (within the fixture's thresholds)"))
        }
        let table = rows.map { "<tr><td>\($0.0)</td><td>\($0.1)</td></tr>" }.joined(separator: "\n")
        let figures = (change.images ?? []).map { image -> String in
            let caption = "frame \(image.frame)" + (image.tilePsnr.map { String(format: ", tile PSNR %.1f dB", $0) } ?? "")
            func figure(_ label: String, _ path: String?) -> String {
                guard let path else { return "" }
                return "<figure><img src=\"\(escape(path))\" alt=\"\(label) frame \(image.frame)\"><figcaption>\(label), \(caption)</figcaption></figure>"
            }
            return "<div class=\"frames\">" + figure("before", image.before) + figure("after", image.after)
                + figure("difference", image.difference) + "</div>"
        }.joined(separator: "\n")
        return "<section id=\"\(escape(change.fixture))\"><h3>\(escape(change.fixture))</h3>\n<table class=\"facts\">\n\(table)\n</table>\n\(figures)</section>\n"
    }

    static func db(_ value: Double?) -> String { value.map { String(format: "%.1f dB", $0) } ?? "identical" }
    static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
