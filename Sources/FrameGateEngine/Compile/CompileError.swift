import FrameGateMedia
import FrameGateCore

public enum CompileError: CodedError, Equatable {
    /// The entry file is missing, or has no root element.
    case compositionNotFound(file: String, fileExists: Bool)
    /// A zero, negative or non-numeric duration.
    case invalidDuration(element: String, value: String)
    case missingSubComposition(host: String, path: String)
    /// File paths, first repeated at the end: a → b → a.
    case circularSubComposition(cycle: [String])
    /// A `data-start` names a clip that does not exist or has no known end.
    case unknownClipReference(element: String, reference: String, reason: String)
    /// `data-start` references that loop back: a → b → a (element ids).
    case circularClipReference(cycle: [String])
    case invalidAttribute(element: String, attribute: String, value: String, expected: String)
    case missingMedia(element: String, path: String)
    case badVariables(String)
    /// A file the compiler would read resolves (through a symlink) outside the project.
    case fileOutsideProject(path: String, resolved: String)
    case projectNotFound(path: String)
    /// A referenced file is a Git LFS pointer (`LFSPointer`).
    case lfsPointer(path: String)

    public var code: ErrorCode {
        switch self {
        case .compositionNotFound: return .compositionNotFound
        case .invalidDuration: return .durationOutOfRange
        case .missingSubComposition, .circularSubComposition, .unknownClipReference, .circularClipReference,
             .invalidAttribute, .missingMedia: return .invalidComposition
        case .badVariables: return .invalidArgument
        case .fileOutsideProject: return .assetOutsideProject
        case .projectNotFound: return .invalidArgument
        case .lfsPointer: return .assetLFSPointer
        }
    }

    public var message: String {
        switch self {
        case let .compositionNotFound(file, exists):
            if !exists { return "composition file \(file) does not exist; create it or pass the right entry file" }
            return "no root element in \(file): add data-composition-id=\"main\" (or data-root=\"true\") to the element that holds the composition"
        case let .invalidDuration(element, value):
            return "\(element) has data-duration=\"\(value)\"; a duration must be a number greater than 0 seconds"
        case let .missingSubComposition(host, path):
            return "\(host) has data-composition-src=\"\(path)\" but that file does not exist in the project; fix the path or add the file"
        case let .circularSubComposition(cycle):
            return "sub-compositions include each other: \(cycle.joined(separator: " → ")); remove one of the data-composition-src references"
        case let .unknownClipReference(element, reference, reason):
            return "\(element) has data-start=\"\(reference)\": \(reason)"
        case let .circularClipReference(cycle):
            return "data-start clip references form a cycle: \(cycle.joined(separator: " → ")); give one of them a numeric data-start"
        case let .invalidAttribute(element, attribute, value, expected):
            return "\(element) has \(attribute)=\"\(value)\"; expected \(expected)"
        case let .missingMedia(element, path):
            return "\(element) refers to \(path), which does not exist in the project; fix src or add the file"
        case let .badVariables(reason):
            return "bad composition variables: \(reason)"
        case let .fileOutsideProject(path, resolved):
            return "\(path) resolves to \(resolved), outside the project directory; the compiler reads only files inside the project (copy the file in, or allow the folder the link points into with --asset-root DIR / renderConfig.assetRoots)"
        case let .projectNotFound(path):
            return "the project directory \(path) does not exist or is not a directory; pass the directory that holds index.html"
        case let .lfsPointer(path):
            return "\(path) is a Git LFS pointer, not the file it stands for; run `git lfs pull` in the repository (or copy the real file in)"
        }
    }
}
