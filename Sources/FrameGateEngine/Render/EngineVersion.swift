/// Bumped whenever a change can alter rendered pixels or encoded bytes; plans record it and workers refuse
/// a plan made by another engine version.
public enum EngineVersion {
    public static let current = "framegate-engine/0.3.0"
}
