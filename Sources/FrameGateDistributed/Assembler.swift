import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

/// assemble(planDir, chunks, audio, out): joins chunk files in plan order without re-encoding, muxes the
/// planner's audio and applies faststart; png-sequence chunks merge with continuous numbering.
public enum Assembler {
    public struct Result: Sendable {
        public var output: URL
        public var frameCount: Int
        /// Every frame's capture digest, in order, from the chunk receipts.
        public var digests: [String]
    }

    @discardableResult
    public static func assemble(planDir: URL, chunks: [URL], audio: URL? = nil, output: URL) async throws -> Result {
        // Packet remux and file moves block: a queue of their own, not a task thread.
        try await WorkQueue(label: "assemble").run {
            try assembleBlocking(planDir: planDir, chunks: chunks, audio: audio, output: output)
        }
    }

    private static func assembleBlocking(planDir: URL, chunks: [URL], audio: URL?, output: URL) throws -> Result {
        let layout = PlanLayout(planDir)
        for url in [layout.manifest, layout.chunks] where !FileManager.default.fileExists(atPath: url.path) {
            throw DistributedError.missingArtifact(path: ChunkRenderer.relative(url, to: planDir))
        }
        let manifest = try PlanJSON.decode(PlanManifest.self, from: layout.manifest)
        let specs = try PlanJSON.decode([ChunkSpec].self, from: layout.chunks)
        // Nothing the command reads may be what it writes: not the planDir, a chunk, or the audio.
        var inputs = [OutputPath.Protected(planDir, role: "the planDir")]
        inputs += chunks.enumerated().map { OutputPath.Protected($0.element, role: "chunk file \($0.offset)") }
        if let audio { inputs.append(.init(audio, role: "the --audio input")) }
        try OutputAssembler.checkOutput(output, format: manifest.format, protecting: inputs)
        guard chunks.count == specs.count else {
            if chunks.count > specs.count {
                throw DistributedError.chunkMismatch("assemble got \(chunks.count) chunk files but the plan has \(specs.count) chunks (0…\(specs.count - 1)); pass exactly one file per chunk, in order")
            }
            throw DistributedError.chunkMismatch("assemble got \(chunks.count) chunk(s) but the plan has \(specs.count); render the missing chunk(s) \(missingIndices(chunks, specs)) and pass all of them in order")
        }
        var digests: [String] = []
        for (position, (chunk, spec)) in zip(chunks, specs).enumerated() {
            guard FileManager.default.fileExists(atPath: chunk.path) else {
                throw DistributedError.chunkMismatch("chunk \(position) (\(chunk.path)) does not exist; run `framegate render-chunk --chunk \(position)`")
            }
            let receiptURL = ChunkReceipt.url(for: chunk)
            guard let data = FileManager.default.contents(atPath: receiptURL.path),
                  let receipt = try? JSONDecoder().decode(ChunkReceipt.self, from: data) else {
                throw DistributedError.chunkMismatch("\(receiptURL.path) is missing or unreadable; re-render chunk \(position) with `framegate render-chunk`")
            }
            guard receipt.planHash == manifest.planHash else {
                throw DistributedError.chunkCorrupt(path: chunk.path, reason: "its receipt names another plan (planHash \(receipt.planHash.prefix(12))…, this plan \(manifest.planHash.prefix(12))…)")
            }
            let actual = try ChunkDigest.of(chunk)
            guard actual == receipt.sha256 else {
                throw DistributedError.chunkCorrupt(path: chunk.path, reason: "its SHA-256 is \(actual.prefix(12))… but its receipt recorded \(receipt.sha256.prefix(12))… (the file was changed, truncated or swapped)")
            }
            guard receipt.index == spec.index, receipt.start == spec.start, receipt.end == spec.end else {
                throw DistributedError.chunkMismatch("position \(position) holds chunk \(receipt.index) (frames \(receipt.start)..<\(receipt.end)); pass the chunks in plan order 0…\(specs.count - 1)")
            }
            digests += receipt.digests
        }

        let audioURL = audio ?? manifest.audioFile.map { planDir.appendingPathComponent($0) }
        let work = try TemporaryDirectory(prefix: ".assemble", in: output.deletingLastPathComponent())
        defer { work.remove() }
        if manifest.format == .pngSequence {
            let merged = work.url.appendingPathComponent("frames")
            try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
            var number = 1
            for chunk in chunks {
                let names = try FileManager.default.contentsOfDirectory(atPath: chunk.path)
                    .filter { $0.hasPrefix("frame_") && $0.hasSuffix(".png") }.sorted()
                for name in names {
                    try FileManager.default.copyItem(at: chunk.appendingPathComponent(name),
                                                     to: merged.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: number)))
                    number += 1
                }
            }
            try OutputAssembler.publishSequence(frames: merged, audio: audioURL, to: output)
        } else {
            try OutputAssembler.assembleEncoded(chunks, audio: audioURL, format: manifest.format, workDir: work.url, to: output)
        }
        return Result(output: output, frameCount: digests.count, digests: digests)
    }

    private static func missingIndices(_ chunks: [URL], _ specs: [ChunkSpec]) -> String {
        let given = Set(chunks.compactMap { url -> Int? in
            guard let data = FileManager.default.contents(atPath: ChunkReceipt.url(for: url).path) else { return nil }
            return (try? JSONDecoder().decode(ChunkReceipt.self, from: data))?.index
        })
        return specs.map(\.index).filter { !given.contains($0) }.map(String.init).joined(separator: ", ")
    }
}
