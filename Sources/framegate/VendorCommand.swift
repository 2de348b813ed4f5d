import ArgumentParser
import FrameGateBrowser
import FrameGateEngine
import Foundation
import FrameGateCore

/// `framegate vendor PROJECT`: download every remote URL the composition uses into a content-addressed
/// store and lock them in PROJECT/framegate.lock.json, so renders stay offline.
struct VendorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendor",
        abstract: "Download the composition's remote URLs once, into a store and framegate.lock.json, so renders stay offline.",
        discussion: "Loads the composition in the browser with every http(s) request downloaded by FrameGate and seeks it through its duration, so CSS @import, font files and late elements are found too. Renders then answer each locked URL from the store (FRAMEGATE_VENDOR_STORE, else PROJECT/.framegate/vendor) after checking its SHA-256.")

    @Argument(help: "The project directory (holds index.html).")
    var projectDir: String

    @Option(help: "The store to write (a shared cache for CI); default: $FRAMEGATE_VENDOR_STORE, else PROJECT/.framegate/vendor. Renders look in $FRAMEGATE_VENDOR_STORE and the project's store.")
    var store: String?

    @Option(help: ArgumentHelp("Download ORIGIN/… from BASEURL/… (repeatable); the lock keeps the original URL.", valueName: "ORIGIN=BASEURL"))
    var mirror: [String] = []

    @Option(help: "Seconds one download may take.")
    var timeout: Double = 30

    @Option(help: "The entry file, relative to the project.")
    var entry: String = "index.html"

    @Option(name: .customLong("asset-root"),
            help: "A folder outside the project that the project's symlinks may point into (repeatable), as for render.")
    var assetRoots: [String] = []

    func run() async throws {
        guard timeout > 0, timeout.isFinite else {
            throw RenderError.invalidConfig("--timeout takes a number of seconds > 0 (got \(timeout))")
        }
        let mirrors = try mirror.map { try VendorMirror(parsing: $0) }
        let options = VendorOptions(entryPath: entry, store: store.map { VendorStore(root: URL(fileURLWithPath: $0)) },
                                    fetcher: RemoteFetcher(timeout: timeout, mirrors: mirrors),
                                    assetRoots: assetRoots.map {
                                        URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
                                    })
        let onTerminal = isatty(STDERR_FILENO) == 1
        let summary = try await Vendorer.vendor(projectDir: URL(fileURLWithPath: projectDir), options: options) { download in
            guard onTerminal else { return }
            let via = download.redirectedTo.map { " (redirected to \($0))" } ?? ""
            writeStderr("  ↓ \(download.url)\(via) \(download.data.count) bytes\n")
        }
        for url in summary.unrequested {
            writeStderr("warning: \(url) is written in the project but the page never requested it, so it is not locked; a render that asks for it fails with NETWORK_ACCESS_BLOCKED\n")
        }
        let count = summary.lock.assets.count
        print("vendored \(count) URL\(count == 1 ? "" : "s"), \(summary.bytes) bytes: \(summary.added.count) new, \(summary.unchanged.count) unchanged, \(summary.removed.count) removed")
        print("lock:  \(summary.lockFile.path)")
        print("store: \(summary.store.root.path)")
    }
}
