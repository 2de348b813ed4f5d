import FrameGateBrowser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore
import FrameGateTestSupport

// MARK: - Compositions

/// The seam-stressing composition (160×90): a frame counter and Math.random particles redrawn per frame
/// through a window.__timelines entry, a CSS rotation spanning the whole composition (so it crosses every
/// seam), a continuous tone and a click at `clickAt` seconds.
@discardableResult
func seamProject(in scratch: Scratch, name: String = "seam", duration: Double = 2, clickAt: Double? = 0.5,
                 tone: Bool = true, extraBody: String = "") throws -> URL {
    var audio = ""
    if tone {
        try scratch.write(toneWAV(frequency: 220, amplitude: 0.25, channels: 2, seconds: duration), to: "\(name)/tone.wav")
        audio += "<audio id=\"tone\" src=\"tone.wav\" data-start=\"0\"></audio>"
    }
    if let clickAt {
        try scratch.write(clickWAV(), to: "\(name)/click.wav")
        audio += "<audio id=\"click\" src=\"click.wav\" data-start=\"\(clickAt)\"></audio>"
    }
    let html = """
    <!doctype html><html><head><meta charset="utf-8"><style>
      html, body { margin: 0; background: #000; }
      #root { position: relative; width: 160px; height: 90px; overflow: hidden; }
      canvas { position: absolute; left: 0; top: 0; }
      #count { position: absolute; left: 4px; top: 2px; font: 20px 'DejaVu Sans Mono', monospace; color: #0f0; }
      #wheel { position: absolute; left: 100px; top: 30px; width: 50px; height: 50px;
               background: conic-gradient(#e63946, #f1faee, #457b9d, #e63946); animation: spin \(duration)s linear both; }
      @keyframes spin { to { transform: rotate(360deg); } }
    </style></head><body>
    <div id="root" data-composition-id="seam" data-width="160" data-height="90" data-duration="\(duration)">
      <canvas id="c" width="160" height="90"></canvas>
      <div id="count">000</div>
      <div id="wheel"></div>
      \(audio)
      \(extraBody)
    </div>
    <script>
      var ctx = document.getElementById('c').getContext('2d');
      window.__timelines = window.__timelines || {};
      window.__timelines['seam'] = { totalTime: function (t) {
        ctx.fillStyle = '#05070d'; ctx.fillRect(0, 0, 160, 90);
        for (var i = 0; i < 30; i++) {
          var x = (Math.random() * 160 + t * 60) % 160, y = Math.random() * 90, r = 1 + Math.random() * 4;
          ctx.fillStyle = 'hsl(' + Math.floor(Math.random() * 360) + ', 90%, 60%)';
          ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.fill();
        }
        document.getElementById('count').textContent = ('000' + Math.round(t * 30)).slice(-3);
      } };
    </script></body></html>
    """
    try scratch.write(html, to: "\(name)/index.html")
    return scratch.file(name)
}

// MARK: - Worker processes

/// `framegate render-chunk` as its own OS process, exactly what a cluster worker runs.
func renderChunkProcess(planDir: URL, index: Int, output: URL, environment: [String: String] = [:]) async throws -> ProcessResult {
    try await runProcess(try framegateBinary(), ["render-chunk", "--plan-dir", planDir.path, "--chunk", String(index), "-o", output.path],
                         environment: environment)
}

// MARK: - A browser spy

/// A wrapper around the real chromium that logs each start (and the TZ/LANG/LC_ALL it was started with)
/// before exec'ing the browser, so a test sees structurally whether a browser session was ever started.
/// The first `failFirstLaunches` session launches (not `--version` queries) exit 1 instead; `failAlways`
/// makes every one fail.
final class BrowserSpy: Sendable {
    let executable: URL
    let log: URL
    private let scratch: Scratch

    init(failFirstLaunches: Int = 0, failAlways: Bool = false) throws {
        scratch = try Scratch()
        executable = scratch.file("chromium-spy")
        log = scratch.file("launches.log")
        var environment = ProcessInfo.processInfo.environment
        environment["FRAMEGATE_CHROME"] = nil
        let real = try BrowserOptions().resolveExecutable(environment: environment)
        let script = """
        #!/bin/sh
        case " $* " in
          *" --version "*) echo "version" >> '\(log.path)'; exec '\(real)' "$@" ;;
        esac
        echo "launch TZ=${TZ-<unset>} LANG=${LANG-<unset>} LC_ALL=${LC_ALL-<unset>}" >> '\(log.path)'
        \(failAlways ? "echo 'failed on purpose' >&2; exit 1" : "")
        n=0
        while [ $n -lt \(failFirstLaunches) ]; do
          if mkdir '\(scratch.url.path)/fail-'$n 2>/dev/null; then echo "failed on purpose" >&2; exit 1; fi
          n=$((n + 1))
        done
        exec '\(real)' "$@"
        """
        try Data(script.utf8).write(to: executable)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
    }

    var options: BrowserOptions { BrowserOptions(executable: executable.path) }
    var lines: [String] {
        (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }
    /// Browser sessions started (not counting `--version` queries).
    var launches: [String] { lines.filter { $0.hasPrefix("launch") } }
}

// MARK: - Media comparison

func decodeAudio(_ url: URL) throws -> AudioBuffer {
    try AudioDecoder.decode(url, sampleRate: 48_000, channels: 2, format: .float)
}

func fileDigest(_ url: URL) throws -> String {
    SHA256Digest.hex(of: try Data(contentsOf: url))
}

/// Hidden entries in `dir`: the work, staging and partial directories every step must clean up.
func leftovers(in dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".") }.sorted()
}

func plainRender(_ fps: Int = 30) -> RenderConfig { RenderConfig(fps: FrameRate(fps)) }
