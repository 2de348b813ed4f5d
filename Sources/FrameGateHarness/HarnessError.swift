import FrameGateMedia
import FrameGateCore

/// Errors of the harness library. Config problems (meta.json, fixture selection) map to
/// `INVALID_ARGUMENT` so the CLI can exit 2 for them; media problems keep the media codes.
public enum HarnessError: CodedError, Equatable {
    /// A meta.json field is malformed. `field` is a path such as `renderConfig.fps`.
    case invalidMeta(file: String, field: String, given: String, allowed: String)
    case fixturesDirectoryMissing(path: String)
    case duplicateFixture(id: String, first: String, second: String)
    case unknownFixture(name: String, available: [String])
    case invalidDigests(path: String, reason: String)
    /// A baseline's environment.json is not a `BaselineEnvironment`.
    case invalidEnvironment(path: String, reason: String)
    case invalidPNGSequence(path: String, reason: String)
    /// A file the comparison needs has no video stream.
    case noVideoStream(path: String)
    /// One or more checkpoint frames do not exist in a file (`compare` reports this as an error).
    case missingCheckpointFrames(path: String, frames: [Int])
    case io(path: String, reason: String)
    /// Another `framegate test --update` holds the baselines directory.
    case baselinesLocked(path: String)
    /// A staged baseline lacks a file it must hold; it is not published.
    case incompleteBaseline(path: String, missing: String)
    /// merge-reports: a results.json that is missing, malformed or of another version.
    case invalidResults(path: String, reason: String)
    /// merge-reports: the same fixture in the same mode in two inputs (overlapping shards).
    case duplicateResult(fixture: String, mode: String, first: String, second: String)

    public var code: ErrorCode {
        switch self {
        case .invalidMeta, .fixturesDirectoryMissing, .duplicateFixture, .unknownFixture, .invalidDigests,
             .invalidEnvironment, .invalidPNGSequence, .invalidResults, .duplicateResult:
            return .invalidArgument
        case .noVideoStream, .missingCheckpointFrames:
            return .mediaDecodeFailed
        case .io, .incompleteBaseline:
            return .ioFailed
        case .baselinesLocked:
            return .baselinesLocked
        }
    }

    public var message: String {
        switch self {
        case let .invalidMeta(file, field, given, allowed):
            return "\(file): field '\(field)' is invalid: given \(given); allowed: \(allowed)"
        case let .fixturesDirectoryMissing(path):
            return "fixtures directory \(path) does not exist; pass --fixtures DIR pointing at the directory holding fixtures/<name>/meta.json"
        case let .duplicateFixture(id, first, second):
            return "fixture id '\(id)' is defined twice: \(first) and \(second); rename one of the directories"
        case let .unknownFixture(name, available):
            let close = FixtureNames.close(to: name, in: available)
            let guess = close.isEmpty ? "no fixture has a similar name;" : "did you mean \(close.joined(separator: ", "))?"
            let list = available.isEmpty ? "(none)"
                : available.count <= 40 ? available.joined(separator: ", ")
                : "\(available.count) fixtures, `framegate test --list` prints them"
            return "no fixture named '\(name)'; \(guess) available fixtures: \(list)"
        case let .invalidDigests(path, reason):
            return "\(path) is not a valid digests file: \(reason); expected {\"frames\": [\"<64 hex chars>\", ...]} (regenerate with framegate test --update)"
        case let .invalidEnvironment(path, reason):
            return "\(path) is not a valid environment record: \(reason); delete it (the baseline's environment is then unknown) or regenerate the baseline with framegate test --update"
        case let .invalidPNGSequence(path, reason):
            return "\(path) is not a valid png sequence: \(reason); expected frame_000001.png, frame_000002.png, ..."
        case let .noVideoStream(path):
            return "\(path) has no video stream; compare needs a video file (mp4, mov or webm)"
        case let .missingCheckpointFrames(path, frames):
            let shown = frames.prefix(10).map(String.init).joined(separator: ", ")
            return "\(path) ends before checkpoint frame(s) \(shown)\(frames.count > 10 ? ", ..." : ""); the file is truncated or its stream duration is wrong"
        case let .io(path, reason):
            return "cannot access \(path): \(reason)"
        case let .baselinesLocked(path):
            return "another `framegate test --update` is updating \(path); wait for it to finish and run again (two updates at once would each replace the other's baselines)"
        case let .invalidResults(path, reason):
            return "\(path): \(reason)"
        case let .duplicateResult(fixture, mode, first, second):
            return "fixture '\(fixture)' (\(mode)) is in both \(first) and \(second); each fixture and mode must come from one shard — pass each shard's report directory once"
        case let .incompleteBaseline(path, missing):
            return "the new baseline staged at \(path) has no \(missing); the old baseline is kept — re-run `framegate test --update`"
        }
    }
}
