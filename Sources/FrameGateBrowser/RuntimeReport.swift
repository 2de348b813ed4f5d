/// What only the running page can say about a composition. Everything else — size, timing, media —
/// is decided by FrameGate's compiler and described by its model (`CompiledComposition`), which the
/// engine, the harness and the distributed plan all use; the page only reads the compiler's stamps.
public struct RuntimeReport: Codable, Sendable, Equatable {
    /// The root's `data-composition-id`.
    public var compositionId: String?
    /// Root `data-duration`, else the latest stamped end (`data-fg-end`) or registered timeline end.
    public var duration: Double
    /// Keys of `window.__timelines`: composition ids (each sub-composition instance has its own).
    public var timelines: [String]
    /// `window.__hyperframes.getVariables()` as JSON text (defaults merged with overrides).
    public var variablesJSON: String?
}
