import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateCore

final class ExitStatusTests: XCTestCase {
    func testEveryCodeHasOneStatusAndConfigurationErrorsAreUsageErrors() {
        XCTAssertEqual(ErrorCode.invalidArgument.exitStatus, .usage)
        XCTAssertEqual(ErrorCode.formatNotSupportedInDistributed.exitStatus, .usage)
        XCTAssertEqual(ErrorCode.seekTimeout.exitStatus, .failure)
        XCTAssertEqual(ErrorCode.planHashMismatch.exitStatus, .failure)
        // Nothing maps to success or to the test command's "fixture failed".
        for code in ErrorCode.allCases {
            XCTAssertTrue([ExitStatus.usage, .failure].contains(code.exitStatus), code.rawValue)
        }
    }

    func testCodedErrorPrintsItsCode() {
        XCTAssertEqual(CoreError.io(path: "/x", reason: "gone").description, "error[IO_FAILED]: /x: gone")
    }
}

final class FrameRateTests: XCTestCase {
    func testParsingRefusesZeroNegativeGarbageAndAbsurdRates() {
        XCTAssertEqual(FrameRate(parsing: "30000/1001"), FrameRate(30000, 1001))
        XCTAssertEqual(FrameRate(parsing: "24"), FrameRate(24))
        for text in ["0", "-1", "abc", "30/0", "1/2/3", "1000", "5000000000/1", ""] {
            XCTAssertNil(FrameRate(parsing: text), text)
        }
    }

    func testFrameIndexInvertsFrameTimeAtEveryRate() {
        for rate in [FrameRate(24), FrameRate(30), FrameRate(60), FrameRate(30000, 1001), FrameRate(25)] {
            for index in [0, 1, 2, 29, 30, 299, 1799, 100_000] {
                XCTAssertEqual(rate.frameIndex(atTime: rate.time(ofFrame: index)), index, "\(rate) frame \(index)")
            }
        }
    }

    func testFrameCountRule() {
        XCTAssertEqual(FrameRate(30).frameCount(forDuration: 2), 60)
        XCTAssertEqual(FrameRate(30).frameCount(forDuration: 2.00001), 60)  // within 1e-3 of an integer
        XCTAssertEqual(FrameRate(30).frameCount(forDuration: 2.01), 61)    // else ceil
        XCTAssertEqual(FrameRate(30000, 1001).frameCount(forDuration: 1001.0 / 30000.0 * 90), 90)
    }
}

final class JSONValueTests: XCTestCase {
    func testRoundTripKeepsIntegersBooleansAndOrder() throws {
        let text = #"{"b":[1,1.5,true,null,"x"],"a":{"n":-3}}"#
        let value = try JSONValue(parsing: Data(text.utf8))
        XCTAssertEqual(value["b"]?.arrayValue?.first?.intValue, 1)
        XCTAssertEqual(value["b"]?.arrayValue?[2].boolValue, true)
        XCTAssertEqual(value.serializedString, #"{"a":{"n":-3},"b":[1,1.5,true,null,"x"]}"#)
    }
}

final class AtomicPublishTests: XCTestCase {
    func testPublishSwapsADirectoryAndWriteLeavesNoStaging() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("core-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let target = base.appendingPathComponent("out")
        try AtomicPublish.createDirectory(target)
        try Data("old".utf8).write(to: target.appendingPathComponent("a"))
        let staged = AtomicPublish.stagingURL(for: target)
        try AtomicPublish.createDirectory(staged)
        try Data("new".utf8).write(to: staged.appendingPathComponent("b"))
        try AtomicPublish.publish(staged, to: target)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.path), ["b"])
        try AtomicPublish.write(Data("x".utf8), to: base.appendingPathComponent("f.json"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted(), ["f.json", "out"])
    }

    func testTemporaryDirectoryIsCreatedAndRemoved() throws {
        let directory = try TemporaryDirectory(prefix: "framegate-core-test")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.url.path))
        directory.remove()
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url.path))
    }
}

final class LockedTests: XCTestCase {
    func testConcurrentIncrementsAreNotLost() async {
        let counter = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<1000 { counter.withLock { $0 += 1 } } } }
        }
        XCTAssertEqual(counter.value, 8000)
    }
}
