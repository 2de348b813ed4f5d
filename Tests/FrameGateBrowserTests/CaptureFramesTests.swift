import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

final class CaptureFramesTests: XCTestCase {
    static let html = page(width: 320, height: 180, duration: 2, style: """
        @keyframes slide { from { transform: translateX(0px); } to { transform: translateX(280px); } }
        #mover { left: 0; top: 60px; width: 40px; height: 40px; background: rgb(200, 30, 30); animation: slide 2s linear forwards; }
        #label { left: 10px; top: 10px; font: 20px sans-serif; }
        """, body: """
        <div id="mover" class="box"></div><div id="label" class="box">frames</div>
        <video id="v" class="box" style="left:200px;top:120px;width:100px;height:50px"></video>
        """)

    func testFramesStreamInOrderAndMatchSingleCaptures() async throws {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": Self.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 320, height: 180))
        let fps = FrameRate(30000, 1001)
        let streamed = Locked<[CapturedFrame]>([]), injected = Locked<[Int]>([])
        try await session.captureFrames(10..<16, frameRate: fps, beforeCapture: { index, time in
            injected.withLock { $0.append(index) }
            XCTAssertEqual(time, fps.time(ofFrame: index))
            let shade = UInt8(index * 10)
            try await session.showVideoFrame(elementId: "v", frame: RGBAFrame(width: 8, height: 4, fill: (shade, shade, 255, 255)))
        }, consume: { frame in
            streamed.withLock { $0.append(frame) }
        })
        let streamedFrames = streamed.value
        XCTAssertEqual(injected.value, Array(10..<16))
        XCTAssertEqual(streamedFrames.map(\.index), Array(10..<16))
        XCTAssertEqual(streamedFrames.map(\.time), (10..<16).map { fps.time(ofFrame: $0) })
        for frame in streamedFrames {
            XCTAssertEqual(frame.image.width, 320)
            XCTAssertEqual(frame.digest, frame.image.digest)
            XCTAssertEqual(frame.image.rgb(250, 145), [frame.index * 10, frame.index * 10, 255], "injected video frame \(frame.index)")
        }
        XCTAssertEqual(Set(streamedFrames.map(\.digest)).count, streamedFrames.count, "the mover moves every frame")

        // The same frames captured one by one.
        for expected in streamedFrames {
            try await session.seek(to: expected.time)
            let shade = UInt8(expected.index * 10)
            try await session.showVideoFrame(elementId: "v", frame: RGBAFrame(width: 8, height: 4, fill: (shade, shade, 255, 255)))
            let single = try await session.capture(index: expected.index, time: expected.time)
            XCTAssertEqual(single.digest, expected.digest, "frame \(expected.index)")
        }
        await session.close()
    }

    func testConsumerErrorStopsTheCapture() async throws {
        struct Stop: Error {}
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": Self.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 320, height: 180))
        let consumed = Locked(0)
        do {
            try await session.captureFrames(0..<60, frameRate: FrameRate(30), consume: { _ in
                let count = consumed.withLock { $0 += 1; return $0 }
                if count == 3 { throw Stop() }
            })
            XCTFail("the consumer's error must propagate")
        } catch is Stop {}
        XCTAssertEqual(consumed.value, 3)
        // The session is still usable afterwards.
        let frame = try await session.capture()
        XCTAssertEqual(frame.image.width, 320)
        await session.close()
    }

    func testJPEGDraftCaptureDecodes() async throws {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": Self.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                    options: CaptureOptions(width: 320, height: 180, imageFormat: .jpeg(quality: 90)))
        try await session.seek(to: 0)
        let frame = try await session.capture().image
        XCTAssertEqual(frame.width, 320)
        XCTAssertEqual(frame.height, 180)
        let red = frame.rgb(20, 80)
        XCTAssertLessThan(abs(red[0] - 200) + abs(red[1] - 30) + abs(red[2] - 30), 30, "\(red)")
        let white = frame.rgb(300, 10)
        XCTAssertGreaterThan(white.min()!, 245, "\(white)")
        await session.close()
    }

    /// Not an assertion on time (no timing assertions): prints captureFrames throughput against the
    /// bare floor of plain Page.captureScreenshot calls on the same page, at 1280×720.
    func testThroughputAgainstTheBareScreenshotLoop() async throws {
        let browser = try await BrowserPool.shared.get()
        let html = page(width: 1280, height: 720, duration: 2, style: """
            @keyframes slide { from { transform: translateX(0px); } to { transform: translateX(1100px); } }
            #mover { left: 0; top: 300px; width: 120px; height: 120px; background: linear-gradient(45deg, red, blue); animation: slide 2s linear forwards; }
            #title { left: 40px; top: 40px; font: 64px sans-serif; }
            body { background: linear-gradient(180deg, #223, #446); }
            """, body: #"<div id="mover" class="box"></div><div id="title" class="box">Throughput</div>"#)
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 1280, height: 720))
        let count = 30
        _ = try await session.bareCaptureLoop(count: 3) // warm-up
        let bare = try await session.bareCaptureLoop(count: count)
        let frames = Locked(0)
        let start = Date()
        try await session.captureFrames(0..<count, frameRate: FrameRate(30), consume: { frame in
            XCTAssertEqual(frame.image.width, 1280)
            frames.withLock { $0 += 1 }
        })
        let piped = Date().timeIntervalSince(start)
        XCTAssertEqual(frames.value, count)
        let bareFPS = Double(count) / bare, pipedFPS = Double(count) / piped
        print(String(format: "THROUGHPUT 1280x720: bare captureScreenshot %.2f fps, captureFrames %.2f fps, ratio %.3f",
                     bareFPS, pipedFPS, pipedFPS / bareFPS))
        await session.close()
    }
}
