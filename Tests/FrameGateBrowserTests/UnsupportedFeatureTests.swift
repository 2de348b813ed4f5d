import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// A page that asks for WebGPU fails the render: the headless shell has no adapter to give it, and the page
/// would otherwise return early and leave its canvas empty with exit 0.
final class UnsupportedFeatureTests: XCTestCase {
    private func open(_ script: String) async throws -> (TestProject, CaptureSession) {
        let project = try TestProject(["index.html": page(body: "", script: script)])
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        return (project, session)
    }

    func testAskingForAWebGPUAdapterIsWebGPUNotSupported() async throws {
        let project = try TestProject(["index.html": page(body: "", script: """
            (async () => { const adapter = await navigator.gpu.requestAdapter(); window.adapterWas = String(adapter); })();
            """)])
        var opened: CaptureSession?
        // The adapter's answer comes asynchronously: during the load, or by the first seeks.
        let error = await expectCode(.webGPUNotSupported) {
            let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                        options: CaptureOptions(width: 160, height: 90))
            opened = session
            try await session.seek(to: 0.5)
            try await session.seek(to: 1)
        }
        XCTAssertTrue(error?.message.contains("navigator.gpu.requestAdapter()") == true, "\(String(describing: error))")
        await opened?.close()
    }

    func testControlAPageWithNavigatorGpuThatAsksNothingRenders() async throws {
        let (_, session) = try await open("window.hasGpu = typeof navigator.gpu;")
        try await session.seek(to: 1)
        let seen = try await session.evaluate("window.hasGpu")
        XCTAssertEqual(seen, #""object""#)
        await session.close()
    }
}
