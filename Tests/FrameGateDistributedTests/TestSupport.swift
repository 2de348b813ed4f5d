import FrameGateBrowser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateCore

/// A scratch directory removed when the test ends.
final class Scratch: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fg-dist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    @discardableResult
    func write(_ text: String, to path: String) throws -> URL {
        try write(Data(text.utf8), to: path)
    }

    @discardableResult
    func write(_ data: Data, to path: String) throws -> URL {
        let target = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        return target
    }
}

// MARK: - Compositions

/// A 16-bit PCM WAV, 48 kHz, from interleaved float samples.
func wav(_ samples: [Float], channels: Int = 2, sampleRate: Int = 48_000) -> Data {
    var data = Data()
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    let bytes = UInt32(samples.count * 2)
    data.append(contentsOf: Array("RIFF".utf8)); u32(36 + bytes); data.append(contentsOf: Array("WAVE".utf8))
    data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(UInt16(channels)); u32(UInt32(sampleRate))
    u32(UInt32(sampleRate * channels * 2)); u16(UInt16(channels * 2)); u16(16)
    data.append(contentsOf: Array("data".utf8)); u32(bytes)
    for sample in samples {
        let clamped = max(-1, min(1, sample))
        withUnsafeBytes(of: Int16((clamped * 32767).rounded()).littleEndian) { data.append(contentsOf: $0) }
    }
    return data
}

/// A steady 220 Hz tone (amplitude 0.25): a gap anywhere in the track shows as a silent window.
func toneWAV(seconds: Double) -> Data {
    let count = Int(seconds * 48_000)
    return wav((0..<count).flatMap { i -> [Float] in
        let s = Float(0.25 * sin(2 * Double.pi * 220 * Double(i) / 48_000))
        return [s, s]
    })
}

/// A click: 2 ms of full-scale square wave from its very first sample, then 50 ms of silence.
func clickWAV() -> Data {
    wav((0..<2_496).flatMap { i -> [Float] in
        let s: Float = i < 96 ? (i % 8 < 4 ? 0.95 : -0.95) : 0
        return [s, s]
    })
}

/// The seam-stressing composition (160×90): a frame counter and Math.random particles redrawn per frame
/// through a window.__timelines entry, a CSS rotation spanning the whole composition (so it crosses every
/// seam), a continuous tone and a click at `clickAt` seconds.
@discardableResult
func seamProject(in scratch: Scratch, name: String = "seam", duration: Double = 2, clickAt: Double? = 0.5,
                 tone: Bool = true, extraBody: String = "") throws -> URL {
    var audio = ""
    if tone {
        try scratch.write(toneWAV(seconds: duration), to: "\(name)/tone.wav")
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

// MARK: - The framegate executable and processes

/// The built `framegate` next to the test bundle. The test target does not depend on the executable,
/// so `swift build` (which ci/test runs first) must have built it.
func framegateBinary(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    var candidates: [URL] = []
    if let executable = Bundle.main.executableURL {
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<3 {
            candidates.append(dir.appendingPathComponent("framegate"))
            dir = dir.deletingLastPathComponent()
        }
    }
    let packageRoot = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/framegate"))
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
    let message = "the framegate executable was not found (looked at \(candidates.map(\.path).joined(separator: ", "))); run `swift build` before `swift test`"
    XCTFail(message, file: file, line: line)
    throw NSError(domain: "FrameGateDistributedTests", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a process to completion, draining both pipes; `environment` entries are added to this process's.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            do {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                let output = Pipe(), errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                try process.run()
                final class Box: @unchecked Sendable { var data = Data() }
                let errorBox = Box()
                let group = DispatchGroup()
                group.enter()
                DispatchQueue.global().async {
                    errorBox.data = errors.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: ProcessResult(status: process.terminationStatus,
                                                             stdout: String(decoding: data, as: UTF8.self),
                                                             stderr: String(decoding: errorBox.data, as: UTF8.self)))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}

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

// MARK: - Errors

/// Runs `body`, which must throw a CodedError with `code`; returns it.
@discardableResult
func expectCode<T>(_ code: ErrorCode, file: StaticString = #filePath, line: UInt = #line,
                   _ body: () async throws -> T) async -> CodedError? {
    do {
        _ = try await body()
        XCTFail("expected error[\(code.rawValue)], but it succeeded", file: file, line: line)
    } catch let error as CodedError {
        XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected error[\(code.rawValue)], got \(error)", file: file, line: line)
    }
    return nil
}

// MARK: - Media comparison

/// Per-frame PSNR in yuv420p (sample-weighted MSE over Y, U and V together); .infinity for identical frames.
func framePSNRs(_ a: URL, _ b: URL) throws -> [Double] {
    let left = try VideoDecoder(url: a, format: .yuv420p)
    let right = try VideoDecoder(url: b, format: .yuv420p)
    var values: [Double] = []
    while true {
        let x = try left.nextFrame(), y = try right.nextFrame()
        guard let x, let y else {
            if x != nil || y != nil {
                throw NSError(domain: "psnr", code: 1, userInfo: [NSLocalizedDescriptionKey: "frame counts differ after \(values.count) frames"])
            }
            return values
        }
        var squared = 0.0, count = 0
        for (p, q) in zip(x.planes, y.planes) {
            XCTAssertEqual(p.count, q.count)
            for i in 0..<min(p.count, q.count) {
                let d = Double(Int(p[i]) - Int(q[i]))
                squared += d * d
            }
            count += p.count
        }
        let mse = squared / Double(max(1, count))
        values.append(mse == 0 ? .infinity : 10 * log10(255 * 255 / mse))
    }
}

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
