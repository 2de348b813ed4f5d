import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness
import FrameGateCore

final class MetaValidationTests: XCTestCase {
    nonisolated(unsafe) static let valid: [String: Any] = [
        "name": "basic", "description": "a box", "tags": ["smoke", "css"], "minPsnr": 30, "maxFrameFailures": 2,
        "minAudioCorrelation": 0.9, "maxAudioLagWindows": 3,
        "renderConfig": ["fps": 30, "format": "mp4", "codec": "h264", "workers": 2, "hdr": false,
                         "variables": ["title": "Hi"], "chunkSize": 12, "maxParallelChunks": 4],
    ]

    func json(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object)
    }

    func testValidMetaLoads() throws {
        let meta = try FixtureMeta.parse(try json(Self.valid), file: "fixtures/basic/meta.json")
        XCTAssertEqual(meta.name, "basic")
        XCTAssertEqual(meta.tags, ["smoke", "css"])
        XCTAssertEqual(meta.minPsnr, 30)
        XCTAssertEqual(meta.renderConfig.fps, FrameRate(30))
        XCTAssertEqual(meta.renderConfig.format, .mp4)
        XCTAssertEqual(meta.renderConfig.codec, .h264)
        XCTAssertEqual(meta.renderConfig.variables?["title"], .string("Hi"))
        XCTAssertNil(meta.maxAudioResidualRmsDb)
        XCTAssertNil(meta.renderConfig.assetRoots)
    }

    func testAssetRootsLoad() throws {
        var object = Self.valid
        var config = object["renderConfig"] as! [String: Any]
        config["assetRoots"] = ["../shared", "/srv/brand"]
        object["renderConfig"] = config
        let meta = try FixtureMeta.parse(try json(object), file: "fixtures/basic/meta.json")
        XCTAssertEqual(meta.renderConfig.assetRoots, ["../shared", "/srv/brand"])
    }

    func testFractionalFPSAndOptionalFields() throws {
        var object = Self.valid
        object["maxAudioResidualRmsDb"] = -30
        object["renderConfig"] = ["fps": "30000/1001", "format": "png-sequence"]
        let meta = try FixtureMeta.parse(try json(object), file: "m.json")
        XCTAssertEqual(meta.renderConfig.fps, FrameRate(30000, 1001))
        XCTAssertEqual(meta.renderConfig.format, .pngSequence)
        XCTAssertEqual(meta.maxAudioResidualRmsDb, -30)
    }

    /// Each malformed field gives an error naming the file, that field, what was given and what is allowed.
    func testEachMalformedFieldGivesItsMessage() throws {
        typealias Edit = (inout [String: Any]) -> Void
        func config(_ edit: @escaping (inout [String: Any]) -> Void) -> Edit {
            { object in
                var rc = object["renderConfig"] as! [String: Any]
                edit(&rc)
                object["renderConfig"] = rc
            }
        }
        let cases: [(edit: Edit, field: String, given: String, allowed: String)] = [
            ({ $0["name"] = nil }, "name", "missing", "non-empty string"),
            ({ $0["name"] = "" }, "name", "\"\"", "non-empty string"),
            ({ $0["name"] = 7 }, "name", "7", "non-empty string"),
            ({ $0["description"] = ["x"] }, "description", "an array", "a string"),
            ({ $0["tags"] = "smoke" }, "tags", "\"smoke\"", "an array of non-empty strings"),
            ({ $0["tags"] = ["ok", 3] }, "tags[1]", "3", "a non-empty string"),
            ({ $0["minPsnr"] = "30" }, "minPsnr", "\"30\"", "a number of dB"),
            ({ $0["minPsnr"] = -1 }, "minPsnr", "-1", "a number of dB"),
            ({ $0["maxFrameFailures"] = 1.5 }, "maxFrameFailures", "1.5", "an integer 0…100"),
            ({ $0["maxFrameFailures"] = 101 }, "maxFrameFailures", "101", "an integer 0…100"),
            ({ $0["maxFrameFailures"] = true }, "maxFrameFailures", "true", "an integer"),
            ({ $0["minAudioCorrelation"] = 1.2 }, "minAudioCorrelation", "1.2", "a number 0…1"),
            ({ $0["minAudioCorrelation"] = nil }, "minAudioCorrelation", "missing", "a number 0…1"),
            ({ $0["maxAudioLagWindows"] = 0 }, "maxAudioLagWindows", "0", "an integer ≥ 1"),
            ({ $0["maxAudioLagWindows"] = 2.5 }, "maxAudioLagWindows", "2.5", "an integer ≥ 1"),
            ({ $0["maxAudioResidualRmsDb"] = 6 }, "maxAudioResidualRmsDb", "6", "dBFS"),
            ({ $0["maxAudioResidualRmsDb"] = "loud" }, "maxAudioResidualRmsDb", "\"loud\"", "dBFS"),
            ({ $0["minPnsr"] = 30 }, "minPnsr", "unknown field", "only name, description"),
            ({ $0["renderConfig"] = nil }, "renderConfig", "missing", "an object"),
            ({ $0["renderConfig"] = 30 }, "renderConfig", "30", "an object"),
            (config { $0["fps"] = nil }, "renderConfig.fps", "missing", "\"num/den\""),
            (config { $0["fps"] = 0 }, "renderConfig.fps", "0", "a positive integer"),
            (config { $0["fps"] = 29.97 }, "renderConfig.fps", "29.97", "\"30000/1001\""),
            (config { $0["fps"] = "30000/0" }, "renderConfig.fps", "\"30000/0\"", "num/den"),
            (config { $0["fps"] = "fast" }, "renderConfig.fps", "\"fast\"", "num/den"),
            (config { $0["format"] = "avi" }, "renderConfig.format", "\"avi\"", "mp4, mov, webm, png-sequence"),
            (config { $0["codec"] = "vp9" }, "renderConfig.codec", "\"vp9\"", "h264, h265"),
            (config { $0["format"] = "webm"; $0["codec"] = "h265" }, "renderConfig.codec", "\"h265\"", "with format webm: one of vp9"),
            (config { $0["workers"] = 0 }, "renderConfig.workers", "0", "an integer 1…256"),
            (config { $0["hdr"] = "yes" }, "renderConfig.hdr", "\"yes\"", "true or false"),
            (config { $0["variables"] = [1, 2] }, "renderConfig.variables", "an array", "a JSON object"),
            (config { $0["chunkSize"] = -4 }, "renderConfig.chunkSize", "-4", "an integer ≥ 1"),
            (config { $0["maxParallelChunks"] = "16" }, "renderConfig.maxParallelChunks", "\"16\"", "an integer 1…1024"),
            (config { $0["chunksize"] = 10 }, "renderConfig.chunksize", "unknown field", "chunkSize"),
            (config { $0["assetRoots"] = "../shared" }, "renderConfig.assetRoots", "\"../shared\"", "an array of folder paths"),
            (config { $0["assetRoots"] = [1] }, "renderConfig.assetRoots", "an array", "an array of folder paths"),
        ]
        for (number, testCase) in cases.enumerated() {
            var object = Self.valid
            testCase.edit(&object)
            XCTAssertThrowsError(try FixtureMeta.parse(try json(object), file: "fixtures/x/meta.json"), "case \(number)") { error in
                guard case let HarnessError.invalidMeta(file, field, given, allowed) = error else {
                    return XCTFail("case \(number): unexpected \(error)")
                }
                XCTAssertEqual(file, "fixtures/x/meta.json")
                XCTAssertEqual(field, testCase.field, "case \(number)")
                XCTAssertTrue(given.contains(testCase.given), "case \(number): given '\(given)' lacks '\(testCase.given)'")
                XCTAssertTrue(allowed.contains(testCase.allowed), "case \(number): allowed '\(allowed)' lacks '\(testCase.allowed)'")
                let message = (error as! HarnessError).description
                XCTAssertTrue(message.hasPrefix("error[INVALID_ARGUMENT]: fixtures/x/meta.json: field '\(testCase.field)'"), message)
            }
        }
    }

    func testNotJSONAndNotAnObject() {
        XCTAssertThrowsError(try FixtureMeta.parse(Data("{ nope".utf8), file: "a.json")) { error in
            guard case let HarnessError.invalidMeta(_, field, _, allowed) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "(root)")
            XCTAssertTrue(allowed.contains("JSON object"))
        }
        XCTAssertThrowsError(try FixtureMeta.parse(Data("[1]".utf8), file: "a.json")) { error in
            guard case let HarnessError.invalidMeta(_, field, given, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "(root)")
            XCTAssertEqual(given, "an array")
        }
    }

    func testRoundTripThroughCodable() throws {
        let meta = try FixtureMeta.parse(try json(Self.valid), file: "m.json")
        let data = try HarnessJSON.fileData(meta)
        XCTAssertEqual(try FixtureMeta.parse(data, file: "m2.json"), meta)
    }
}
