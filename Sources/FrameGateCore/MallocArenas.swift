#if canImport(Glibc)
import Glibc

/// glibc's `mallopt` (malloc.h is not part of Swift's Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Bounds how much freed memory glibc keeps resident across threads.
///
/// A render moves frame-sized buffers (a 1280×720 screenshot, its base64 text, its RGBA pixels: megabytes
/// each) between a dozen threads (the DevTools reader, decode and encode queues, the cooperative pool).
/// glibc gives each contending thread an arena of its own, up to 8 per core, and freed blocks stay resident
/// in whichever arena they came from, so the process's peak grew with the render (a 300-frame 1280×720
/// render: 261 MiB peak, of which ~15 MiB live heap). Two arenas hold the same work with a fraction of the
/// retained memory; the framegate process measured no CPU difference.
public enum MallocArenas {
    /// M_ARENA_MAX in malloc.h.
    private static let arenaMaxParameter: Int32 = -8
    static let limit: Int32 = 2

    /// Call once, first thing in the process, before other threads start allocating.
    public static func limitForFrameBuffers() {
        #if canImport(Glibc)
        _ = glibcMallopt(arenaMaxParameter, limit)
        #endif
    }
}
