import Foundation
import FrameGateCore
import XCTest
import FrameGateTestSupport

/// Two `framegate test --update` on one baselines directory at once, 20 rounds. Before the lock, 2 of 11
/// rounds ended with a baseline holding only digests.json. Now each run either updates (exit 0, UPDATED)
/// or is refused at once (exit 2, BASELINES_LOCKED), and after every round the baseline is complete and
/// no staging sibling is left.
final class ConcurrentUpdateTests: XCTestCase {
    func testTwentyRoundsOfTwoConcurrentUpdatesLeaveACompleteBaseline() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("tiny", TinyFixture(duration: 0.5))
        XCTAssertEqual(try workspace.test(["--update", "tiny"]).status, 0)
        var updated = 0, locked = 0
        for round in 1...20 {
            let results = Locked<[ProcessResult]>([])
            let group = DispatchGroup()
            for _ in 0..<2 {
                group.enter()
                DispatchQueue.global().async {
                    if let result = try? workspace.testProcess(["--update", "tiny"]) { results.withLock { $0.append(result) } }
                    group.leave()
                }
            }
            group.wait()
            let finished = results.value
            XCTAssertEqual(finished.count, 2, "round \(round)")
            for result in finished {
                if result.status == 0 {
                    XCTAssertTrue(result.stderr.contains("UPDATED tiny"), "round \(round): \(result.stderr)")
                    updated += 1
                } else {
                    XCTAssertEqual(result.status, 2, "round \(round): \(result.stderr)")
                    XCTAssertTrue(result.stderr.contains("error[BASELINES_LOCKED]"), "round \(round): \(result.stderr)")
                    locked += 1
                }
            }
            XCTAssertTrue(finished.contains { $0.status == 0 }, "round \(round): at least one update wins")
            let tree = try workspace.tree(workspace.baselines)
            XCTAssertEqual(Set(tree.keys), ["tiny/output.mp4", "tiny/compiled.html", "tiny/digests.json", "tiny/environment.json"],
                           "round \(round)")
            XCTAssertFalse(tree.values.contains { $0.isEmpty }, "round \(round): an empty baseline file")
            XCTAssertEqual(try workspace.entries(workspace.baselines), ["tiny"], "round \(round): no staging siblings")
        }
        print("concurrent --update: \(updated) updated, \(locked) refused with BASELINES_LOCKED over 20 rounds")
        // The control: the baseline the rounds left passes a normal run.
        XCTAssertEqual(try workspace.test(["tiny"]).status, 0)
    }
}

