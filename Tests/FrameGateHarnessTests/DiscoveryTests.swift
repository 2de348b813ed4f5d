import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

final class DiscoveryTests: XCTestCase {
    func meta(_ name: String, tags: [String] = []) -> String {
        let tagList = tags.map { "\"\($0)\"" }.joined(separator: ",")
        return """
        {"name": "\(name)", "description": "", "tags": [\(tagList)], "minPsnr": 30, "maxFrameFailures": 0,
         "minAudioCorrelation": 0.9, "maxAudioLagWindows": 3, "renderConfig": {"fps": 30}}
        """
    }

    func makeFixture(_ scratch: Scratch, _ path: String, tags: [String] = []) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        try scratch.write(meta(name, tags: tags), to: "\(path)/meta.json")
        try scratch.write("<div data-composition-id='c'></div>", to: "\(path)/src/index.html")
    }

    func testFindsTopLevelAndDistributedFixturesAndWarnsOnOthers() throws {
        let scratch = try Scratch()
        try makeFixture(scratch, "alpha", tags: ["slow"])
        try makeFixture(scratch, "distributed/beta", tags: ["chunks"])
        try makeFixture(scratch, "gamma")
        try scratch.write("{}", to: "no-index/meta.json")                 // not a fixture: no src/index.html
        try scratch.write("<p/>", to: "no-meta/src/index.html")            // not a fixture: no meta.json
        try scratch.write("notes", to: "README.md")                        // files are ignored
        try scratch.write("x", to: ".hidden/whatever")                     // dot-dirs are ignored

        let result = try FixtureDiscovery.discover(in: scratch.url)
        XCTAssertEqual(result.fixtures.map(\.id), ["alpha", "beta", "gamma"])
        XCTAssertEqual(result.fixtures.map(\.isInDistributedGroup), [false, true, false])
        XCTAssertEqual(result.fixtures[1].directory.path, scratch.url.appendingPathComponent("distributed/beta").path)
        XCTAssertEqual(result.warnings.count, 2, "\(result.warnings)")
        XCTAssertTrue(result.warnings.contains { $0.contains("no-index") && $0.contains("src/index.html") })
        XCTAssertTrue(result.warnings.contains { $0.contains("no-meta") && $0.contains("meta.json") })
    }

    func testDuplicateIdNamesBothDirectories() throws {
        let scratch = try Scratch()
        try makeFixture(scratch, "same")
        try makeFixture(scratch, "distributed/same")
        XCTAssertThrowsError(try FixtureDiscovery.discover(in: scratch.url)) { error in
            guard case let HarnessError.duplicateFixture(id, first, second) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, "same")
            XCTAssertEqual(Set([first, second]), [scratch.url.appendingPathComponent("same").path,
                                                  scratch.url.appendingPathComponent("distributed/same").path])
            XCTAssertTrue((error as! HarnessError).message.contains("distributed/same"))
        }
    }

    func testInvalidMetaFailsDiscovery() throws {
        let scratch = try Scratch()
        try makeFixture(scratch, "ok")
        try scratch.write(meta("bad").replacingOccurrences(of: "\"fps\": 30", with: "\"fps\": \"quick\""), to: "bad/meta.json")
        try scratch.write("<p/>", to: "bad/src/index.html")
        XCTAssertThrowsError(try FixtureDiscovery.discover(in: scratch.url)) { error in
            guard case let HarnessError.invalidMeta(file, field, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix("bad/meta.json"))
            XCTAssertEqual(field, "renderConfig.fps")
        }
    }

    func testMissingFixturesDirectory() {
        XCTAssertThrowsError(try FixtureDiscovery.discover(in: URL(fileURLWithPath: "/nonexistent/fixtures"))) { error in
            XCTAssertEqual(error as? HarnessError, .fixturesDirectoryMissing(path: "/nonexistent/fixtures"))
        }
    }

    func testFilterByNamesAndExcludedTags() throws {
        let scratch = try Scratch()
        try makeFixture(scratch, "alpha", tags: ["slow"])
        try makeFixture(scratch, "distributed/beta", tags: ["chunks", "slow"])
        try makeFixture(scratch, "gamma", tags: ["fast"])
        let all = try FixtureDiscovery.discover(in: scratch.url).fixtures

        XCTAssertEqual(try FixtureDiscovery.select(all, names: [], excludedTags: []).map(\.id), ["alpha", "beta", "gamma"])
        XCTAssertEqual(try FixtureDiscovery.select(all, names: [], excludedTags: ["slow"]).map(\.id), ["gamma"])
        XCTAssertEqual(try FixtureDiscovery.select(all, names: ["gamma", "beta"], excludedTags: []).map(\.id), ["beta", "gamma"])
        // A named fixture carrying an excluded tag is still excluded.
        XCTAssertEqual(try FixtureDiscovery.select(all, names: ["beta"], excludedTags: ["chunks"]).map(\.id), [])

        XCTAssertThrowsError(try FixtureDiscovery.select(all, names: ["delta"], excludedTags: [])) { error in
            XCTAssertEqual(error as? HarnessError, .unknownFixture(name: "delta", available: ["alpha", "beta", "gamma"]))
            XCTAssertTrue((error as! HarnessError).message.contains("alpha, beta, gamma"))
        }
    }
}
