import Foundation
import FrameGateMedia

/// Measures how a new render differs from the baseline it is about to replace, with the check path's
/// comparison (`Comparison`, `PNGSequenceComparison`, the fixture's thresholds), and writes before | after |
/// difference PNGs of the most changed frames (by tile PSNR; png-sequence: the first differing frames).
enum ChangeMeasure {
    /// Frames that get images.
    static let imageFrames = 3

    /// `reportRoot/images/<fixture>/` receives the PNGs; paths in the result are relative to `reportRoot`.
    static func changed(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore,
                        reportRoot: URL) throws -> FixtureChange {
        var change = FixtureChange(fixture: fixture.id, status: .changed)
        let baselineDigests = (try? FrameDigests.load(contentsOf: baselines.digests(for: fixture)).frames) ?? []
        let changed = FixtureChange.changedFrames(baseline: baselineDigests, rendered: rendered.digests)
        change.baselineFrames = baselineDigests.count
        change.renderedFrames = rendered.digests.count
        change.framesChanged = changed.count
        change.changedRanges = FixtureChange.ranges(changed)
        let rate = fixture.meta.renderConfig.fps
        change.baselineDuration = rate.duration(ofFrames: baselineDigests.count)
        change.renderedDuration = rate.duration(ofFrames: rendered.digests.count)
        let oldHTML = try? Data(contentsOf: baselines.compiledHTML(for: fixture))
        change.compiledHtmlChanged = oldHTML != Data(rendered.compiledHTML.utf8)
        let relative = "images/\(fixture.id)"
        let images = FailureArtifacts(directory: reportRoot.appendingPathComponent(relative))
        if rendered.format == .pngSequence {
            try pngSequence(fixture, rendered: rendered, baselines: baselines, changed: changed, images: images,
                            relative: relative, into: &change)
        } else {
            try video(fixture, rendered: rendered, baselines: baselines, images: images, relative: relative, into: &change)
        }
        return change
    }

    static func video(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore, images: FailureArtifacts,
                      relative: String, into change: inout FixtureChange) throws {
        let baseline = baselines.output(for: fixture)
        let options = ComparisonOptions(meta: fixture.meta, pathologyFloor: false, retainFailedFrames: 0)
        let report = try Comparison.compareVideosKeepingFrames(rendered: rendered.output, baseline: baseline, options: options).report
        let frames = report.visual.frames
        change.worstPsnr = frames?.lowestFramePsnr
        change.worstTilePsnr = frames?.lowestTilePsnr
        change.wouldFailCheck = !report.passed
        change.checkReason = [report.visual.reason, report.audio.passed ? nil : report.audio.reason].compactMap { $0 }
            .joined(separator: "; ").nilIfEmpty
        // The findings say where failing frames differ; a change within the thresholds has none, so the most
        // changed frames' regions describe it.
        var regions = (frames?.findings ?? []).map {
            FixtureChange.Region(fromFrame: $0.fromFrame, toFrame: $0.toFrame, region: $0.region, description: $0.description)
        }
        let worst = (frames?.worstFrames ?? []).prefix(imageFrames)
        if regions.isEmpty {
            regions = worst.map { score in
                let where_ = score.changedRegion.map { " in \($0)" } ?? ""
                return FixtureChange.Region(fromFrame: score.frame, toFrame: score.frame, region: score.changedRegion,
                                            description: String(format: "frame %d differs%@ (tile PSNR %.1f dB)", score.frame, where_, score.tilePsnr ?? 0))
            }
        }
        change.regions = regions
        let audio = report.audio
        change.audio = FixtureChange.Audio(baselineHasAudio: audio.baselineHasAudio, renderedHasAudio: audio.renderedHasAudio,
                                           correlation: audio.correlation, baselineLoudness: audio.signal?.baselineLoudness,
                                           renderedLoudness: audio.signal?.renderedLoudness,
                                           loudnessDelta: audio.signal?.loudnessDelta, offsetMs: audio.signal?.offsetMs,
                                           passesCheck: audio.passed)
        if audio.method == .packetIdenticalBaselineDecoded {
            // Same decoder input: the same samples, so no level or offset difference (the signal checks skip it).
            change.audio?.loudnessDelta = 0
            change.audio?.offsetMs = 0
        }
        // Images: decode the chosen frames again (forward, one decoder per file) at the baseline's size.
        let wanted = worst.map(\.frame).sorted()
        guard !wanted.isEmpty else { change.images = []; return }
        let before = try VideoDecoder(url: baseline, format: .yuv420p)
        let after = try VideoDecoder(url: rendered.output, format: .yuv420p, width: before.width, height: before.height)
        let encoder = try PNGEncoder()
        var written: [FixtureChange.Images] = []
        for frame in wanted {
            guard let old = try before.frame(at: frame), let new = try after.frame(at: frame) else { continue }
            let score = worst.first { $0.frame == frame }
            let entry = FixtureChange.Images(frame: frame, psnr: score?.psnr, tilePsnr: score?.tilePsnr,
                                             before: "\(relative)/before_\(frame).png", after: "\(relative)/after_\(frame).png",
                                             difference: "\(relative)/difference_\(frame).png")
            _ = try images.writePNG(encoder, FrameImages.rgba(fromYUV420: old), "before_\(frame).png")
            _ = try images.writePNG(encoder, FrameImages.rgba(fromYUV420: new), "after_\(frame).png")
            _ = try images.writePNG(encoder, FrameImages.heatmap(actual: new, expected: old), "difference_\(frame).png")
            written.append(entry)
        }
        // Most changed first, as the report lists them.
        change.images = written.sorted { ($0.tilePsnr ?? .infinity, $0.frame) < ($1.tilePsnr ?? .infinity, $1.frame) }
    }

    static func pngSequence(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore, changed: [Int],
                            images: FailureArtifacts, relative: String, into change: inout FixtureChange) throws {
        let baseline = baselines.output(for: fixture)
        let report = try PNGSequenceComparison.compare(rendered: rendered.output, baseline: baseline)
        change.wouldFailCheck = !report.passed
        change.checkReason = report.reason
        change.regions = FixtureChange.ranges(changed).map {
            .init(fromFrame: $0.from, toFrame: $0.to, region: nil,
                  description: $0.from == $0.to ? "frame \($0.from) differs" : "frames \($0.from)–\($0.to) differ")
        }
        let decoder = try PNGDecoder()
        let encoder = try PNGEncoder()
        var written: [FixtureChange.Images] = []
        // Frames are numbered from 1 in a sequence (frame_000001.png holds frame 0).
        for index in changed.prefix(imageFrames) where index < change.baselineFrames! && index < change.renderedFrames! {
            let name = OutputFormat.pngSequenceFileName(frame: index + 1)
            let old = try decoder.decode(fileAt: baseline.appendingPathComponent(name))
            let new = try decoder.decode(fileAt: rendered.output.appendingPathComponent(name))
            var entry = FixtureChange.Images(frame: index, psnr: nil, tilePsnr: nil, before: "\(relative)/before_\(index).png",
                                             after: "\(relative)/after_\(index).png", difference: nil)
            _ = try images.writePNG(encoder, old, "before_\(index).png")
            _ = try images.writePNG(encoder, new, "after_\(index).png")
            if old.width == new.width, old.height == new.height {
                entry.difference = "\(relative)/difference_\(index).png"
                _ = try images.writePNG(encoder, FrameImages.heatmap(FrameImages.luma(new), FrameImages.luma(old),
                                                                      width: old.width, height: old.height), "difference_\(index).png")
            }
            written.append(entry)
        }
        change.images = written
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
