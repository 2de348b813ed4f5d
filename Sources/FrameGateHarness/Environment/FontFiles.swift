import Foundation

/// Which font file on this machine is the font chromium reported. Chromium finds system fonts through
/// fontconfig; rather than spawn `fc-match` (a second process, and fontconfig's answer for a *pattern*,
/// which need not be the face chromium picked), FrameGate reads the names inside the font files of the
/// standard font directories (the sfnt `name` table: family, typographic family, PostScript name) and
/// matches the browser's report against them: the PostScript name when the browser gives one (unique per
/// face), else every file of the family. Fonts in directories fontconfig is configured with beyond these
/// are not found (reported as "file": null, so the gap is visible, never guessed).
public struct FontFileIndex: Sendable {
    public struct Face: Sendable, Equatable {
        public var path: String
        public var families: Set<String>
        public var postScriptName: String?
    }

    public var faces: [Face]

    /// fontconfig's default directories (its fonts.conf lists these on Debian, Ubuntu and Fedora).
    public static func standardDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var paths = ["/usr/share/fonts", "/usr/local/share/fonts"]
        if let home = environment["HOME"] {
            paths += ["\(home)/.fonts", environment["XDG_DATA_HOME"].map { "\($0)/fonts" } ?? "\(home)/.local/share/fonts"]
        }
        return paths.map { URL(fileURLWithPath: $0) }
    }

    public init(faces: [Face]) { self.faces = faces }

    /// Reads every .ttf/.otf/.ttc/.otc file below `directories`, in path order. Unreadable files are skipped.
    public init(scanning directories: [URL] = FontFileIndex.standardDirectories()) {
        var faces: [Face] = []
        for directory in directories {
            guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { continue }
            var files: [URL] = []
            for case let url as URL in walker where ["ttf", "otf", "ttc", "otc"].contains(url.pathExtension.lowercased()) {
                files.append(url)
            }
            for url in files.sorted(by: { $0.path < $1.path }) {
                guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { continue }
                for names in SFNTNames.read(data) {
                    faces.append(Face(path: url.path, families: names.families, postScriptName: names.postScriptName))
                }
            }
        }
        self.faces = faces
    }

    /// The files that hold the reported face: by PostScript name, else by family; sorted, no duplicates.
    public func files(family: String, postScriptName: String) -> [String] {
        if !postScriptName.isEmpty {
            let exact = faces.filter { $0.postScriptName == postScriptName }.map(\.path)
            if !exact.isEmpty { return Array(Set(exact)).sorted() }
        }
        return Array(Set(faces.filter { $0.families.contains(family) }.map(\.path))).sorted()
    }
}

/// The naming fields of an OpenType/TrueType file (or each face of a collection).
enum SFNTNames {
    struct Names: Equatable {
        var families: Set<String>
        var postScriptName: String?
    }

    static func read(_ data: Data) -> [Names] {
        // Mapped, not copied: only the directory and the name table are touched.
        let bytes = data.startIndex == 0 ? data : Data(data)
        guard bytes.count >= 12 else { return [] }
        if tag(bytes, 0) == "ttcf" {
            let count = Int(u32(bytes, 8) ?? 0)
            return (0..<min(count, 256)).compactMap { index in
                u32(bytes, 12 + 4 * index).flatMap { face(bytes, at: Int($0)) }
            }
        }
        return face(bytes, at: 0).map { [$0] } ?? []
    }

    private static func face(_ b: Data, at offset: Int) -> Names? {
        guard let tables = u16(b, offset + 4) else { return nil }
        for index in 0..<tables {
            let record = offset + 12 + 16 * index
            guard tag(b, record) == "name", let start = u32(b, record + 8) else { continue }
            return names(b, table: Int(start))
        }
        return nil
    }

    /// nameID 1 (family), 16 (typographic family), 6 (PostScript name); Windows/Unicode UTF-16BE or Mac Roman.
    private static func names(_ b: Data, table: Int) -> Names? {
        guard let count = u16(b, table + 2), let stringBase = u16(b, table + 4) else { return nil }
        var families = Set<String>()
        var postScript: String?
        for index in 0..<count {
            let r = table + 6 + 12 * index
            guard let platform = u16(b, r), let nameID = u16(b, r + 6), let length = u16(b, r + 8),
                  let start = u16(b, r + 10), [1, 6, 16].contains(nameID) else { continue }
            let from = table + stringBase + start
            guard from + length <= b.count else { continue }
            let raw = Array(b[from..<(from + length)])
            let text: String?
            switch platform {
            case 0, 3:
                let units = stride(from: 0, to: raw.count - 1, by: 2).map { UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]) }
                text = String(decoding: units, as: UTF16.self)
            case 1: text = String(bytes: raw, encoding: .macOSRoman)
            default: text = nil
            }
            guard let text, !text.isEmpty else { continue }
            if nameID == 6 { postScript = postScript ?? text } else { families.insert(text) }
        }
        return Names(families: families, postScriptName: postScript)
    }

    private static func u16(_ b: Data, _ i: Int) -> Int? {
        i >= 0 && i + 2 <= b.count ? Int(b[i]) << 8 | Int(b[i + 1]) : nil
    }

    private static func u32(_ b: Data, _ i: Int) -> UInt32? {
        i >= 0 && i + 4 <= b.count ? UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]) : nil
    }

    private static func tag(_ b: Data, _ i: Int) -> String? {
        i + 4 <= b.count ? String(decoding: b[i..<(i + 4)], as: UTF8.self) : nil
    }
}
