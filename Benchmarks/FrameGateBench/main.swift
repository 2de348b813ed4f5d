import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

// framegate-bench: the measurements ci/bench cannot get from the `framegate` CLI.
//
//   framegate-bench floor   <project-dir> [--count N]   bare capture loop frames/s (JSON line on stdout)
//   framegate-bench seekcapture <project-dir> [--count N] seek + screenshot per frame, frames/s
//   framegate-bench profile <project-dir> [--count N]   per-stage milliseconds per frame, run serially
//
// The floor is the definition (always, whatever FRAMEGATE_CAPTURE says): plain Page.captureScreenshot (PNG, optimizeForSpeed) on the
// compiled page in the same browser build, after it has loaded and settled at t = 0; no seek, no
// decode, no encode. The loop itself is here, over CaptureSession's public API.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("framegate-bench: \(message)\n".utf8))
    exit(2)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

struct Arguments {
    var mode: String
    var project: URL
    var count = 60
    init(_ argv: [String]) {
        guard argv.count >= 3 else { fail("usage: framegate-bench floor|seekcapture|profile <project-dir> [--count N]") }
        mode = argv[1]
        project = URL(fileURLWithPath: argv[2])
        var rest = argv.dropFirst(3).makeIterator()
        while let flag = rest.next() {
            guard flag == "--count", let value = rest.next(), let n = Int(value), n > 0 else { fail("unknown argument \(flag)") }
            count = n
        }
    }
}

/// Opens the compiled composition exactly as a 1-worker render does (`capture` nil: the render's method,
/// FRAMEGATE_CAPTURE or the platform default).
func openSession(_ project: URL, capture: CaptureMethod? = nil) async throws -> (Browser, CaptureSession, CompiledComposition) {
    let renderer = Renderer(config: RenderConfig())
    let composition = try renderer.compile(projectDir: project)
    // FRAMEGATE_BENCH_CHROME_ARGS: extra browser flags, for experiments only (space-separated).
    let extra = ProcessInfo.processInfo.environment["FRAMEGATE_BENCH_CHROME_ARGS"].map { $0.split(separator: " ").map(String.init) } ?? []
    let browser = try await Browser.launch(BrowserOptions(extraArguments: extra, capture: capture))
    let session = try await CaptureSession.open(
        browser: browser,
        project: ProjectSource(root: project, entryPath: "index.html", entryHTML: composition.html),
        options: CaptureOptions(width: composition.width, height: composition.height))
    return (browser, session, composition)
}

func floor(_ args: Arguments) async throws {
    // The floor is Page.captureScreenshot by definition, whichever method renders use.
    let (browser, session, composition) = try await openSession(args.project, capture: .screenshot)
    _ = try await session.bareCaptureLoop(count: 5) // warm-up: first screenshots allocate surfaces
    var loop = 0.0
    do {
        // The bare loop: N sequential Page.captureScreenshot calls, timed as a whole.
        let start = now()
        for _ in 0..<args.count { _ = try await session.screenshot() }
        loop = now() - start
    }
    await session.close()
    await browser.close()
    let fps = Double(args.count) / loop
    print("{\"bench\":\"floor\",\"width\":\(composition.width),\"height\":\(composition.height),\"frames\":\(args.count),\"seconds\":\(loop),\"fps\":\(fps)}")
}

/// The browser's own ceiling for a page that changes every frame: seek + screenshot per frame, with
/// nothing decoded or encoded. render/seekcapture isolates what FrameGate's pipeline costs on top.
func seekCapture(_ args: Arguments) async throws {
    let (browser, session, composition) = try await openSession(args.project)
    let rate = FrameRate(30)
    for i in 0..<5 { try await session.seek(to: rate.time(ofFrame: i)); _ = try await session.screenshot() }
    let start = now()
    for i in 0..<args.count {
        try await session.seek(to: rate.time(ofFrame: i))
        _ = try await session.screenshot()
    }
    let seconds = now() - start
    await session.close()
    await browser.close()
    print("{\"bench\":\"seekcapture\",\"width\":\(composition.width),\"height\":\(composition.height),\"frames\":\(args.count),\"seconds\":\(seconds),\"fps\":\(Double(args.count) / seconds)}")
}

/// Each stage of the render's per-frame work, timed alone (no overlap), so the sum shows where a
/// frame's time goes; the real pipeline overlaps decode+digest+encode with the next seek+screenshot.
func profile(_ args: Arguments) async throws {
    let (browser, session, composition) = try await openSession(args.project)
    let fps = FrameRate(30)
    let settings = Renderer(config: RenderConfig()).encoderSettings(codec: .h264, gop: args.count,
                                                                     width: composition.width, height: composition.height)
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("framegate-bench-\(UUID().uuidString).mp4")
    defer { try? FileManager.default.removeItem(at: out) }
    let writer = try MediaWriter(url: out, container: .mp4, video: settings, audio: nil)
    let decoder = try PNGDecoder()
    var totals: [String: Double] = [:]
    func add(_ key: String, _ seconds: Double) { totals[key, default: 0] += seconds }
    var pngBytes = 0
    for i in 0..<args.count {
        var t = now()
        try await session.seek(to: fps.time(ofFrame: i)); add("seek", now() - t); t = now()
        let encoded = try await session.screenshot(); add("screenshot", now() - t); t = now()
        guard let png = Data(base64Encoded: encoded) else { fail("frame \(i): invalid base64") }
        add("base64", now() - t); t = now()
        pngBytes += png.count
        let image = try decoder.decode(png); add("pngDecode", now() - t); t = now()
        _ = image.digest; add("sha256", now() - t); t = now()
        try writer.appendVideo(image); add("encode", now() - t)
    }
    do { let t = now(); try writer.finish(); add("encodeFlush", now() - t) }
    await session.close()
    await browser.close()
    let perFrame = totals.mapValues { $0 * 1000 / Double(args.count) }
    let keys = ["seek", "screenshot", "base64", "pngDecode", "sha256", "encode", "encodeFlush"]
    let fields = keys.map { String(format: "\"%@\":%.2f", $0, perFrame[$0] ?? 0) }.joined(separator: ",")
    print("{\"bench\":\"profile\",\"width\":\(composition.width),\"height\":\(composition.height),\"frames\":\(args.count),\"pngKiB\":\(pngBytes / args.count / 1024),\"msPerFrame\":{\(fields)}}")
}

let args = Arguments(CommandLine.arguments)
do {
    switch args.mode {
    case "floor": try await floor(args)
    case "profile": try await profile(args)
    case "seekcapture": try await seekCapture(args)
    default: fail("unknown mode \(args.mode); use floor, seekcapture or profile")
    }
} catch {
    fail("\(error)")
}
