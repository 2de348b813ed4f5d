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
        .testTarget(name: "FrameGateCoreTests", dependencies: ["FrameGateCore"]),
        .testTarget(name: "FrameGateMediaTests", dependencies: ["FrameGateMedia"]),
        .testTarget(name: "FrameGateBrowserTests", dependencies: ["FrameGateBrowser"]),
        .testTarget(name: "FrameGateEngineTests", dependencies: ["FrameGateEngine"]),
        .testTarget(name: "FrameGateDistributedTests", dependencies: ["FrameGateDistributed"]),
        .testTarget(name: "FrameGateHarnessTests", dependencies: ["FrameGateHarness"]),
    ],
    swiftLanguageModes: [.v6]
)
