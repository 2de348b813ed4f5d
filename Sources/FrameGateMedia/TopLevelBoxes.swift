import Foundation

/// The top-level ISO-BMFF box order, read from the file bytes themselves (not from what libav reports),
/// because faststart is about the bytes a streaming client sees first.
enum TopLevelBoxes {
    /// The four-character types of the top-level boxes, in file order. Stops at the first malformed header.
    static func types(of url: URL) -> [String] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        let fileSize = (try? handle.seekToEnd()) ?? 0
        var offset: UInt64 = 0
        var types: [String] = []
        while offset + 8 <= fileSize, types.count < 10_000 {
            guard (try? handle.seek(toOffset: offset)) != nil,
                  let header = try? handle.read(upToCount: 16), header.count >= 8 else { break }
            let bytes = [UInt8](header)
            var size = UInt64(bytes[0]) << 24 | UInt64(bytes[1]) << 16 | UInt64(bytes[2]) << 8 | UInt64(bytes[3])
            let type = String(decoding: bytes[4..<8], as: UTF8.self)
            if size == 1 {
                // 64-bit "largesize" follows the type.
                guard bytes.count >= 16 else { break }
                size = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                guard size >= 16 else { break }
            } else if size == 0 {
                size = fileSize - offset  // the box runs to the end of the file
            } else if size < 8 {
                break
            }
            types.append(type)
            offset += size
        }
        return types
    }

    /// True when `moov` precedes `mdat` at the top level.
    static func isFaststart(_ url: URL) -> Bool {
        let order = types(of: url)
        guard let moov = order.firstIndex(of: "moov"), let mdat = order.firstIndex(of: "mdat") else { return false }
        return moov < mdat
    }
}
