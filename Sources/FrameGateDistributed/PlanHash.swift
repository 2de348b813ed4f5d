import FrameGateMedia
import Foundation

/// planHash (DESIGN.md): SHA-256 over a versioned prefix, every planDir file except plan.json as
/// sorted (path, content hash) pairs, the canonical encoder.json, and the engine and libav versions.
/// Workers recompute it from the bytes on disk. v2: the rate, size and format are covered once, by
/// encoder.json (v1 hashed them a second time as "num/den×W×H×format").
public enum PlanHash {
    static let prefix = "framegate-plan-hash-v2\n"

    public static func compute(planDir: URL, lock: EncoderLock, engineVersion: String, libavVersion: String) throws -> String {
        let digest = SHA256Digest()
        digest.update(Array(prefix.utf8))
        for relative in try files(in: planDir) where relative != "plan.json" {
            let url = planDir.appendingPathComponent(relative)
            guard let content = FileManager.default.contents(atPath: url.path) else {
                throw DistributedError.missingArtifact(path: relative)
            }
            digest.update(Array("\(relative)\0\(SHA256Digest.hex(of: content))\n".utf8))
        }
        digest.update(try canonicalJSON(lock))
        digest.update(Array("\n\(engineVersion)\n\(libavVersion)\n".utf8))
        return digest.finalizeHex()
    }

    /// Regular files below `root`, relative, sorted bytewise so every machine orders them alike.
    static func files(in root: URL) throws -> [String] {
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(relative)
            }
        }
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    static func canonicalJSON(_ lock: EncoderLock) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(lock)
    }
}
