import FrameGateBrowser
import Foundation

/// Compile stage: turns a project's entry file into the single, self-contained `compiled.html` the
/// renderer loads, plus the timing/media model the pipeline needs. Pure over the project's files
/// (plus `hasAudio`), and byte-deterministic.
public enum CompositionCompiler {
    public static func compile(projectDir: URL, options: CompileOptions = .init(),
                               hasAudio: (URL) throws -> Bool) throws -> CompiledComposition {
        let entry = ProjectPath.normalize(options.entryPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: projectDir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CompileError.projectNotFound(path: projectDir.path)
        }
        guard let data = try ProjectFile.read(entry, in: projectDir, assetRoots: options.assetRoots) else {
            throw CompileError.compositionNotFound(file: entry, fileExists: false)
        }
        // An entry file that is itself an LFS pointer has no root element: name the real cause.
        if data.starts(with: LFSPointer.signature) { throw CompileError.lfsPointer(path: entry) }
        let source = String(decoding: data, as: UTF8.self)
        guard findRoot(in: HTMLDocument(source)) != nil else { throw CompileError.compositionNotFound(file: entry, fileExists: true) }

        let entryDir = ProjectPath.directory(of: entry)
        var expander = SubCompositionExpander(projectDir: projectDir, entryDir: entryDir, assetRoots: options.assetRoots)
        let expanded = try expander.expandEntry(source, file: entry)
        let doc = HTMLDocument(expanded)
        guard let root = findRoot(in: doc) else { throw CompileError.compositionNotFound(file: entry, fileExists: true) }

        let rootElement = doc.elements[root]
        let width = try dimension(rootElement, "data-width", default: 1920)
        let height = try dimension(rootElement, "data-height", default: 1080)
        let duration = try rootElement.value("data-duration").map { try TimingResolver.parseDuration($0, element: rootElement) }
        let compositionId = rootElement.value("data-composition-id") ?? rootElement.value("id") ?? "root"

        var edits: [HTMLEdit] = []
        var tags: [Int: StartTagBuilder] = [:]
        func tag(_ i: Int) -> StartTagBuilder { tags[i] ?? StartTagBuilder(doc.elements[i].tag) }

        // Timing: every start, end and timeline offset is resolved here, once, and stamped for the runtime
        // (see `Stamp`); authored timing attributes are left as written.
        let inert = Set(doc.elements.indices.filter { i in doc.ancestors(of: i).contains { doc.elements[$0].name == "template" } })
        let timed = doc.elements.indices.filter { i in
            let e = doc.elements[i]
            guard i != root, !inert.contains(i) else { return false }
            return e.has("data-start") || e.has("data-duration") || e.has("data-fg-host") || e.name == "audio" || e.name == "video"
        }
        var resolver = TimingResolver(doc: doc)
        var timedElements: [TimedElement] = []
        for i in timed {
            let timing = try resolver.timing(of: i)
            var t = tag(i)
            t.set(Stamp.start, TimeFormat.string(timing.start))
            if let end = timing.end { t.set(Stamp.end, TimeFormat.string(end)) }
            tags[i] = t
            let e = doc.elements[i]
            let trackIndex = try e.value("data-track-index").map { text -> Int in
                guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                    throw CompileError.invalidAttribute(element: ElementDescription.of(e), attribute: "data-track-index", value: text, expected: "an integer")
                }
                return n
            }
            timedElements.append(TimedElement(id: e.value("id"), tag: e.name, compositionId: owningComposition(of: i, in: doc),
                                              start: timing.start, duration: timing.duration, end: timing.end, trackIndex: trackIndex))
        }
        // The timeline a sub-composition instance registers counts from its host's start.
        for i in doc.elements.indices where i != root && !inert.contains(i) && doc.elements[i].has("data-fg-authored-composition-id") {
            var t = tag(i)
            t.set(Stamp.offset, TimeFormat.string(try resolver.hostOffset(of: i)))
            tags[i] = t
        }

        // Media.
        var audioClips: [MediaClip] = [], videoClips: [MediaClip] = []
        var counters: [MediaClip.Kind: Int] = [:]
        var usedIds = Set(doc.elements.compactMap { $0.value("id") })
        var remoteMedia = Set<String>()
        for i in timed where ["audio", "video"].contains(doc.elements[i].name) {
            let e = doc.elements[i]
            let kind: MediaClip.Kind = e.name == "audio" ? .audio : .video
            var t = tag(i)
            var id = t.value("id") ?? ""
            if id.isEmpty {
                repeat { counters[kind, default: 0] += 1; id = "fg-\(kind.rawValue)-\(counters[kind]!)" } while usedIds.contains(id)
                usedIds.insert(id)
                t.set("id", id)
            }
            // The clip's src and the file holding its bytes: a project file, or a locked remote URL's store file.
            var source: (src: String, file: URL)?
            if let written = mediaSource(i, in: doc), MediaFiles.isRemote(written) {
                let url = written.trimmingCharacters(in: .whitespacesAndNewlines)
                remoteMedia.insert(url)
                if case let .locked(vendored) = options.remoteMedia {
                    source = (url, try MediaFiles(projectRoot: projectDir, vendored: vendored).url(forSource: url))
                }
            } else if let local = mediaSource(i, in: doc).flatMap({ LocalURL.resolve($0, baseDir: entryDir) }) {
                if ProjectPath.escapesProject(local.path) || !FileManager.default.fileExists(atPath: projectDir.appendingPathComponent(local.path).path) {
                    throw CompileError.missingMedia(element: ElementDescription.of(e), path: local.path)
                }
                source = (local.path, projectDir.appendingPathComponent(local.path))
            }
            if let source, !MediaFiles.isRemote(source.src) { try LFSPointer.check([source.src], in: projectDir) }
            var videoHasAudio: Bool?
            if kind == .video {
                let has = try source.map { try hasAudio($0.file) } ?? false
                t.set("data-has-audio", has ? "true" : "false")
                videoHasAudio = has
            }
            tags[i] = t
            let hidden = ([i] + doc.ancestors(of: i)).contains { doc.elements[$0].has("data-hidden") }
            guard let source, !hidden else { continue }
            let timing = try resolver.timing(of: i)
            let clip = MediaClip(id: id, kind: kind, src: source.src, start: timing.start, duration: timing.duration,
                                 mediaStart: try mediaStart(e), volume: try volume(e), loop: e.has("loop"), muted: e.has("muted"),
                                 hasAudio: videoHasAudio, objectFit: objectFit(e))
            if kind == .audio { audioClips.append(clip) } else { videoClips.append(clip) }
        }

        for (i, t) in tags.sorted(by: { $0.key < $1.key }) where t.changed {
            edits.append(HTMLEdit(range: doc.elements[i].tag.range, replacement: t.html))
        }

        // Variables go first in <head>, before any page script can read them.
        let variables = try CompositionVariables(sources: variableSources(doc, inert: inert), overrides: options.variables)
        if !variables.isEmpty {
            edits.append(HTMLEdit(range: injectionPoint(doc).map { $0..<$0 } ?? 0..<0, replacement: variables.script))
        }
        let html = HTMLEditor.apply(edits, to: doc.bytes)

        var assets = AssetCollector(projectDir: projectDir, entryDir: entryDir, assetRoots: options.assetRoots)
        assets.collect(doc)
        for path in expander.inlined { assets.add(path) }
        for clip in audioClips + videoClips where !MediaFiles.isRemote(clip.src) { assets.add(clip.src) }
        try LFSPointer.check(Array(assets.found), in: projectDir)

        return CompiledComposition(html: html, compositionId: compositionId, width: width, height: height, duration: duration,
                                   timedElements: timedElements, audioClips: audioClips, videoClips: videoClips,
                                   subCompositions: expander.inlined.sorted(), assets: assets.found.subtracting([entry]).sorted(),
                                   remoteMedia: remoteMedia.sorted())
    }

    /// The attributes the compiler stamps into compiled.html. runtime.js reads these and nothing else
    /// for timing; authored `data-start` / `data-duration` stay as written.
    public enum Stamp {
        /// Absolute start in seconds, on every timed element (`data-start`/`data-duration`, sub-composition
        /// hosts, audio, video): clip references and sub-composition offsets resolved.
        public static let start = "data-fg-start"
        /// Absolute end in seconds (start + duration); absent when the element is open-ended.
        public static let end = "data-fg-end"
        /// On each sub-composition instance's composition element: the start its timeline counts from.
        public static let offset = "data-fg-offset"
    }

    static func findRoot(in doc: HTMLDocument) -> Int? {
        let candidates = doc.elements.indices.filter { i in
            let e = doc.elements[i]
            return e.has("data-composition-id") || e.value("data-root")?.lowercased() == "true"
        }
        return candidates.first { i in !doc.ancestors(of: i).contains { doc.elements[$0].name == "template" } } ?? candidates.first
    }

    /// Every `data-composition-variables` outside templates, `<html>` first, then in document order.
    private static func variableSources(_ doc: HTMLDocument, inert: Set<Int>) -> [CompositionVariables.Source] {
        let declaring = doc.elements.indices.filter { !inert.contains($0) && doc.elements[$0].has("data-composition-variables") }
        let ordered = declaring.filter { doc.elements[$0].name == "html" } + declaring.filter { doc.elements[$0].name != "html" }
        return ordered.map { i in
            CompositionVariables.Source(owner: ElementDescription.of(doc.elements[i]), json: doc.elements[i].value("data-composition-variables") ?? "")
        }
    }

    /// Right after `<head>`, else after `<html>`, else after the doctype, else the very start.
    private static func injectionPoint(_ doc: HTMLDocument) -> Int? {
        if let head = doc.first("head") { return doc.elements[head].tag.range.upperBound }
        if let html = doc.first("html") { return doc.elements[html].tag.range.upperBound }
        for token in doc.tokens { if case let .doctype(r) = token { return r.upperBound } }
        return nil
    }

    private static func owningComposition(of i: Int, in doc: HTMLDocument) -> String? {
        for j in [i] + doc.ancestors(of: i) { if let id = doc.elements[j].value("data-composition-id") { return id } }
        return nil
    }

    private static func dimension(_ e: HTMLElement, _ name: String, default value: Int) throws -> Int {
        guard let text = e.value(name) else { return value }
        // 8192 is past 8K UHD and within what the browser can capture and every encoder can take; a
        // larger root would fail only after minutes of capture, inside the encoder.
        guard let v = TimeFormat.number(text), v > 0, v == v.rounded(), v <= 8192 else {
            throw CompileError.invalidAttribute(element: ElementDescription.of(e), attribute: name, value: text, expected: "a whole number of pixels from 1 to 8192")
        }
        return Int(v)
    }

    private static func mediaSource(_ i: Int, in doc: HTMLDocument) -> String? {
        if let src = doc.elements[i].value("src"), !src.isEmpty { return src }
        return doc.elements[i].children.lazy.filter { doc.elements[$0].name == "source" }.compactMap { doc.elements[$0].value("src") }.first
    }

    private static func mediaStart(_ e: HTMLElement) throws -> Double {
        for name in ["data-media-start", "data-playback-start"] {
            guard let text = e.value(name) else { continue }
            guard let v = TimeFormat.number(text), v >= 0 else {
                throw CompileError.invalidAttribute(element: ElementDescription.of(e), attribute: name, value: text, expected: "seconds ≥ 0 into the source")
            }
            return v
        }
        return 0
    }

    private static func volume(_ e: HTMLElement) throws -> Double {
        guard let text = e.value("data-volume") else { return 1 }
        guard let v = TimeFormat.number(text) else {
            throw CompileError.invalidAttribute(element: ElementDescription.of(e), attribute: "data-volume", value: text, expected: "a number from 0 to 3.98")
        }
        return MediaClip.clampedVolume(v)
    }

    private static func objectFit(_ e: HTMLElement) -> String? {
        if let fit = e.value("data-object-fit"), !fit.isEmpty { return fit }
        guard let style = e.value("style") else { return nil }
        for declaration in style.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "object-fit" { return parts[1] }
        }
        return nil
    }
}
