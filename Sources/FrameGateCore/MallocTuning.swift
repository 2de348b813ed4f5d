#if canImport(Glibc)
import Glibc

// malloc.h is not part of Swift's Glibc module.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Bounds how much freed memory glibc keeps resident (framegate's peak RSS).
///
/// A render moves frame-sized buffers (a 1280×720 screenshot, its base64 text, its RGBA pixels: megabytes
/// each) between a dozen threads (the DevTools reader, decode and encode queues, the cooperative pool).
/// By default glibc gives each contending thread an arena of its own, up to 8 per core, keeps freed blocks
/// resident in whichever arena they came from, and after the first large free serves even multi-megabyte
/// blocks from those arenas instead of mapping them. A 300-frame 1280×720 render peaked at 261 MiB with
/// ~15 MiB of live heap, and `framegate test` (two fixtures at a time) at 553 MiB.
public enum MallocTuning {
    // malloc.h
    private static let arenaMaxParameter: Int32 = -8      // M_ARENA_MAX
    private static let mmapThresholdParameter: Int32 = -3 // M_MMAP_THRESHOLD

    /// Two arenas hold the same work; the framegate process measured no CPU difference.
    static let arenaLimit: Int32 = 2
    /// Blocks this large get their own mapping, returned to the system when freed. Fixed, so glibc does
    /// not raise it after the first large free. Costs ~2.5 ms of system time per 1280×720 frame (page
    /// faults on fresh mappings), measured against ~90 MiB less peak in a 300-frame render.
    static let mmapThreshold: Int32 = 1 << 20

    /// Call once, first thing in the process, before other threads start allocating.
    public static func boundRetainedMemory() {
        #if canImport(Glibc)
        _ = glibcMallopt(arenaMaxParameter, arenaLimit)
        _ = glibcMallopt(mmapThresholdParameter, mmapThreshold)
        #endif
    }

    /// Gives the free pages of every arena back to the system: after a unit of work (a fixture) whose
    /// buffers are all gone, so the next one does not start on top of the last one's high-water mark.
    public static func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}
