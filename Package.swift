// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: Core ← Media ← Browser ← Engine ← Distributed ← Harness ← framegate.
let package = Package(
    name: "FrameGate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "framegate", targets: ["framegate"]),
        .library(name: "FrameGateCore", targets: ["FrameGateCore"]),
        .library(name: "FrameGateMedia", targets: ["FrameGateMedia"]),
        .library(name: "FrameGateBrowser", targets: ["FrameGateBrowser"]),
        .library(name: "FrameGateEngine", targets: ["FrameGateEngine"]),
        .library(name: "FrameGateDistributed", targets: ["FrameGateDistributed"]),
        .library(name: "FrameGateHarness", targets: ["FrameGateHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 of every captured frame: BoringSSL's SHA-NI/AVX2 code is ~10× libavutil's C version.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibAV",
            pkgConfig: "libavformat libavcodec libavutil libswscale libswresample",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev"]),
            ]
        ),
        // What every layer shares: error codes and the exit-status table, FrameRate, JSONValue, atomic
        // publishing, temporary directories, the lock box. No libav, no browser.
        .target(name: "FrameGateCore"),
        .target(name: "FrameGateMedia", dependencies: ["FrameGateCore", "CLibAV", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "FrameGateBrowser",
            dependencies: ["FrameGateMedia"],
            resources: [.copy("Resources/runtime.js")]
        ),
        .target(name: "FrameGateEngine", dependencies: ["FrameGateMedia", "FrameGateBrowser"]),
        .target(name: "FrameGateDistributed", dependencies: ["FrameGateEngine"]),
        .target(name: "FrameGateHarness", dependencies: ["FrameGateDistributed", "FrameGateEngine", "FrameGateMedia"]),
        .executableTarget(
            name: "framegate",
            dependencies: [
                "FrameGateHarness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // ci/bench's own measurements (the bare capture floor, a per-stage profile); not a product.
        .executableTarget(
            name: "framegate-bench",
            dependencies: ["FrameGateEngine", "FrameGateHarness"],
            path: "Benchmarks/FrameGateBench"
        ),
        // What the test targets share: scratch directories, child processes and the framegate executable,
        // the ffmpeg/ffprobe references, WAV writers, PSNR, coded-error assertions, the event log. Low in the
        // graph on purpose; helpers that need the browser, the engine or the harness stay in their own test target.
        .target(name: "FrameGateTestSupport", dependencies: ["FrameGateCore", "FrameGateMedia"], path: "Tests/FrameGateTestSupport"),
        .testTarget(name: "FrameGateCoreTests", dependencies: ["FrameGateCore", "FrameGateTestSupport"]),
        .testTarget(name: "FrameGateMediaTests", dependencies: ["FrameGateMedia", "FrameGateTestSupport"]),
        .testTarget(name: "FrameGateBrowserTests", dependencies: ["FrameGateBrowser", "FrameGateTestSupport"]),
        .testTarget(name: "FrameGateEngineTests", dependencies: ["FrameGateEngine", "FrameGateTestSupport"]),
        .testTarget(name: "FrameGateDistributedTests", dependencies: ["FrameGateDistributed", "FrameGateTestSupport"]),
        .testTarget(name: "FrameGateHarnessTests", dependencies: ["FrameGateHarness", "FrameGateTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
