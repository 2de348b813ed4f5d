import Foundation
import FrameGateMedia
import FrameGateCore

extension FixtureMeta {
    /// Reads and validates a meta.json. Every problem — a missing or unknown field, a wrong type, a value
    /// out of range — throws `HarnessError.invalidMeta` naming the file, the field path, what was given
    /// and what is allowed. Unknown fields are errors so that a typo ("minPnsr") cannot silently fall
    /// back to a default.
    public static func load(contentsOf url: URL) throws -> FixtureMeta {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HarnessError.io(path: url.path, reason: "cannot read meta.json: \(error.localizedDescription)")
        }
        return try parse(data, file: url.path)
    }

    /// Validates meta.json bytes; `file` names the source in errors.
    public static func parse(_ data: Data, file: String) throws -> FixtureMeta {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw HarnessError.invalidMeta(file: file, field: "(root)", given: "text that is not JSON",
                                           allowed: "a JSON object (\(describe(error)))")
        }
        return try MetaValidator(file: file).validate(root)
    }

    private static func describe(_ error: Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            return context.underlyingError.map { "\($0)" } ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// Field-by-field validation of a decoded meta.json.
private struct MetaValidator {
    let file: String

    static let topLevelFields = ["name", "description", "tags", "minPsnr", "maxFrameFailures",
                                 "minAudioCorrelation", "maxAudioLagWindows", "maxAudioResidualRmsDb", "digestParityOptOut",
                                 "minTilePsnr", "maxTileBias", "tileSize", "maxLoudnessDeltaLu", "maxAudioOffsetMs", "renderConfig"]
    static let renderConfigFields = ["fps", "format", "codec", "workers", "hdr", "variables", "chunkSize",
                                     "maxParallelChunks", "timezone", "locale", "assetRoots"]

    func fail(_ field: String, _ given: JSONValue?, _ allowed: String) -> HarnessError {
        .invalidMeta(file: file, field: field, given: given?.shortDescription ?? "nothing (the field is missing)",
                     allowed: allowed)
    }

    func validate(_ root: JSONValue) throws -> FixtureMeta {
        guard case let .object(fields) = root else { throw fail("(root)", root, "a JSON object") }
        try rejectUnknown(fields, known: Self.topLevelFields, prefix: "")

        let name = try requiredString(fields, "name", allowEmpty: false)
        let description = try requiredString(fields, "description", allowEmpty: true)
        let tags = try stringArray(fields, "tags")
        let minPsnr = try number(fields["minPsnr"], "minPsnr", range: 0...1000, allowed: "a number of dB, 0…1000")
        let maxFrameFailures = try integer(fields["maxFrameFailures"], "maxFrameFailures", range: 0...Checkpoints.count,
                                           allowed: "an integer 0…\(Checkpoints.count) (checkpoints allowed to fail)")
        let minAudioCorrelation = try number(fields["minAudioCorrelation"], "minAudioCorrelation", range: 0...1,
                                             allowed: "a number 0…1")
        let maxAudioLagWindows = try integer(fields["maxAudioLagWindows"], "maxAudioLagWindows", range: 1...100_000,
                                             allowed: "an integer ≥ 1 (envelope windows)")
        var residual: Double?
        if let value = fields["maxAudioResidualRmsDb"] {
            residual = try number(value, "maxAudioResidualRmsDb", range: -200...0, allowed: "a number of dBFS, -200…0")
        }
        var optOut: String?
        if let value = fields["digestParityOptOut"] {
            guard case let .string(reason) = value, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("digestParityOptOut", value, "a non-empty string saying why distributed frames may differ from in-process ones")
            }
            optOut = reason
        }
        let minTilePsnr = try fields["minTilePsnr"].map {
            try number($0, "minTilePsnr", range: 0...1000, allowed: "a number of dB, 0…1000 (the worst tile's PSNR floor)")
        }
        let maxTileBias = try fields["maxTileBias"].map {
            try number($0, "maxTileBias", range: 0...255, allowed: "a number of 8-bit levels, 0…255 (a tile's largest mean difference)")
        }
        let tileSize = try fields["tileSize"].map {
            let size = try integer($0, "tileSize", range: 8...256, allowed: "an even integer 8…256 (tile edge in pixels)")
            guard size % 2 == 0 else { throw fail("tileSize", $0, "an even integer 8…256 (tile edge in pixels)") }
            return size
        }
        let loudness = try fields["maxLoudnessDeltaLu"].map {
            try number($0, "maxLoudnessDeltaLu", range: 0...100, allowed: "a number of LU, 0…100")
        }
        let offset = try fields["maxAudioOffsetMs"].map {
            try number($0, "maxAudioOffsetMs", range: 0...10_000, allowed: "a number of milliseconds, 0…10000")
        }
        let renderConfig = try validateRenderConfig(fields["renderConfig"])
        return FixtureMeta(name: name, description: description, tags: tags, minPsnr: minPsnr,
                           maxFrameFailures: maxFrameFailures, minAudioCorrelation: minAudioCorrelation,
                           maxAudioLagWindows: maxAudioLagWindows, maxAudioResidualRmsDb: residual,
                           digestParityOptOut: optOut, minTilePsnr: minTilePsnr, maxTileBias: maxTileBias, tileSize: tileSize,
                           maxLoudnessDeltaLu: loudness, maxAudioOffsetMs: offset, renderConfig: renderConfig)
    }

    func validateRenderConfig(_ value: JSONValue?) throws -> FixtureRenderConfig {
        guard let value else { throw fail("renderConfig", nil, "an object with at least \"fps\"") }
        guard case let .object(fields) = value else { throw fail("renderConfig", value, "an object with at least \"fps\"") }
        try rejectUnknown(fields, known: Self.renderConfigFields, prefix: "renderConfig.")

        let fps = try frameRate(fields["fps"])
        var config = FixtureRenderConfig(fps: fps)
        if let value = fields["format"] {
            let allowed = OutputFormat.allCases.map(\.rawValue)
            guard case let .string(text) = value, let format = OutputFormat(rawValue: text) else {
                throw fail("renderConfig.format", value, "one of \(allowed.joined(separator: ", "))")
            }
            config.format = format
        }
        if let value = fields["codec"] {
            // The format's own list (OutputFormat): a codec the format cannot take is refused, not ignored.
            let format = config.effectiveFormat
            let allowed = format.allowedCodecs.map(\.rawValue)
            guard case let .string(text) = value, let codec = VideoCodec(rawValue: text), format.allowedCodecs.contains(codec) else {
                throw fail("renderConfig.codec", value, allowed.isEmpty
                    ? "no codec with format \(format.rawValue)"
                    : "with format \(format.rawValue): one of \(allowed.joined(separator: ", "))")
            }
            config.codec = codec
        }
        if let value = fields["workers"] {
            config.workers = try integer(value, "renderConfig.workers", range: 1...256, allowed: "an integer 1…256")
        }
        if let value = fields["hdr"] {
            guard case let .bool(flag) = value else { throw fail("renderConfig.hdr", value, "true or false") }
            config.hdr = flag
        }
        if let value = fields["variables"] {
            guard case let .object(variables) = value else {
                throw fail("renderConfig.variables", value, "a JSON object of variable id → value")
            }
            config.variables = variables
        }
        if let value = fields["chunkSize"] {
            config.chunkSize = try integer(value, "renderConfig.chunkSize", range: 1...1_000_000, allowed: "an integer ≥ 1 (frames per chunk)")
        }
        if let value = fields["maxParallelChunks"] {
            config.maxParallelChunks = try integer(value, "renderConfig.maxParallelChunks", range: 1...1024,
                                                   allowed: "an integer 1…1024")
        }
        for key in ["timezone", "locale"] {
            guard let value = fields[key] else { continue }
            guard case let .string(text) = value, !text.isEmpty else {
                throw fail("renderConfig.\(key)", value, key == "timezone" ? "an IANA time zone id such as \"Europe/Berlin\"" : "a BCP 47 locale such as \"de-DE\"")
            }
            if key == "timezone" { config.timezone = text } else { config.locale = text }
        }
        if let value = fields["assetRoots"] {
            guard case let .array(items) = value else {
                throw fail("renderConfig.assetRoots", value, "an array of folder paths, relative to the fixture directory")
            }
            config.assetRoots = try items.map { item in
                guard case let .string(text) = item, !text.isEmpty else {
                    throw fail("renderConfig.assetRoots", value, "an array of folder paths, relative to the fixture directory")
                }
                return text
            }
        }
        return config
    }

    func frameRate(_ value: JSONValue?) throws -> FrameRate {
        let allowed = "a positive integer (30) or a string \"num/den\" with positive integers (\"30000/1001\")"
        switch value {
        case .number?:
            guard let integer = value?.exactInteger, integer > 0, integer <= 1000 else {
                throw fail("renderConfig.fps", value, allowed)
            }
            return FrameRate(integer)
        case let .string(text)?:
            guard let rate = FrameRate(parsing: text), rate.value <= 1000 else { throw fail("renderConfig.fps", value, allowed) }
            return rate
        default:
            throw fail("renderConfig.fps", value, allowed)
        }
    }

    func rejectUnknown(_ fields: [String: JSONValue], known: [String], prefix: String) throws {
        // Sorted so the reported field is stable when several are unknown.
        if let unknown = fields.keys.filter({ !known.contains($0) }).sorted().first {
            throw HarnessError.invalidMeta(file: file, field: prefix + unknown, given: "an unknown field",
                                           allowed: "only \(known.joined(separator: ", "))")
        }
    }

    func requiredString(_ fields: [String: JSONValue], _ field: String, allowEmpty: Bool) throws -> String {
        let allowed = allowEmpty ? "a string" : "a non-empty string"
        guard case let .string(text)? = fields[field] else { throw fail(field, fields[field], allowed) }
        guard allowEmpty || !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(field, fields[field], allowed) }
        return text
    }

    func stringArray(_ fields: [String: JSONValue], _ field: String) throws -> [String] {
        let allowed = "an array of non-empty strings"
        guard case let .array(items)? = fields[field] else { throw fail(field, fields[field], allowed) }
        return try items.enumerated().map { index, item in
            guard case let .string(text) = item, !text.isEmpty else { throw fail("\(field)[\(index)]", item, "a non-empty string") }
            return text
        }
    }

    func number(_ value: JSONValue?, _ field: String, range: ClosedRange<Double>, allowed: String) throws -> Double {
        guard case let .number(n)? = value, n.isFinite, range.contains(n) else { throw fail(field, value, allowed) }
        return n
    }

    func integer(_ value: JSONValue?, _ field: String, range: ClosedRange<Int>, allowed: String) throws -> Int {
        guard let n = value?.exactInteger, range.contains(n) else { throw fail(field, value, allowed) }
        return n
    }
}
