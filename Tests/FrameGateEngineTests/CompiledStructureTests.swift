import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

final class CompiledStructureTests: XCTestCase {
    private let baselineHTML = """
    <div id="root" data-composition-id="main"><div id="a" data-start="1" data-end="2"></div>
    <video id="v" data-start="0" data-has-audio="true"></video><div id="h"><div data-composition-id="card"></div></div></div>
    """

    func testParse() {
        let s = CompiledStructure.parse(html: baselineHTML)
        XCTAssertEqual(s.elementIds, ["root", "a", "v", "h"])
        XCTAssertEqual(s.compositionIds, ["main", "card"])
        XCTAssertEqual(s.timing["a"], .init(start: 1, end: 2))
        XCTAssertEqual(s.timing["v"], .init(start: 0, end: nil))
        XCTAssertEqual(s.hasAudio, ["v": true])
    }

    func testIdenticalHasNoDifferences() {
        let s = CompiledStructure.parse(html: baselineHTML)
        XCTAssertEqual(CompiledStructure.compare(baseline: s, actual: s), [])
    }

    func testMissingIdIsErrorExtraIsWarning() {
        let base = CompiledStructure.parse(html: baselineHTML)
        let actual = CompiledStructure.parse(html: baselineHTML.replacingOccurrences(of: "id=\"h\"", with: "id=\"h2\""))
        let diffs = CompiledStructure.compare(baseline: base, actual: actual)
        XCTAssertEqual(diffs.map(\.severity), [.error, .warning])
        XCTAssertEqual(diffs.map(\.id), ["h", "h2"])
    }

    func testTimingDriftBeyondOneMillisecondIsError() {
        let base = CompiledStructure.parse(html: baselineHTML)
        let within = CompiledStructure.parse(html: baselineHTML.replacingOccurrences(of: "data-end=\"2\"", with: "data-end=\"2.0009\""))
        XCTAssertEqual(CompiledStructure.compare(baseline: base, actual: within), [])
        let beyond = CompiledStructure.parse(html: baselineHTML.replacingOccurrences(of: "data-end=\"2\"", with: "data-end=\"2.0011\""))
        let diffs = CompiledStructure.compare(baseline: base, actual: beyond)
        XCTAssertEqual(diffs.count, 1)
        XCTAssertEqual(diffs.first?.severity, .error)
        XCTAssertTrue(diffs.first?.message.contains("\"a\"") ?? false)
        XCTAssertTrue(diffs.first?.message.contains("end 2s") ?? false, diffs.first?.message ?? "")
        XCTAssertTrue(diffs.first?.message.contains("end 2.0011s") ?? false)
    }

    func testCompositionIdsAndHasAudioChangesAreErrors() {
        let base = CompiledStructure.parse(html: baselineHTML)
        let renamed = CompiledStructure.parse(html: baselineHTML.replacingOccurrences(of: "\"card\"", with: "\"card2\""))
        XCTAssertEqual(CompiledStructure.compare(baseline: base, actual: renamed).map(\.severity), [.error])
        let silent = CompiledStructure.parse(html: baselineHTML.replacingOccurrences(of: "data-has-audio=\"true\"", with: "data-has-audio=\"false\""))
        let diffs = CompiledStructure.compare(baseline: base, actual: silent)
        XCTAssertEqual(diffs.map(\.severity), [.error])
        XCTAssertTrue(diffs[0].message.contains("baseline true, now false"), diffs[0].message)
    }

    func testStampsAreTheTimingAndAuthoredTimesAreIgnored() {
        let html = #"<div id="root" data-composition-id="main"><div id="a" data-start="b + 1" data-fg-start="3" data-fg-end="4.5" data-end="9"></div><i id="o" data-start="2" data-fg-start="7"></i></div>"#
        let s = CompiledStructure.parse(html: html)
        XCTAssertEqual(s.timing["a"], .init(start: 3, end: 4.5))
        XCTAssertEqual(s.timing["o"], .init(start: 7, end: nil), "open-ended: no end stamp, whatever data-end says")
    }
}
