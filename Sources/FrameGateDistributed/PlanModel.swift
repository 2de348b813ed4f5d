import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

/// plan.json: what a worker checks before it renders anything.
public struct PlanManifest: Codable, Sendable, Equatable {
    public static let currentProtocol = 1
    public var protocolVersion: Int
    public var planHash: String
    public var engineVersion: String
    public var libavVersion: String
    public var browserVersion: String
    public var fps: FrameRate
    public var width: Int
    public var height: Int
    public var format: OutputFormat
    public var codec: VideoCodec?
    public var totalFrames: Int
    public var chunkCount: Int
    public var duration: Double
    public var hasAudio: Bool
    /// Relative to the planDir; nil without sound.
    public var audioFile: String?
}

public struct ChunkSpec: Codable, Sendable, Equatable {
    public var index: Int
    public var start: Int
    public var end: Int
    public var frames: Range<Int> { start..<end }
}

/// The environment a chunk must reproduce. Nothing of it goes through the worker's process environment:
/// time zone and locale reach the page through the DevTools protocol, exactly as in-process.
public struct EnvironmentSnapshot: Codable, Sendable, Equatable {
    public var engineVersion: String
    public var libavVersion: String
    public var browserVersion: String
    /// Time zone, locale and pre-roll policy of every chunk's page, locked by the planner.
    public var page: PageEnvironment
}

/// meta/encoder.json: the locked render configuration.
public struct EncoderLock: Codable, Sendable, Equatable {
    public var fps: FrameRate
    public var width: Int
    public var height: Int
    public var format: OutputFormat
    public var codec: VideoCodec?
    public var quality: Quality
    public var chunkSize: Int
    public var maxParallelChunks: Int
    public var entryPath: String
    /// The overrides the compiled page was built with (already injected into compiled/), for the record.
    public var variablesJSON: String?
    public var environment: EnvironmentSnapshot?
}

/// What `framegate render-chunk` leaves beside its output, so `assemble` can check order and plan.
public struct ChunkReceipt: Codable, Sendable, Equatable {
    public var index: Int
    public var start: Int
    public var end: Int
    public var planHash: String
    /// SHA-256 of the chunk file (or of a png-sequence chunk's files): `assemble` recomputes it.
    public var sha256: String
    public var digests: [String]

    public static func url(for chunk: URL) -> URL {
        chunk.deletingLastPathComponent().appendingPathComponent(chunk.lastPathComponent + ".chunk.json")
    }
}

/// Paths inside a planDir.
public struct PlanLayout: Sendable {
    public let root: URL
    public init(_ root: URL) { self.root = root }

    public var manifest: URL { root.appendingPathComponent("plan.json") }
    public var compiled: URL { root.appendingPathComponent("compiled") }
    public var composition: URL { root.appendingPathComponent("meta/composition.json") }
    public var encoder: URL { root.appendingPathComponent("meta/encoder.json") }
    public var chunks: URL { root.appendingPathComponent("meta/chunks.json") }
    public var videos: URL { root.appendingPathComponent("meta/videos.json") }
    /// The vendor store of the plan: the files compiled/framegate.lock.json locks, nothing else.
    public var vendor: URL { root.appendingPathComponent("vendor") }
}

enum PlanJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DistributedError.missingArtifact(path: url.lastPathComponent)
        }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw DistributedError.invalidPlan(path: url.path, reason: describe(error))
        }
    }

    /// A DecodingError in words (the field and what was wrong), not its Swift dump.
    static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return error.localizedDescription }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return keys.isEmpty ? "the top level" : "`\(keys)`"
        }
        switch decoding {
        case let .keyNotFound(key, context):
            return "field `\(key.stringValue)` is missing at \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "\(path(context)) has the wrong type"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "cannot be decoded"
        }
    }
}
