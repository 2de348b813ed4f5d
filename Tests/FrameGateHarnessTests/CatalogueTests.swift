import Foundation
import FrameGateCore
import XCTest
import FrameGateTestSupport

/// Issue 14's catalogue: bad inputs and faults through the real CLI, one table. Every row checks its exit
/// status and code, and that nothing escaped: no browser or worker left, no temp dir, no partial file,
/// every pre-existing file unchanged (CatalogueRunner). Success rows are the controls beside the refusals.
final class CatalogueTests: XCTestCase {
    func testCatalogue() throws {
        let executable = try framegateBinary().path
        let scratch = try Scratch()
        let w = scratch.url.appendingPathComponent("w")
        try CatalogueWorkspace.build(w, executable: executable)
        let runner = CatalogueRunner(workspace: w, scratch: scratch.url, executable: executable)
        let rows = try Self.rows(w)
        defer { _ = try? runProcess("/bin/umount", [w.appendingPathComponent("disk").path]) }
        XCTAssertGreaterThanOrEqual(rows.count, 80)
        XCTAssertEqual(Set(rows.map(\.name)).count, rows.count, "row names are unique")

        let started = Date()
        var failed = 0
        for row in rows {
            let (problems, seconds) = try runner.run(row)
            if !problems.isEmpty {
                failed += 1
                XCTFail("row \(row.name): \(problems.joined(separator: "; "))")
            }
            if seconds > 20 { print("catalogue: row \(row.name) took \(String(format: "%.1f", seconds)) s") }
        }
        print(String(format: "catalogue: %d rows, %d failed, %.1f s", rows.count, failed, Date().timeIntervalSince(started)))
    }

    // MARK: - The table

    static func rows(_ w: URL) throws -> [CatalogueRow] {
        let usage: Int32 = 2, failure: Int32 = 3
        let refused = "OUTPUT_PATH_REFUSED", invalid = "INVALID_ARGUMENT"
        func render(_ project: String, _ extra: [String]) -> [String] { ["render", "@W/\(project)"] + extra }
        func bad(_ name: String, _ code: String, status: Int32 = 3, mentions: String? = nil) -> CatalogueRow {
            CatalogueRow(name: "composition-\(name)", arguments: render("bad/\(name)", ["-o", "@W/out/bad-\(name).mp4", "--quality", "draft"]),
                         status: status, code: code, check: mentions.map { text in { $0.stderr.contains(text) ? nil : "message does not mention \(text)" } })
        }
        func mentions(_ text: String) -> (CatalogueResult) -> String? { { $0.stderr.contains(text) ? nil : "message does not mention \(text)" } }
        func unchanged(_ path: String) -> (CatalogueResult) -> String? {
            { FileManager.default.fileExists(atPath: $0.workspace.appendingPathComponent(path).path) ? nil : "\(path) is gone" }
        }
        let chunks = ["@W/chunks/c0.mp4", "@W/chunks/c1.mp4"]
        func assemble(_ output: String, _ chunkFiles: [String], plan: String = "plan") -> [String] {
            ["assemble", "--plan-dir", "@W/\(plan)", "-o", output] + chunkFiles
        }
        let dead = try CatalogueWorkspace.deadPID()
        let live = getpid()

        var rows: [CatalogueRow] = [
            // Output paths: never the project, never around it, never a directory of the user's.
            .init(name: "render-o-project", arguments: render("proj", ["-o", "@W/proj"]), status: usage, code: refused, check: mentions("project")),
            .init(name: "render-o-project-entry", arguments: render("proj", ["-o", "@W/proj/index.html"]), status: usage, code: refused),
            .init(name: "render-o-inside-project", arguments: render("proj", ["-o", "@W/proj/renders/out.mp4"]), status: usage, code: refused),
            .init(name: "render-o-contains-project", arguments: render("proj", ["-o", "@W"]), status: usage, code: refused),
            .init(name: "render-o-dotted-project", arguments: render("proj", ["-o", "@W/out/../proj"]), status: usage, code: refused),
            .init(name: "render-o-link-to-project", arguments: render("proj", ["-o", "@W/link-to-proj"]), status: usage, code: refused),
            .init(name: "render-project-via-link-o-inside", arguments: render("link-to-proj", ["-o", "@W/proj/x.mp4"]), status: usage, code: refused),
            .init(name: "render-o-user-dir-mp4", arguments: render("proj", ["-o", "@W/user"]), status: usage, code: refused),
            .init(name: "render-o-user-dir-mp4-named", arguments: render("proj", ["-o", "@W/user.mp4/../user"]), status: usage, code: refused),
            .init(name: "render-o-user-dir-png", arguments: render("proj", ["-o", "@W/user", "--format", "png-sequence"]), status: usage, code: refused),
            .init(name: "render-o-user-file-png", arguments: render("proj", ["-o", "@W/userfile.txt", "--format", "png-sequence"]), status: usage, code: refused),
            .init(name: "render-o-user-file-other-kind", arguments: render("proj", ["-o", "@W/userfile.txt"]), status: usage, code: refused),
            .init(name: "render-o-webm-name-mp4-format", arguments: render("proj", ["-o", "@W/out/x.webm", "--format", "mp4"]), status: usage, code: refused),
            .init(name: "render-o-under-a-file", arguments: render("proj", ["-o", "@W/userfile.txt/out.mp4"]), status: usage, code: refused),
            // Values refused while parsing, before anything runs.
            .init(name: "fps-huge", arguments: render("proj", ["-o", "@W/out/a.mp4", "--fps", "5000000000/1"]), status: usage, code: invalid),
            .init(name: "fps-1000", arguments: render("proj", ["-o", "@W/out/a.mp4", "--fps", "1000"]), status: usage, code: invalid),
            .init(name: "fps-zero", arguments: render("proj", ["-o", "@W/out/a.mp4", "--fps", "0"]), status: usage, code: invalid),
            .init(name: "fps-negative", arguments: render("proj", ["-o", "@W/out/a.mp4", "--fps=-30"]), status: usage, code: invalid),
            .init(name: "fps-text", arguments: render("proj", ["-o", "@W/out/a.mp4", "--fps", "fast"]), status: usage, code: invalid),
            .init(name: "fps-zero-denominator", arguments: render("proj", ["-o", "@W/out/a.mp4", "--fps", "30/0"]), status: usage, code: invalid),
            .init(name: "frames-past-end", arguments: render("proj", ["-o", "@W/out/a.mp4", "--frames", "0:1000"]), status: usage, code: invalid, check: mentions("30 frames")),
            .init(name: "frames-empty", arguments: render("proj", ["-o", "@W/out/a.mp4", "--frames", "5:5"]), status: usage, code: invalid),
            .init(name: "frames-text", arguments: render("proj", ["-o", "@W/out/a.mp4", "--frames", "all"]), status: usage, code: invalid),
            .init(name: "workers-zero", arguments: render("proj", ["-o", "@W/out/a.mp4", "--workers", "0"]), status: usage, code: invalid),
            .init(name: "workers-huge", arguments: render("proj", ["-o", "@W/out/a.mp4", "--workers", "100000"]), status: usage, code: invalid),
            .init(name: "quality-unknown", arguments: render("proj", ["-o", "@W/out/a.mp4", "--quality", "ultra"]), status: usage, code: invalid),
            .init(name: "format-unknown", arguments: render("proj", ["-o", "@W/out/a.gif", "--format", "gif"]), status: usage, code: invalid),
            .init(name: "codec-wrong-container", arguments: render("proj", ["-o", "@W/out/a.mp4", "--codec", "vp9"]), status: usage, code: invalid),
            .init(name: "variables-not-json", arguments: render("proj", ["-o", "@W/out/a.mp4", "--variables", "{title"]), status: usage, code: invalid),
            .init(name: "variables-not-object", arguments: render("proj", ["-o", "@W/out/a.mp4", "--variables", "[1]"]), status: usage, code: invalid),
            .init(name: "distributed-zero", arguments: render("proj", ["-o", "@W/out/a.mp4", "--distributed", "0"]), status: usage, code: invalid),
            .init(name: "distributed-huge", arguments: render("proj", ["-o", "@W/out/a.mp4", "--distributed", "100000"]), status: usage, code: invalid),
            .init(name: "missing-output-option", arguments: render("proj", []), status: usage, code: invalid),
            .init(name: "unknown-option", arguments: render("proj", ["-o", "@W/out/a.mp4", "--turbo"]), status: usage, code: invalid),
            .init(name: "unknown-command", arguments: ["draw", "@W/proj"], status: usage, code: invalid),
            .init(name: "missing-project", arguments: render("no-such-project", ["-o", "@W/out/a.mp4"]), status: usage, code: invalid, check: mentions("no-such-project")),
            .init(name: "project-is-a-file", arguments: render("userfile.txt", ["-o", "@W/out/a.mp4"]), status: usage, code: invalid),
            .init(name: "project-without-index", arguments: render("empty-project", ["-o", "@W/out/a.mp4"]), status: failure, code: "COMPOSITION_NOT_FOUND"),
            .init(name: "chunk-size-zero", arguments: ["plan", "@W/proj", "--plan-dir", "@W/out/p0", "--chunk-size", "0"], status: usage, code: invalid),
            .init(name: "max-parallel-zero", arguments: ["plan", "@W/proj", "--plan-dir", "@W/out/p0", "--max-parallel-chunks", "0"], status: usage, code: invalid),
            .init(name: "plan-fps-25", arguments: ["plan", "@W/proj", "--plan-dir", "@W/out/p0", "--fps", "25"], status: usage, code: "FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED"),
            .init(name: "missing-browser", arguments: render("proj", ["-o", "@W/out/a.mp4"]), status: failure, code: "BROWSER_NOT_FOUND",
                  environment: ["FRAMEGATE_CHROME": "/nonexistent/chromium-headless-shell"], check: mentions("install")),
            .init(name: "browser-not-a-browser", arguments: render("proj", ["-o", "@W/out/a.mp4"]), status: failure, code: "BROWSER_CRASHED",
                  environment: ["FRAMEGATE_CHROME": "/bin/false"]),

            // Controls: the same commands with good paths succeed, and replace only their own kind of output.
            .init(name: "control-render-mp4", arguments: render("proj", ["-o", "@W/out/ok.mp4", "--quality", "draft"]), status: 0, outputs: ["out/ok.mp4"]),
            .init(name: "control-render-mp4-again", arguments: render("proj", ["-o", "@W/out/ok.mp4", "--quality", "draft"]), status: 0, outputs: ["out/ok.mp4"]),
            .init(name: "control-render-png", arguments: render("proj", ["-o", "@W/out/seq", "--format", "png-sequence", "--frames", "0:5"]), status: 0, outputs: ["out/seq"]),
            .init(name: "control-render-png-again", arguments: render("proj", ["-o", "@W/out/seq", "--format", "png-sequence", "--frames", "0:3"]), status: 0, outputs: ["out/seq"],
                  check: { result in
                      let names = (try? FileManager.default.contentsOfDirectory(atPath: result.workspace.appendingPathComponent("out/seq").path)) ?? []
                      return names.count == 3 ? nil : "the new sequence holds \(names.count) entries, expected 3"
                  }),
            .init(name: "control-render-frames", arguments: render("proj", ["-o", "@W/out/frames.mp4", "--frames", "0:30", "--quality", "draft"]), status: 0, outputs: ["out/frames.mp4"]),
            .init(name: "control-render-via-link", arguments: render("link-to-proj", ["-o", "@W/out/link.mp4", "--quality", "draft"]), status: 0, outputs: ["out/link.mp4"]),
            .init(name: "control-fps-24", arguments: render("proj", ["-o", "@W/out/fps24.mp4", "--fps", "24", "--quality", "draft"]), status: 0, outputs: ["out/fps24.mp4"]),

            // Compositions.
            bad("no-root", "COMPOSITION_NOT_FOUND"),
            bad("zero-duration", "DURATION_OUT_OF_RANGE"),
            bad("text-duration", "DURATION_OUT_OF_RANGE"),
            bad("negative-start", "INVALID_COMPOSITION", mentions: "data-start"),
            bad("huge-root", "INVALID_COMPOSITION", mentions: "8192"),
            bad("zero-width", "INVALID_COMPOSITION"),
            bad("unknown-clip", "INVALID_COMPOSITION"),
            bad("missing-sub", "INVALID_COMPOSITION"),
            bad("missing-audio", "INVALID_COMPOSITION"),
            bad("sub-cycle", "INVALID_COMPOSITION"),
            bad("sub-symlink-escape", "ASSET_OUTSIDE_PROJECT"),
            bad("css-symlink-escape", "ASSET_OUTSIDE_PROJECT"),
            bad("entry-symlink-escape", "ASSET_OUTSIDE_PROJECT"),
            bad("image-symlink-escape", "ASSET_OUTSIDE_PROJECT"),
            bad("image-escape", "ASSET_OUTSIDE_PROJECT"),
            bad("script-error", "COMPOSITION_SCRIPT_ERROR", mentions: "catalogue: broken script"),
            bad("alert", "COMPOSITION_SCRIPT_ERROR", mentions: "alert"),
            bad("confirm", "COMPOSITION_SCRIPT_ERROR", mentions: "confirm"),
            bad("reload", "COMPOSITION_SCRIPT_ERROR", mentions: "navigated"),
            bad("navigate", "NETWORK_ACCESS_BLOCKED", mentions: "example.com"),
            bad("busy-loop", "SEEK_TIMEOUT", mentions: "t="),
            bad("fetch", "NETWORK_ACCESS_BLOCKED", mentions: "127.0.0.1"),
            bad("websocket", "NETWORK_ACCESS_BLOCKED", mentions: "ws://127.0.0.1:9/socket"),
            bad("webrtc", "NETWORK_ACCESS_BLOCKED", mentions: "stun:127.0.0.1:9"),
            bad("eventsource", "NETWORK_ACCESS_BLOCKED", mentions: "127.0.0.1"),
            bad("beacon", "NETWORK_ACCESS_BLOCKED", mentions: "127.0.0.1"),
            bad("file-url", "NETWORK_ACCESS_BLOCKED", mentions: "file:///etc/hostname"),
            bad("css-import", "NETWORK_ACCESS_BLOCKED", mentions: "127.0.0.1"),
            bad("remote-font", "NETWORK_ACCESS_BLOCKED", mentions: "127.0.0.1"),
            bad("iframe", "NETWORK_ACCESS_BLOCKED", mentions: "127.0.0.1"),
            .init(name: "plan-sub-symlink-escape", arguments: ["plan", "@W/bad/sub-symlink-escape", "--plan-dir", "@W/out/escape-plan"],
                  status: failure, code: "ASSET_OUTSIDE_PROJECT"),

            // planDirs.
            .init(name: "plan-dir-existing-file", arguments: ["plan", "@W/proj", "--plan-dir", "@W/userfile.txt"], status: usage, code: refused, check: unchanged("userfile.txt")),
            .init(name: "plan-dir-user-dir", arguments: ["plan", "@W/proj", "--plan-dir", "@W/user"], status: usage, code: refused),
            .init(name: "plan-dir-project", arguments: ["plan", "@W/proj", "--plan-dir", "@W/proj"], status: usage, code: refused),
            .init(name: "plan-dir-inside-project", arguments: ["plan", "@W/proj", "--plan-dir", "@W/proj/plan"], status: usage, code: refused),
            .init(name: "plan-dir-contains-project", arguments: ["plan", "@W/proj", "--plan-dir", "@W"], status: usage, code: refused),
            .init(name: "plan-dir-existing-plan", arguments: ["plan", "@W/proj", "--plan-dir", "@W/plan2"], status: usage, code: refused),
            .init(name: "control-plan", arguments: ["plan", "@W/proj", "--plan-dir", "@W/out/plan-ok", "--chunk-size", "15"], status: 0, outputs: ["out/plan-ok"]),

            // render-chunk.
            .init(name: "chunk-o-plan-entry", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "0", "-o", "@W/plan/compiled/index.html"], status: usage, code: refused),
            .init(name: "chunk-o-plan-dir", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "0", "-o", "@W/plan"], status: usage, code: refused),
            .init(name: "chunk-o-inside-plan", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "0", "-o", "@W/plan/c0.mp4"], status: usage, code: refused),
            .init(name: "chunk-o-user-dir", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "0", "-o", "@W/user"], status: usage, code: refused),
            .init(name: "chunk-o-wrong-extension", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "0", "-o", "@W/out/c0.mov"], status: usage, code: refused),
            .init(name: "chunk-index-out-of-range", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "99", "-o", "@W/out/c99.mp4"], status: failure, code: "CHUNK_INDEX_OUT_OF_RANGE"),
            .init(name: "chunk-index-negative", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk=-1", "-o", "@W/out/cm.mp4"], status: failure, code: "CHUNK_INDEX_OUT_OF_RANGE"),
            .init(name: "chunk-missing-plan-dir", arguments: ["render-chunk", "--plan-dir", "@W/no-plan", "--chunk", "0", "-o", "@W/out/c.mp4"], status: failure, code: "MISSING_PLAN_ARTIFACT"),
            .init(name: "chunk-invalid-plan-json", arguments: ["render-chunk", "--plan-dir", "@W/damaged/plan-json", "--chunk", "0", "-o", "@W/out/c.mp4"],
                  status: usage, code: invalid,
                  prepare: { w in
                      try CatalogueWorkspace.copy(w, "plan", to: "damaged/plan-json")
                      try Data("{ \"protocolVersion\": ".utf8).write(to: w.appendingPathComponent("damaged/plan-json/plan.json"))
                  }, check: { $0.stderr.contains("DecodingError") ? "raw DecodingError in the message" : nil }),
            .init(name: "chunk-plan-json-missing-field", arguments: ["render-chunk", "--plan-dir", "@W/damaged/plan-field", "--chunk", "0", "-o", "@W/out/c.mp4"],
                  status: usage, code: invalid,
                  prepare: { w in
                      try CatalogueWorkspace.copy(w, "plan", to: "damaged/plan-field")
                      try Data("{ \"protocolVersion\": 1 }".utf8).write(to: w.appendingPathComponent("damaged/plan-field/plan.json"))
                  }, check: mentions("planHash")),
            .init(name: "chunk-tampered-plan", arguments: ["render-chunk", "--plan-dir", "@W/damaged/plan-edit", "--chunk", "0", "-o", "@W/out/c.mp4"],
                  status: failure, code: "PLAN_HASH_MISMATCH",
                  prepare: { w in
                      try CatalogueWorkspace.copy(w, "plan", to: "damaged/plan-edit")
                      let entry = w.appendingPathComponent("damaged/plan-edit/compiled/index.html")
                      let text = try String(contentsOf: entry, encoding: .utf8)
                      try Data(text.replacingOccurrences(of: "#f4a261", with: "#ff0000").utf8).write(to: entry)
                  }),
            .init(name: "chunk-missing-artifact", arguments: ["render-chunk", "--plan-dir", "@W/damaged/plan-meta", "--chunk", "0", "-o", "@W/out/c.mp4"],
                  status: failure, code: "MISSING_PLAN_ARTIFACT",
                  prepare: { w in
                      try CatalogueWorkspace.copy(w, "plan", to: "damaged/plan-meta")
                      try? FileManager.default.removeItem(at: w.appendingPathComponent("damaged/plan-meta/meta/chunks.json"))
                  }),
            .init(name: "control-render-chunk", arguments: ["render-chunk", "--plan-dir", "@W/plan", "--chunk", "1", "-o", "@W/out/chunk1.mp4"],
                  status: 0, outputs: ["out/chunk1.mp4"]),

            // assemble.
            .init(name: "assemble-o-user-dir", arguments: assemble("@W/user", chunks), status: usage, code: refused),
            .init(name: "assemble-o-chunk", arguments: assemble("@W/chunks/c0.mp4", chunks), status: usage, code: refused),
            .init(name: "assemble-o-inside-plan", arguments: assemble("@W/plan/final.mp4", chunks), status: usage, code: refused),
            .init(name: "assemble-o-wrong-extension", arguments: assemble("@W/out/final.webm", chunks), status: usage, code: refused),
            .init(name: "assemble-chunk-of-other-plan", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4", "@W/swapped/c1.mp4"]),
                  status: failure, code: "CHUNK_CORRUPT",
                  prepare: { w in
                      // Another plan's chunk file, paired with this plan's receipt.
                      try CatalogueWorkspace.copy(w, "chunks2/c1.mp4", to: "swapped/c1.mp4")
                      try CatalogueWorkspace.copy(w, "chunks/c1.mp4.chunk.json", to: "swapped/c1.mp4.chunk.json")
                  }),
            .init(name: "assemble-receipt-of-other-plan", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4", "@W/chunks2/c1.mp4"]),
                  status: failure, code: "CHUNK_CORRUPT"),
            .init(name: "assemble-flipped-bytes", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4", "@W/flipped/c1.mp4"]),
                  status: failure, code: "CHUNK_CORRUPT",
                  prepare: { w in
                      try CatalogueWorkspace.copy(w, "chunks/c1.mp4", to: "flipped/c1.mp4")
                      try CatalogueWorkspace.copy(w, "chunks/c1.mp4.chunk.json", to: "flipped/c1.mp4.chunk.json")
                      let url = w.appendingPathComponent("flipped/c1.mp4")
                      var data = try Data(contentsOf: url)
                      if data[data.count / 2] == data[data.count / 2 + 1] { data[data.count / 2 + 1] ^= 0xff }
                      data[data.count / 2] ^= 0xff
                      try data.write(to: url)
                  }),
            .init(name: "assemble-truncated-chunk", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4", "@W/truncated/c1.mp4"]),
                  status: failure, code: "CHUNK_CORRUPT",
                  prepare: { w in
                      try CatalogueWorkspace.copy(w, "chunks/c1.mp4", to: "truncated/c1.mp4")
                      try CatalogueWorkspace.copy(w, "chunks/c1.mp4.chunk.json", to: "truncated/c1.mp4.chunk.json")
                      let url = w.appendingPathComponent("truncated/c1.mp4")
                      let data = try Data(contentsOf: url)
                      if data.count > 600 { try data.prefix(600).write(to: url) }
                  }, check: { $0.stderr.contains("pixel format") ? "libav's pixel-format message leaked" : nil }),
            .init(name: "assemble-missing-receipt", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4", "@W/noreceipt/c1.mp4"]),
                  status: usage, code: invalid, prepare: { w in try CatalogueWorkspace.copy(w, "chunks/c1.mp4", to: "noreceipt/c1.mp4") }),
            .init(name: "assemble-missing-chunk-file", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4", "@W/chunks/c7.mp4"]),
                  status: usage, code: invalid),
            .init(name: "assemble-extra-chunk", arguments: assemble("@W/out/final.mp4", chunks + ["@W/chunks/c1.mp4"]), status: usage, code: invalid,
                  check: { $0.stderr.contains("chunk(s)  and") || $0.stderr.contains("missing chunk(s) and") ? "names an empty list of missing chunks" : nil }),
            .init(name: "assemble-too-few-chunks", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c0.mp4"]), status: usage, code: invalid, check: mentions("1")),
            .init(name: "assemble-wrong-order", arguments: assemble("@W/out/final.mp4", ["@W/chunks/c1.mp4", "@W/chunks/c0.mp4"]), status: usage, code: invalid),
            .init(name: "assemble-missing-plan", arguments: assemble("@W/out/final.mp4", chunks, plan: "no-plan"), status: failure, code: "MISSING_PLAN_ARTIFACT"),
            .init(name: "control-assemble", arguments: assemble("@W/out/final.mp4", chunks), status: 0, outputs: ["out/final.mp4"]),

            // meta.json, fixtures and baselines.
            .init(name: "test-missing-fixtures-dir", arguments: ["test", "--fixtures", "@W/no-fixtures", "--baselines", "@W/baselines"], status: usage, code: invalid),
            .init(name: "test-meta-not-json", arguments: ["test", "--fixtures", "@W/badmeta", "--baselines", "@W/baselines", "broken"], status: usage, code: invalid),
            .init(name: "test-meta-bad-fps", arguments: ["test", "--fixtures", "@W/badmeta", "--baselines", "@W/baselines", "rate"], status: usage, code: invalid),
            .init(name: "test-unknown-fixture", arguments: ["test", "--fixtures", "@W/fixtures", "--baselines", "@W/baselines", "nope"], status: usage, code: invalid),
            .init(name: "test-missing-baseline", arguments: ["test", "--fixtures", "@W/fixtures", "--baselines", "@W/no-baselines"], status: 1, code: nil,
                  outputs: ["fixtures/tiny/failures", "no-baselines"]),
            .init(name: "control-test", arguments: ["test", "--fixtures", "@W/fixtures", "--baselines", "@W/baselines"], status: 0),
            .init(name: "test-update-sweeps-dead-run-litter", arguments: ["test", "--fixtures", "@W/fixtures", "--baselines", "@W/baselines", "--update"],
                  status: 0, outputs: ["baselines/tiny", "baselines/.tiny.new-dead", "baselines/.tiny.old-dead",
                                       "framegate-update-report"],
                  prepare: { w in
                      // What an update killed between its renames leaves: the next update (holding the lock) clears it.
                      try CatalogueWorkspace.copy(w, "baselines/tiny", to: "baselines/.tiny.old-dead")
                      try FileManager.default.createDirectory(at: w.appendingPathComponent("baselines/.tiny.new-dead"), withIntermediateDirectories: true)
                  }, check: { result in
                      let names = (try? FileManager.default.contentsOfDirectory(atPath: result.workspace.appendingPathComponent("baselines").path)) ?? []
                      return names.contains { $0.contains(".new-") || $0.contains(".old-") } ? "dead run's litter kept: \(names)" : nil
                  }),

            // Faults.
            .init(name: "signal-int-render", arguments: render("bad/long", ["-o", "@W/out/int.mp4", "--quality", "draft"]),
                  status: 130, code: nil, fault: .signal(SIGINT, waitFor: "--remote-debugging-pipe")),
            .init(name: "signal-term-render", arguments: render("bad/long", ["-o", "@W/out/term.mp4", "--quality", "draft", "--workers", "2"]),
                  status: 143, code: nil, fault: .signal(SIGTERM, waitFor: "--remote-debugging-pipe")),
            .init(name: "signal-term-distributed", arguments: render("bad/long", ["-o", "@W/out/dist.mp4", "--quality", "draft", "--distributed", "2"]),
                  status: 143, code: nil, fault: .signal(SIGTERM, waitFor: "render-chunk")),
            .init(name: "signal-int-render-chunk", arguments: ["render-chunk", "--plan-dir", "@W/long-plan", "--chunk", "0", "-o", "@W/out/long-c0.mp4"],
                  status: 130, code: nil, fault: .signal(SIGINT, waitFor: "--remote-debugging-pipe")),
            .init(name: "sigkill-distributed-parent", arguments: render("bad/long", ["-o", "@W/out/orphan.mp4", "--quality", "draft", "--distributed", "2"]),
                  status: SIGKILL, code: nil, outputs: ["out/after-kill.mp4"], fault: .killSelf(waitFor: "render-chunk"),
                  followUp: ["render", "@W/proj", "-o", "@W/out/after-kill.mp4", "--quality", "draft"]),
            .init(name: "signal-int-test", arguments: ["test", "--fixtures", "@W/fixtures-slow", "--baselines", "@W/baselines-slow"],
                  status: 130, code: nil, fault: .signal(SIGINT, waitFor: "--remote-debugging-pipe")),
            .init(name: "browser-killed", arguments: render("bad/long", ["-o", "@W/out/killed.mp4", "--quality", "draft"]),
                  status: failure, code: "BROWSER_CRASHED", fault: .killBrowser),
            .init(name: "renderer-killed", arguments: render("bad/long", ["-o", "@W/out/renderer.mp4", "--quality", "draft"]),
                  status: failure, code: "BROWSER_CRASHED", fault: .killRenderer),
            .init(name: "sweep-dead-run-staging", arguments: render("proj", ["-o", "@W/out/swept.mp4", "--quality", "draft"]),
                  status: 0, outputs: ["out/swept.mp4", "out/.swept.mp4.partial-\(dead)-0000"],
                  prepare: { w in
                      try Data("dead".utf8).write(to: w.appendingPathComponent("out/.swept.mp4.partial-\(dead)-0000"))
                      // A live run's staging (this test process is alive): must be kept, byte for byte.
                      try Data("live".utf8).write(to: w.appendingPathComponent("out/.swept.mp4.partial-\(live)-0000"))
                  }, check: { result in
                      let out = result.workspace.appendingPathComponent("out")
                      if FileManager.default.fileExists(atPath: out.appendingPathComponent(".swept.mp4.partial-\(dead)-0000").path) { return "dead run's .partial kept" }
                      return nil
                  }),
        ]
        rows += try lockRows(w)
        rows += fullDiskRows(w)
        try longComposition(w)
        return rows
    }

    /// A full disk: a 4 KiB tmpfs mounted inside the workspace (when this process may mount one). The
    /// render fails with IO_FAILED and leaves the small disk as empty as it found it.
    static func fullDiskRows(_ w: URL) -> [CatalogueRow] {
        let disk = w.appendingPathComponent("disk")
        try? FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard (try? runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=4k", "tmpfs", disk.path]))?.status == 0 else {
            print("catalogue: cannot mount a tmpfs here; the full-disk rows are left out")
            return []
        }
        return [
            .init(name: "full-disk-mp4", arguments: ["render", "@W/proj", "-o", "@W/disk/out.mp4", "--quality", "draft"], status: 3, code: "IO_FAILED"),
            .init(name: "full-disk-png-sequence", arguments: ["render", "@W/proj", "-o", "@W/disk/seq", "--format", "png-sequence"], status: 3, code: "IO_FAILED",
                  check: { result in
                      let left = (try? FileManager.default.contentsOfDirectory(atPath: result.workspace.appendingPathComponent("disk").path)) ?? []
                      _ = try? runProcess("/bin/umount", [result.workspace.appendingPathComponent("disk").path])
                      return left.isEmpty ? nil : "the full disk holds \(left)"
                  }),
        ]
    }

    /// `--update` while another holds the baselines lock: refused at once, nothing touched; the control
    /// (the lock released) updates.
    static func lockRows(_ w: URL) throws -> [CatalogueRow] {
        let holder = LockHolder()
        return [
            .init(name: "test-update-while-locked", arguments: ["test", "--fixtures", "@W/fixtures", "--baselines", "@W/baselines", "--update"],
                  status: 2, code: "BASELINES_LOCKED",
                  prepare: { w in try holder.take(w.appendingPathComponent("baselines")) },
                  check: { _ in holder.release(); return nil }),
            .init(name: "control-test-update-unlocked", arguments: ["test", "--fixtures", "@W/fixtures", "--baselines", "@W/baselines", "--update"],
                  status: 0, outputs: ["baselines/tiny", "framegate-update-report"]),
        ]
    }

    /// A 60 s composition whose every frame differs (no held frames) and its plan, long enough to be
    /// interrupted mid-render.
    static func longComposition(_ w: URL) throws {
        let html = CatalogueWorkspace.composition(root: "data-width=\"160\" data-height=\"90\" data-duration=\"60\"",
                                                  head: CatalogueWorkspace.spinning(seconds: 60))
        let url = w.appendingPathComponent("bad/long/index.html")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(html.utf8).write(to: url)
        let result = try runProcess(try framegateBinary().path, ["plan", url.deletingLastPathComponent().path, "--plan-dir",
                                                                     w.appendingPathComponent("long-plan").path, "--chunk-size", "600"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }
}

/// Holds the baselines lock from the test process, as a concurrent `--update` would.
final class LockHolder {
    private var lock: DirectoryLock?
    func take(_ directory: URL) throws {
        if case let .success(held) = try DirectoryLock.tryAcquire(directory) { lock = held }
    }
    func release() { lock = nil }
}

/// The runner's checks can fail: rows that break each promise on purpose are reported, with the reason.
final class CatalogueRunnerTests: XCTestCase {
    func testTheRunnerReportsEachBrokenPromise() throws {
        let executable = try framegateBinary().path
        let scratch = try Scratch()
        let w = scratch.url.appendingPathComponent("w")
        try FileManager.default.createDirectory(at: w.appendingPathComponent("out"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: w.appendingPathComponent("proj"), withIntermediateDirectories: true)
        try Data(CatalogueWorkspace.composition().utf8).write(to: w.appendingPathComponent("proj/index.html"))
        let runner = CatalogueRunner(workspace: w, scratch: scratch.url, executable: executable)
        let refusal = ["render", "@W/proj", "-o", "@W/out/../proj/index.html"]

        // Control: the true expectation passes.
        XCTAssertEqual(try runner.run(.init(name: "true", arguments: refusal, status: 2, code: "OUTPUT_PATH_REFUSED")).problems, [])

        let wrongStatus = try runner.run(.init(name: "status", arguments: refusal, status: 3, code: "OUTPUT_PATH_REFUSED")).problems
        XCTAssertTrue(wrongStatus.contains { $0.hasPrefix("exit 2, expected 3") }, "\(wrongStatus)")
        let wrongCode = try runner.run(.init(name: "code", arguments: refusal, status: 2, code: "SEEK_TIMEOUT")).problems
        XCTAssertTrue(wrongCode.contains("no error[SEEK_TIMEOUT] line"), "\(wrongCode)")
        let litter = try runner.run(.init(name: "litter", arguments: refusal, status: 2, code: "OUTPUT_PATH_REFUSED", prepare: { w in
            try Data("x".utf8).write(to: w.appendingPathComponent("out/.out.mp4.work-1-1"))
        })).problems
        XCTAssertTrue(litter.contains { $0.hasPrefix("staged/partial files left") }, "\(litter)")
        try FileManager.default.removeItem(at: w.appendingPathComponent("out/.out.mp4.work-1-1"))
        // A "user file" the row changes behind the command's back stands for a destroyed file.
        let changed = try runner.run(.init(name: "changed", arguments: ["render", "@W/proj", "-o", "@W/out/ok.mp4", "--quality", "draft"],
                                           status: 0, code: nil)).problems
        XCTAssertTrue(changed.contains { $0.hasPrefix("user files changed") }, "an output not declared as one is a changed user file: \(changed)")
    }
}
