import FrameGateMedia
import Foundation

/// The SHA-256 a chunk receipt records for its chunk, so `assemble` trusts no chunk it cannot verify: a
/// file's bytes, or for a png-sequence chunk (a directory) its sorted (name, content hash) pairs.
enum ChunkDigest {
    static func of(_ chunk: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: chunk.path, isDirectory: &isDirectory) else {
            throw DistributedError.chunkCorrupt(path: chunk.path, reason: "it does not exist")
        }
        guard isDirectory.boolValue else {
            guard let data = FileManager.default.contents(atPath: chunk.path) else {
                throw DistributedError.chunkCorrupt(path: chunk.path, reason: "it cannot be read")
            }
            return SHA256Digest.hex(of: data)
        }
        let digest = SHA256Digest()
        for name in try PlanHash.files(in: chunk) {
            guard let data = FileManager.default.contents(atPath: chunk.appendingPathComponent(name).path) else {
                throw DistributedError.chunkCorrupt(path: chunk.path, reason: "\(name) cannot be read")
            }
            digest.update(Array("\(name)\0\(SHA256Digest.hex(of: data))\n".utf8))
        }
        return digest.finalizeHex()
    }
}
