import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// The gate's new meta.json fields: validated like the others, and a fixture that sets only the seed's fields
/// still gets the localized measure and the audio signal checks.
final class GateMetaTests: XCTestCase {
    func parse(_ extra: [String: Any]) throws -> FixtureMeta {
        var object = MetaValidationTests.valid
        for (key, value) in extra { object[key] = value }
        return try FixtureMeta.parse(try JSONSerialization.data(withJSONObject: object), file: "fixtures/basic/meta.json")
    }

    func testSeedFieldsOnlyGetTheDefaults() throws {
        let options = ComparisonOptions(meta: try parse([:]), pathologyFloor: false)
        XCTAssertEqual(options.tiles, TileOptions(size: 16, minPsnr: 20, maxBias: 5))
        XCTAssertEqual(options.audioSignal?.maxLoudnessDeltaLu, 1)
        XCTAssertEqual(options.audioSignal?.maxOffsetMs, 40)
        XCTAssertEqual(options.audioSignal?.minChannelCorrelation, 0.9)
        // A permissive minPsnr scales the localized defaults with it.
        let lossy = ComparisonOptions(meta: try parse(["minPsnr": 20]), pathologyFloor: false)
        XCTAssertEqual(lossy.tiles.minPsnr, 10)
        XCTAssertEqual(lossy.tiles.maxBias, 5 * pow(10, 0.5), accuracy: 1e-9)
    }

    func testTheFieldsTuneTheChecks() throws {
        let meta = try parse(["minTilePsnr": 20, "maxTileBias": 6, "tileSize": 32, "maxLoudnessDeltaLu": 2, "maxAudioOffsetMs": 80])
        let options = ComparisonOptions(meta: meta, pathologyFloor: false)
        XCTAssertEqual(options.tiles, TileOptions(size: 32, minPsnr: 20, maxBias: 6))
        XCTAssertEqual(options.audioSignal?.maxLoudnessDeltaLu, 2)
        XCTAssertEqual(options.audioSignal?.maxOffsetMs, 80)
    }

    func testBadValuesNameTheFieldAndWhatIsAllowed() throws {
        let cases: [(String, Any, String)] = [
            ("tileSize", 15, "an even integer 8…256"), ("tileSize", 4, "an even integer 8…256"),
            ("minTilePsnr", "high", "a number of dB"), ("maxTileBias", -1, "a number of 8-bit levels"),
            ("maxLoudnessDeltaLu", -0.5, "a number of LU"), ("maxAudioOffsetMs", 1e6, "a number of milliseconds"),
        ]
        for (field, value, allowed) in cases {
            XCTAssertThrowsError(try parse([field: value]), "\(field) = \(value)") { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(field) && message.contains(allowed), message)
                XCTAssertEqual((error as? HarnessError).map { _ in true }, true)
            }
        }
    }
}
