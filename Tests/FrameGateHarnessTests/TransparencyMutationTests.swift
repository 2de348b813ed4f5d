import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// The transparency fixtures against their committed baselines: untouched copies pass; copies whose page
/// gains an opaque black full-frame layer (what a capture that lost the transparent default background gives
/// where nothing is painted; a layer, since html/body/root backgrounds are cleared for alpha outputs) fail — webm and mov in the visual check (alpha plane), png-sequence byte for byte.
final class TransparencyMutationTests: XCTestCase {
    static let corpus = ["transparent-mov", "transparent-webm", "transparent-png"]

    func testAnOpaqueBackgroundFailsEachTransparencyFixture() throws {
        let untouched = try HarnessWorkspace(), mutated = try HarnessWorkspace()
        for id in Self.corpus {
            try untouched.copyCorpus(id)
            try mutated.copyCorpus(id)
            try mutated.edit("fixtures/\(id)/src/index.html", replacing: "html, body { margin: 0; }",
                             with: "html, body { margin: 0; } #root::before { content: ''; position: absolute; inset: 0; background: #000; }")
        }
        let clean = try untouched.test([]), run = try mutated.test([])
        XCTAssertEqual(clean.status, 0, clean.description)
        XCTAssertEqual(clean.summaryCount("passed"), 3, clean.description)

        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertEqual(run.summaryCount("failed"), 3, run.description)
        for id in ["transparent-mov", "transparent-webm"] {
            XCTAssertEqual(run.failedStages(id), ["visual"], "\(id): \(run.stderr)")
            let visual = try XCTUnwrap(run.event("visual_comparison_complete", fixture: id))
            XCTAssertEqual(visual["passed"] as? Bool, false, id)
        }
        XCTAssertEqual(run.failedStages("transparent-png"), ["png_sequence"], run.stderr)
    }
}
