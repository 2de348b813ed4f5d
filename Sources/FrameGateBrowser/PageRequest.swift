/// One request a page made and how the asset server answered it: the record that shows a page (a
/// composition, or the harness's HTML report) used nothing but its own directory.
public struct PageRequest: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// A file of the project directory (or the entry override).
        case served
        /// Inside the project but absent, or under a directory no snapshot carries.
        case notFound = "not-found"
        /// Resolved outside the project directory.
        case outsideProject = "outside-project"
        /// A remote URL locked in framegate.lock.json, answered from the verified vendor store.
        case vendored
        /// Any other origin: never fetched by a render (`framegate vendor` downloads it itself).
        case blocked
        /// data:, blob:, about: — handled by the browser, nothing leaves it.
        case passThrough = "pass-through"

        init(_ decision: AssetResolver.Decision) {
            switch decision {
            case .file, .entryOverride: self = .served
            case .notFound, .excluded: self = .notFound
            case .outsideProject: self = .outsideProject
            case .locked: self = .vendored
            case .blocked: self = .blocked
            case .passThrough: self = .passThrough
            }
        }
    }

    public var url: String
    public var outcome: Outcome
}
