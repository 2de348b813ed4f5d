import CLibAV
import Foundation

/// SHA-256 through libavutil, so digests need no extra dependency and match across processes.
public final class SHA256Digest {
    private let context: OpaquePointer

    public init() {
        context = av_sha_alloc()
        av_sha_init(context, 256)
    }

    deinit { av_free(UnsafeMutableRawPointer(context)) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        // av_sha_update takes a size_t in 5.x but an unsigned int in 4.x; slicing keeps both safe.
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            av_sha_update(context, base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), length)
            offset += length
        }
    }

    public func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest as lowercase hex. Call once: the context is spent afterwards.
    public func finalizeHex() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        av_sha_final(context, &out)
        return out.map { String(format: "%02x", $0) }.joined()
    }

    public static func hex<Bytes: ContiguousBytes>(of bytes: Bytes) -> String {
        let digest = SHA256Digest()
        digest.update(bytes)
        return digest.finalizeHex()
    }
}
