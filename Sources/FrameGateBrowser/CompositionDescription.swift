/// What the runtime reads from the loaded page: the root's size and duration, and every timed,
/// audio and video element with its resolved timing and raw data-* attributes.
public struct CompositionDescription: Codable, Sendable, Equatable {
    public struct TimedElement: Codable, Sendable, Equatable {
        public var id: String?
        public var tag: String
        /// Resolved start in seconds (`clipId + n` references resolved).
        public var start: Double
        /// nil: open-ended.
        public var duration: Double?
        public var trackIndex: Double?
        public var attributes: [String: String]
    }

    public struct MediaElement: Codable, Sendable, Equatable {
        public var id: String?
        public var tag: String
        /// The src attribute as written (or the first <source>'s).
        public var src: String?
        /// The src as a path relative to the project root, when it points inside the project.
        public var path: String?
        public var start: Double
        public var duration: Double?
        /// data-media-start (alias data-playback-start), seconds into the source.
        public var mediaStart: Double
        /// data-volume clamped to 0…3.98 (default 1).
        public var volume: Double
        public var loop: Bool
        public var muted: Bool
        public var trackIndex: Double?
        public var attributes: [String: String]
    }

    public var compositionId: String?
    public var width: Int
    public var height: Int
    /// Root data-duration, else the latest end of timed elements and timelines.
    public var duration: Double
    public var timedElements: [TimedElement]
    public var audio: [MediaElement]
    public var videos: [MediaElement]
    /// Keys of window.__timelines.
    public var timelines: [String]
    /// window.__hyperframes.getVariables() as JSON text (defaults merged with overrides).
    public var variablesJSON: String?
}
