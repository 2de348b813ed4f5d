import FrameGateBrowser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore
import FrameGateTestSupport
import XCTest

/// `framegate vendor` against a real HTTP server on 127.0.0.1, and renders that answer locked URLs from the store.
final class VendorTests: XCTestCase {
    func testVendorLocksEveryURLOnceAndTheRenderWithTheServerStoppedMatchesLocalFiles() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        let project = try scratch.write(VendorCDN.html(), to: "remote/index.html").deletingLastPathComponent()

        let first = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("vendored 6 URLs"), first.stdout)
        XCTAssertTrue(first.stdout.contains("6 new, 0 unchanged"), first.stdout)
        XCTAssertFalse(first.stderr.contains("warning:"), "every written URL was requested: \(first.stderr)")

        // All of them — the @import'ed stylesheet, the font named only inside CSS, the image a script creates at
        // t = 0.5 s — each downloaded once, locked under the URL the page asked for.
        let lock = try readLock(project)
        XCTAssertEqual(lock.assets.keys.sorted(), VendorCDN.lockedURLs)
        for path in ["/js/anim.js", "/css/main.css", "/css/fonts.css", "/fonts/serif.ttf", "/old/logo.png", "/img/late.png"] {
            XCTAssertEqual(cdn.server.hitCount(path), 1, "\(path) downloaded once")
        }
        for (path, data) in cdn.files where path != "/img/logo.png" {
            let entry = try XCTUnwrap(lock.assets[VendorCDN.origin + path])
            XCTAssertEqual(entry.sha256, SHA256Digest.hex(of: data), path)
            XCTAssertEqual(entry.size, data.count, path)
            XCTAssertNil(entry.redirectedTo, path)
            let stored = VendorStore.project(project).file(sha256: entry.sha256)
            XCTAssertEqual(try Data(contentsOf: stored), data, "the store holds \(path) under its hash")
        }
        XCTAssertEqual(lock.assets[VendorCDN.origin + "/css/main.css"]?.contentType, "text/css; charset=utf-8")
        // The redirect: followed, the final bytes locked under the original URL, the hop recorded.
        let redirected = try XCTUnwrap(lock.assets[VendorCDN.origin + "/old/logo.png"])
        XCTAssertEqual(redirected.sha256, SHA256Digest.hex(of: cdn.files["/img/logo.png"]!))
        XCTAssertEqual(redirected.redirectedTo, VendorCDN.origin + "/img/logo.png", "named by its origin, not the mirror")
        // Canonical: the file is exactly the lock's canonical encoding (sorted keys).
        XCTAssertEqual(try Data(contentsOf: VendorLock.url(inProject: project)), try lock.encoded())

        let again = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("0 new, 6 unchanged, 0 removed"), again.stdout)

        cdn.server.stop()
        let offline = try await renderDigests(project, in: scratch, name: "offline")
        let local = try await renderDigests(try cdn.writeLocalCopy(in: scratch, name: "local"), in: scratch, name: "local")
        XCTAssertEqual(offline, local, "a locked render shows exactly what the same files inside the project show")
        XCTAssertEqual(offline.count, 30)
        // Control: the comparison sees the font that only CSS names — without it the frames differ.
        let fontless = try cdn.writeLocalCopy(in: scratch, name: "fontless")
        try Data().write(to: fontless.appendingPathComponent("cdn/css/fonts.css"))
        let withoutFont = try await renderDigests(fontless, in: scratch, name: "fontless")
        XCTAssertNotEqual(withoutFont.first, offline.first, "the vendored font is drawn")
        XCTAssertEqual(try String(contentsOf: project.appendingPathComponent("index.html"), encoding: .utf8), VendorCDN.html(),
                       "the HTML stays as the author wrote it")
    }

    func testAURLMissingFromTheLockIsBlockedWithTheVendorHint() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        let project = try scratch.write(VendorCDN.html(), to: "p/index.html").deletingLastPathComponent()
        let vendored = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(vendored.status, 0, vendored.stderr)
        cdn.server.stop()

        // Control: every URL locked, the render passes.
        _ = try await renderDigests(project, in: scratch, name: "locked")

        let unlocked = VendorCDN.origin + "/img/unlocked.png"
        try VendorCDN.html(extraBody: "<img src=\"\(unlocked)\">").write(to: project.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let error = await expectCode(.networkAccessBlocked) { try await renderDigests(project, in: scratch, name: "unlocked") }
        XCTAssertTrue(error?.message.contains(unlocked) ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("framegate vendor \(project.path)") ?? false, error?.message ?? "")
    }

    /// A live map shaped like MapLibre's whose camera moves: tile k (one of 10) is the one its camera needs
    /// at t in [k/10, (k+1)/10). Registered in __hfMaplibre, the page is seeked at every frame by vendor,
    /// so the lock holds every tile a render asks for. Control: the same map unregistered is seeked at five
    /// times only, and its render asks for a tile vendor never saw.
    private func movingMap(registered: Bool) -> String {
        VendorCDN.html(extraBody: """
            <div id="tile" style="position:absolute;left:16px;top:60px;color:#f1faee;font:20px monospace"></div>
            <script>
            window.map = {
              tiles: {},
              loaded() { return true; },
              isStyleLoaded() { return true; },
              areTilesLoaded() { return Object.values(this.tiles).every((tile) => tile.text !== undefined); },
              redraw() {
                const k = Math.min(9, Math.floor(performance.now() / 100));
                let tile = this.tiles[k];
                if (!tile) {
                  tile = this.tiles[k] = {};
                  fetch('\(VendorCDN.origin)/tiles/' + k + '.txt').then((r) => r.text()).then((text) => { tile.text = text; });
                }
                document.getElementById('tile').textContent = tile.text || '';
              },
            };
            (function frame() { window.map.redraw(); requestAnimationFrame(frame); })();
            \(registered ? "window.__hfMaplibre = [window.map];" : "")
            </script>
            """)
    }

    func testALiveMapIsVendoredAtEveryFrameSoItsRenderFindsEveryTile() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        for k in 0..<10 { cdn.server.set("/tiles/\(k).txt", .ok("tile \(k)", type: "text/plain")) }
        let tileURLs = (0..<10).map { VendorCDN.origin + "/tiles/\($0).txt" }
        let project = try scratch.write(movingMap(registered: true), to: "map/index.html").deletingLastPathComponent()
        let vendored = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(vendored.status, 0, vendored.stderr)
        XCTAssertEqual(try readLock(project).assets.keys.filter { $0.contains("/tiles/") }.sorted(), tileURLs.sorted())

        let control = try scratch.write(movingMap(registered: false), to: "unregistered/index.html").deletingLastPathComponent()
        let controlVendored = try await vendorProcess(control, cdn.mirror)
        XCTAssertEqual(controlVendored.status, 0, controlVendored.stderr)
        XCTAssertLessThan(try readLock(control).assets.keys.filter { $0.contains("/tiles/") }.count, 10, "five seeks")

        cdn.server.stop()
        let digests = try await renderDigests(project, in: scratch, name: "map")
        XCTAssertEqual(digests.count, 30)
        let again = try await renderDigests(project, in: scratch, name: "again")
        XCTAssertEqual(again, digests, "every tile at its frame, every time")
        let error = await expectCode(.networkAccessBlocked) { try await renderDigests(control, in: scratch, name: "control") }
        XCTAssertTrue(error?.message.contains("/tiles/") ?? false, error?.message ?? "")
    }

    func testAChangedStoreFileIsAMismatchAndAMissingOneIsMissing() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        let project = try scratch.write(VendorCDN.html(), to: "p/index.html").deletingLastPathComponent()
        let vendored = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(vendored.status, 0, vendored.stderr)
        cdn.server.stop()
        let control = try await renderDigests(project, in: scratch, name: "intact")
        XCTAssertEqual(control.count, 30, "an intact store renders")

        let fontURL = VendorCDN.origin + "/fonts/serif.ttf"
        let expected = try XCTUnwrap(readLock(project).assets[fontURL]).sha256
        let file = VendorStore.project(project).file(sha256: expected)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: file)
        let mismatch = await expectCode(.vendoredAssetMismatch) { try await renderDigests(project, in: scratch, name: "flipped") }
        for part in [fontURL, expected, SHA256Digest.hex(of: bytes), "framegate vendor"] {
            XCTAssertTrue(mismatch?.message.contains(part) ?? false, "names \(part): \(mismatch?.message ?? "")")
        }
        let cli = try await runProcess(try framegateBinary(), ["render", project.path, "-o", scratch.file("cli.mp4").path])
        XCTAssertEqual(cli.status, 3)
        XCTAssertTrue(cli.stderr.hasPrefix("error[VENDORED_ASSET_MISMATCH]"), cli.stderr)

        try FileManager.default.removeItem(at: file)
        let missing = await expectCode(.vendoredAssetMissing) { try await renderDigests(project, in: scratch, name: "missing") }
        XCTAssertTrue(missing?.message.contains(fontURL) ?? false, missing?.message ?? "")
    }

    func testHTTPErrorsAndSlowServersAreCodedErrorsNamingTheURL() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        // Control: the same composition with every URL served vendors cleanly.
        let good = try scratch.write(VendorCDN.html(), to: "good/index.html").deletingLastPathComponent()
        let control = try await vendorProcess(good, cdn.mirror + ["--timeout", "5"])
        XCTAssertEqual(control.status, 0, control.stderr)

        let missingURL = VendorCDN.origin + "/missing.js"
        let broken = try scratch.write(VendorCDN.html(extraBody: "<script src=\"\(missingURL)\"></script>"), to: "broken/index.html")
            .deletingLastPathComponent()
        let notFound = try await vendorProcess(broken, cdn.mirror)
        XCTAssertEqual(notFound.status, 3)
        XCTAssertTrue(notFound.stderr.hasPrefix("error[VENDOR_FETCH_FAILED]"), notFound.stderr)
        XCTAssertTrue(notFound.stderr.contains(missingURL) && notFound.stderr.contains("HTTP 404"), notFound.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: VendorLock.url(inProject: broken).path), "no lock after a failure")

        let slowURL = VendorCDN.origin + "/slow.js"
        let slow = try scratch.write(VendorCDN.html(extraBody: "<script src=\"\(slowURL)\"></script>"), to: "slow/index.html")
            .deletingLastPathComponent()
        let timedOut = try await vendorProcess(slow, cdn.mirror + ["--timeout", "1"])
        XCTAssertEqual(timedOut.status, 3)
        XCTAssertTrue(timedOut.stderr.hasPrefix("error[VENDOR_FETCH_TIMEOUT]"), timedOut.stderr)
        XCTAssertTrue(timedOut.stderr.contains(slowURL) && timedOut.stderr.contains("--timeout"), timedOut.stderr)
    }

    func testURLsWrittenButNeverRequestedAreWarnedAboutAndNotLocked() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        // A <template>'s content is never loaded: only the text scan sees this URL.
        let never = VendorCDN.origin + "/img/never.png"
        let hint = "<link rel=\"preconnect\" href=\"https://fonts.framegate.test\">"
        let project = try scratch.write(VendorCDN.html(extraBody: "<template><img src=\"\(never)\"></template>" + hint), to: "p/index.html")
            .deletingLastPathComponent()
        let result = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: \(never) is written in the project but the page never requested it"), result.stderr)
        XCTAssertEqual(try readLock(project).assets.keys.sorted(), VendorCDN.lockedURLs, "locked: what was requested, nothing more")
        XCTAssertEqual(cdn.server.hitCount("/img/never.png"), 0)
        XCTAssertFalse(result.stderr.contains("fonts.framegate.test"), "a bare origin (preconnect) is not an asset: \(result.stderr)")
    }

    func testABrokenLockOrMirrorIsAUsageError() async throws {
        let scratch = try Scratch()
        let project = try scratch.write(VendorCDN.html(), to: "p/index.html").deletingLastPathComponent()
        // Control: no lock, nothing vendored, nothing to verify.
        XCTAssertEqual(try VendoredAssets.load(projectDir: project, stores: VendorStore.searchPath(projectDir: project)), .none)
        try scratch.write("{\"assets\": {\"https://x.test/a.js\": {\"sha256\": \"abc\", \"size\": 1, \"contentType\": \"text/javascript\"}}, \"version\": 1}",
                          to: "p/framegate.lock.json")
        let error = await expectCode(.invalidArgument) { try VendoredAssets.load(projectDir: project, stores: [VendorStore.project(project)]) }
        XCTAssertTrue(error?.message.contains("framegate.lock.json") ?? false, error?.message ?? "")
        let badMirror = try await vendorProcess(project, ["--mirror", "cdn.test"])
        XCTAssertEqual(badMirror.status, 2)
        XCTAssertTrue(badMirror.stderr.hasPrefix("error[INVALID_ARGUMENT]: --mirror takes ORIGIN=BASEURL"), badMirror.stderr)
    }

    func testASharedStoreByFlagOrEnvironmentServesRenders() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        let project = try scratch.write(VendorCDN.html(), to: "p/index.html").deletingLastPathComponent()
        let shared = scratch.file("shared-store")
        let byFlag = try await vendorProcess(project, cdn.mirror + ["--store", shared.path])
        XCTAssertEqual(byFlag.status, 0, byFlag.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: VendorStore.project(project).root.path), "nothing in the project's store")
        let lock = try readLock(project)
        for entry in lock.assets.values {
            XCTAssertTrue(FileManager.default.fileExists(atPath: VendorStore(root: shared).file(sha256: entry.sha256).path))
        }
        let byEnvironment = scratch.file("env-store")
        let viaEnvironment = try await vendorProcess(project, cdn.mirror, environment: [VendorStore.environmentKey: byEnvironment.path])
        XCTAssertEqual(viaEnvironment.status, 0, viaEnvironment.stderr)
        XCTAssertTrue(viaEnvironment.stdout.contains("store: \(byEnvironment.path)"), viaEnvironment.stdout)
        cdn.server.stop()

        // Control: without the shared store the render cannot find the locked bytes.
        let output = scratch.file("out.mp4")
        let without = try await runProcess(try framegateBinary(), ["render", project.path, "-o", output.path])
        XCTAssertEqual(without.status, 3)
        XCTAssertTrue(without.stderr.hasPrefix("error[VENDORED_ASSET_MISSING]"), without.stderr)
        let with = try await runProcess(try framegateBinary(), ["render", project.path, "-o", output.path],
                                        environment: [VendorStore.environmentKey: shared.path])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
    }

    func testThePlanCarriesTheLockedFilesAndAWorkerWithNoStoreRendersTheSameFrames() async throws {
        let scratch = try Scratch(), cdn = try VendorCDN()
        let project = try scratch.write(VendorCDN.html(), to: "p/index.html").deletingLastPathComponent()
        let vendored = try await vendorProcess(project, cdn.mirror)
        XCTAssertEqual(vendored.status, 0, vendored.stderr)
        cdn.server.stop()
        let inProcess = try await renderDigests(project, in: scratch, name: "in-process")

        let planDir = scratch.file("plan")
        let plan = try await runProcess(try framegateBinary(), ["plan", project.path, "--plan-dir", planDir.path, "--chunk-size", "10"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let layout = PlanLayout(planDir)
        let lock = try readLock(project)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: layout.vendor.appendingPathComponent("sha256").path).sorted(),
                       Set(lock.assets.values.map(\.sha256)).sorted(), "the locked files, only those")
        XCTAssertEqual(try readLock(layout.compiled), lock, "the lock travels in compiled/")
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.compiled.appendingPathComponent(".framegate").path),
                       "the project's store itself is not copied")

        // Another machine: the planDir alone, no project store, no shared store.
        let moved = scratch.file("elsewhere/plan")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: planDir, to: moved)
        try FileManager.default.removeItem(at: VendorStore.project(project).root)
        var digests: [String] = []
        for index in 0..<3 {
            let chunk = scratch.file("chunks/chunk_\(index).mp4")
            let result = try await renderChunkProcess(planDir: moved, index: index, output: chunk)
            XCTAssertEqual(result.status, 0, result.stderr)
            let receipt = try JSONDecoder().decode(ChunkReceipt.self, from: Data(contentsOf: ChunkReceipt.url(for: chunk)))
            digests += receipt.digests
        }
        XCTAssertEqual(digests, inProcess)

        // The plan hash covers the lock: an edited lock is refused (the untouched copy above was the control).
        let copiedLock = VendorLock.url(inProject: PlanLayout(moved).compiled)
        try (try Data(contentsOf: copiedLock) + Data(" ".utf8)).write(to: copiedLock)
        let edited = try await renderChunkProcess(planDir: moved, index: 0, output: scratch.file("chunks/edited.mp4"))
        XCTAssertEqual(edited.status, 3)
        XCTAssertTrue(edited.stderr.hasPrefix("error[PLAN_HASH_MISMATCH]"), edited.stderr)
    }
}
