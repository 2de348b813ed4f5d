import FrameGateMedia

/// One source placed on the mix timeline. Times are seconds; `source` is already at the mix's
/// sample rate and channel count.
public struct AudioPlacement: Sendable, Equatable {
    public var source: AudioBuffer
    /// Where playback begins on the mix timeline.
    public var start: Double
    /// How long it plays; nil: until the trimmed source ends, or (looping) until the mix ends.
    public var duration: Double?
    /// Seconds trimmed from the head of the source.
    public var mediaStart: Double
    public var volume: Double
    /// Repeats the trimmed region (from `mediaStart` to the source's end).
    public var loop: Bool

    public init(source: AudioBuffer, start: Double, duration: Double? = nil, mediaStart: Double = 0, volume: Double = 1, loop: Bool = false) {
        self.source = source; self.start = start; self.duration = duration
        self.mediaStart = mediaStart; self.volume = volume; self.loop = loop
    }
}
