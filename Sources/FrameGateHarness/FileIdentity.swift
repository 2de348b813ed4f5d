import Foundation

enum FileIdentity {
    /// True when both files hold the same bytes. Deterministic renders are usually byte-identical to
    /// their baseline, and identical bytes decode to identical frames, so the visual check can skip
    /// decoding one file and all PSNR work. Sizes are compared first; reading stops at the first
    /// differing block.
    static func sameBytes(_ a: URL, _ b: URL) -> Bool {
        if a.standardizedFileURL.path == b.standardizedFileURL.path { return true }
        guard let sizeA = size(a), let sizeB = size(b), sizeA == sizeB,
              let fa = try? FileHandle(forReadingFrom: a), let fb = try? FileHandle(forReadingFrom: b) else { return false }
        defer { try? fa.close(); try? fb.close() }
        let block = 1 << 20
        while true {
            let da = fa.readData(ofLength: block), db = fb.readData(ofLength: block)
            if da != db { return false }
            if da.isEmpty { return true }
        }
    }

    static func size(_ url: URL) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value
    }
}
