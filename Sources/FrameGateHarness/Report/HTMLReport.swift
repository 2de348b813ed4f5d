import Foundation

/// `index.html` of a report directory: one self-contained page (inline CSS, JS and SVG; no network, no
/// fonts, no external scripts) that opens from disk. Images are the report directory's own files,
/// referenced relatively. Failing fixtures come first (RunResults' order).
public enum HTMLReport {
    /// Where an `--update` run's change report sits inside the report directory.
    public static let changesFolder = "changes"

    public static func page(_ results: RunResults, changes: ChangeReport? = nil) -> String {
        let summaries = results.summaries
        let failed = summaries.map(\.failed).reduce(0, +)
        var html = ["<!doctype html>", #"<html lang="en"><head><meta charset="utf-8">"#,
                    #"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
                    "<title>FrameGate report: \(failed == 0 ? "passed" : "\(failed) failed")</title>",
                    "<style>\(css)</style></head><body>",
                    "<header><h1>FrameGate report</h1>"]
        for summary in summaries {
            html.append(#"<p class="totals \#(summary.failed > 0 ? "failed" : "passed")">"# + escape(summary.line) + "</p>")
        }
        let shards = results.runs.compactMap(\.shard)
        if !shards.isEmpty { html.append("<p>Shards: \(escape(shards.joined(separator: ", ")))</p>") }
        html.append("</header>")
        html.append(overview(results.outcomes))
        if let changes { html.append(changeSection(changes)) }
        html += results.outcomes.map(section)
        html.append(environment(results.runs))
        html.append("<script>\(script)</script></body></html>")
        return html.joined(separator: "\n") + "\n"
    }

    /// `--update`'s change report as a section: what each regeneration did, and a link to its before | after |
    /// difference images (the change report's own page, copied into `changes/`).
    static func changeSection(_ report: ChangeReport) -> String {
        var html = [#"<section id="baseline-changes"><h2>Baseline changes (--update)</h2>"#,
                    "<p>\(report.changed) changed, \(report.new) new, \(report.unchanged) unchanged, \(report.failed) failed — "
                    + #"<a href="\#(changesFolder)/\#(ChangeReportRecorder.htmlName)">before | after | difference of the most changed frames</a></p>"#,
                    #"<table class="overview"><thead><tr><th>Fixture</th><th>Change</th><th>What changed</th></tr></thead><tbody>"#]
        for change in report.fixtures {
            html.append("<tr><td>\(escape(change.fixture))</td><td>\(escape(change.status.rawValue))</td><td>\(escape(change.summary))</td></tr>")
        }
        html.append("</tbody></table></section>")
        return html.joined(separator: "\n")
    }

    static func anchor(_ record: OutcomeRecord) -> String { "fx-\(record.fixture)-\(record.mode.rawValue)" }

    static func worstPsnr(_ record: OutcomeRecord) -> String {
        guard let visual = record.details?.visual, visual.kind == "psnr" else { return "—" }
        return visual.lowestPsnr.map { String(format: "%.2f dB", $0) } ?? "identical"
    }

    static func overview(_ outcomes: [OutcomeRecord]) -> String {
        var rows = [#"<table class="overview"><thead><tr><th>Fixture</th><th>Mode</th><th>Status</th><th>Failed stages</th><th>Worst PSNR</th><th>Time</th></tr></thead><tbody>"#]
        for record in outcomes {
            let stages = Set(record.failures.map(\.stage.rawValue)).sorted().joined(separator: ", ")
            let status = record.status.rawValue
            rows.append("<tr class=\"\(status)\"><td><a href=\"#\(anchor(record))\">\(escape(record.fixture))</a></td>"
                + "<td>\(record.mode.rawValue)</td><td><span class=\"badge \(status)\">\(status)</span></td>"
                + "<td>\(escape(stages))</td><td>\(worstPsnr(record))</td><td>\(String(format: "%.1f s", record.seconds))</td></tr>")
        }
        rows.append("</tbody></table>")
        return rows.joined(separator: "\n")
    }

    static func section(_ record: OutcomeRecord) -> String {
        var html = [#"<section class="fixture \#(record.status.rawValue)" id="\#(anchor(record))">"#,
                    #"<h2>\#(escape(record.fixture)) <small>\#(record.mode.rawValue)</small> <span class="badge \#(record.status.rawValue)">\#(record.status.rawValue)</span></h2>"#]
        if let reason = record.skipped { html.append("<p>Skipped: \(escape(reason))</p>") }
        if !record.stages.isEmpty {
            html.append(#"<ul class="stages">"# + record.stages.map {
                #"<li class="\#($0.passed ? "passed" : "failed")">\#($0.stage.rawValue): \#($0.passed ? "passed" : "failed")</li>"#
            }.joined() + "</ul>")
        }
        let details = record.details
        var timing = [String(format: "total %.2f s", record.seconds)]
        if let render = details?.renderSeconds { timing.append(String(format: "render %.2f s", render)) }
        if let check = details?.checkSeconds { timing.append(String(format: "check %.2f s", check)) }
        html.append(#"<p class="timings">"# + timing.joined(separator: " · ") + "</p>")
        if !record.failures.isEmpty {
            html.append(#"<ul class="reasons">"# + record.failures.map { "<li><b>\($0.stage.rawValue)</b>: \(escape($0.reason))</li>" }.joined() + "</ul>")
        }
        if !record.warnings.isEmpty {
            html.append(#"<ul class="warnings">"# + record.warnings.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
        }
        if let visual = details?.visual { html.append(visualBlock(visual)) }
        if let images = details?.images, !images.isEmpty { html.append(imageBlock(images)) }
        if let audio = details?.audio { html.append(audioBlock(audio)) }
        html.append("</section>")
        return html.joined(separator: "\n")
    }

    static func visualBlock(_ visual: FrameSeries) -> String {
        var html = [#"<div class="visual"><h3>Visual</h3>"#]
        var figures = ["\(visual.framesCompared) frames compared", "\(visual.failing.count) failed"]
        if let threshold = visual.threshold { figures.append(String(format: "PSNR threshold %.1f dB", threshold)) }
        if let tile = visual.tileThreshold { figures.append(String(format: "tile threshold %.1f dB", tile)) }
        if visual.kind == "psnr" {
            figures.append("lowest PSNR " + (visual.lowestPsnr.map { String(format: "%.2f dB", $0) } ?? "∞ (identical)"))
            figures.append("lowest tile PSNR " + (visual.lowestTilePsnr.map { String(format: "%.2f dB", $0) } ?? "∞ (identical)"))
        }
        html.append(#"<p class="figures">"# + figures.joined(separator: " · ") + "</p>")
        if !visual.findings.isEmpty {
            html.append(#"<ul class="findings">"# + visual.findings.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
        }
        if visual.kind == "psnr" {
            html.append(#"<p class="legend"><span class="key psnr"></span>frame PSNR <span class="key tile"></span>worst-tile PSNR <span class="key threshold"></span>thresholds <span class="key failing"></span>failing frames</p>"#)
            html.append(ReportCharts.frames(visual))
        }
        if !visual.worstFrames.isEmpty {
            html.append("<p>Worst frames (lowest tile PSNR first): " + visual.worstFrames.map(String.init).joined(separator: ", ") + "</p>")
        }
        html.append("</div>")
        return html.joined(separator: "\n")
    }

    /// expected | actual | difference per frame, and a swipe (or the flip button) between expected and actual.
    static func imageBlock(_ images: [ImageSet]) -> String {
        var html = [#"<div class="images"><h3>Failed frames</h3>"#]
        for set in images {
            let diff = set.diff.map { #"<figure><img class="diff" src="\#(escape($0))" alt="difference, frame \#(set.frame)"><figcaption>difference</figcaption></figure>"# } ?? ""
            html.append("""
            <div class="frame" data-frame="\(set.frame)"><h4>Frame \(set.frame)</h4>
            <div class="triple"><figure><img class="expected" src="\(escape(set.expected))" alt="expected, frame \(set.frame)"><figcaption>expected</figcaption></figure><figure><img class="actual" src="\(escape(set.actual))" alt="actual, frame \(set.frame)"><figcaption>actual</figcaption></figure>\(diff)</div>
            <div class="swipe"><img class="under" src="\(escape(set.expected))" alt=""><img class="over" src="\(escape(set.actual))" alt=""></div>
            <label>expected ◀ <input type="range" min="0" max="100" value="50" aria-label="swipe between expected and actual"> ▶ actual</label> <button type="button" class="flip">flip</button>
            </div>
            """)
        }
        html.append("</div>")
        return html.joined(separator: "\n")
    }

    static func audioBlock(_ audio: AudioEnvelopes) -> String {
        var figures = [audio.passed ? "passed" : "failed"]
        if let correlation = audio.correlation { figures.append(String(format: "correlation %.4f", correlation)) }
        if let lag = audio.lagWindows { figures.append("lag \(lag) windows") }
        if let reason = audio.reason { figures.append(escape(reason)) }
        if audio.rendered.isEmpty { figures.append("the render has no audio") }
        if audio.baseline.isEmpty { figures.append("the baseline has no audio") }
        return [#"<div class="audio"><h3>Audio</h3>"#, #"<p class="figures">"# + figures.joined(separator: " · ") + "</p>",
                #"<p class="legend"><span class="key baseline"></span>baseline RMS <span class="key rendered"></span>rendered RMS (dBFS) <span class="key marked"></span>failing region</p>"#,
                ReportCharts.audio(audio), "</div>"].joined(separator: "\n")
    }

    static func environment(_ runs: [RunInfo]) -> String {
        var html = [#"<section class="environment"><h2>Environment</h2><table><thead><tr><th>Run</th><th>FrameGate</th><th>Chromium</th><th>libav</th><th>Platform</th></tr></thead><tbody>"#]
        for run in runs {
            let label = run.mode.rawValue + (run.shard.map { ", shard \($0)" } ?? "")
            let e = run.environment
            let cells = [e?.frameGate, e?.chromium, e?.libav, e?.platform].map { "<td>\(escape($0 ?? "not recorded"))</td>" }.joined()
            html.append("<tr><td>\(escape(label))</td>\(cells)</tr>")
        }
        html.append("</tbody></table></section>")
        return html.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static let css = """
    body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#1d2430;background:#fafbfc}
    h1{margin:0 0 4px}h2{border-top:1px solid #d0d7de;padding-top:12px}h2 small{color:#57606a;font-weight:normal}
    table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
    .badge{border-radius:8px;padding:0 8px;font-size:12px;color:#fff}.badge.failed{background:#cf222e}.badge.passed{background:#1a7f37}
    .badge.updated{background:#0969da}.badge.skipped{background:#6e7781}.totals.failed{color:#cf222e}.totals.passed{color:#1a7f37}
    tr.failed td{background:#ffebe9}.stages{list-style:none;padding:0;display:flex;gap:6px;flex-wrap:wrap}
    .stages li{border-radius:4px;padding:0 6px}.stages li.passed{background:#dafbe1}.stages li.failed{background:#ffcecb}
    .chart{width:100%;height:auto;background:#fff;border:1px solid #d0d7de}.grid{stroke:#eaeef2}.axis{font-size:11px;fill:#57606a;text-anchor:end}
    .axis.frame{text-anchor:middle}.series{fill:none;stroke-width:1.5}.series.psnr{stroke:#0969da}.series.tile{stroke:#bc4c00}
    .threshold{stroke-dasharray:6 4;stroke-width:1.2}.threshold.psnr{stroke:#0969da}.threshold.tile{stroke:#bc4c00}
    .failing,.marked{fill:#cf222e;opacity:.18}.series.baseline{stroke:#6e7781;stroke-width:3;opacity:.6}.series.rendered{stroke:#8250df}
    .key{display:inline-block;width:14px;height:4px;margin:0 4px 2px 10px}.key.psnr{background:#0969da}.key.tile{background:#bc4c00}
    .key.threshold{border-top:2px dashed #57606a;height:0}.key.failing,.key.marked{background:#cf222e;opacity:.4;height:10px}
    .key.baseline{background:#6e7781}.key.rendered{background:#8250df}
    .triple{display:flex;gap:8px;flex-wrap:wrap}figure{margin:0}figure img{max-width:340px;width:100%;border:1px solid #d0d7de;image-rendering:pixelated}
    figcaption{font-size:12px;color:#57606a}.swipe{position:relative;display:inline-block;width:480px;max-width:100%;margin-top:8px;line-height:0}
    .swipe img{width:100%;display:block;image-rendering:pixelated}.swipe .over{position:absolute;left:0;top:0}
    .frame{margin-bottom:16px}.environment td{font-size:12px}
    """

    /// The swipe: the actual image lies over the expected one, shown left of the slider's position; "flip"
    /// jumps between all-expected and all-actual.
    static let script = """
    document.querySelectorAll('.frame').forEach(function (frame) {
      var range = frame.querySelector('input[type=range]'), over = frame.querySelector('.swipe .over');
      if (!range || !over) return;
      function update() { over.style.clipPath = 'inset(0 ' + (100 - range.value) + '% 0 0)'; }
      range.addEventListener('input', update);
      frame.querySelector('.flip').addEventListener('click', function () {
        range.value = Number(range.value) > 50 ? 0 : 100; update();
      });
      update();
    });
    """
}
