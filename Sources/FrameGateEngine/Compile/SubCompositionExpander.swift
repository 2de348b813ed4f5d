import Foundation
import FrameGateCore

/// Inlines `data-composition-src` hosts, recursively. Each instance of a sub-composition gets:
/// its `<template>` (else `<body>`) content plus its stylesheets and scripts; ids suffixed with
/// `__<hostId>` (and clip references, `#id` selectors and `href="#id"` updated to match); its
/// `data-composition-id`s suffixed the same way (the authored value kept in
/// `data-fg-authored-composition-id`), so each instance registers its own timeline; its `@keyframes`
/// names suffixed the same way; CSS scoped to `[data-fg-host="<hostId>"]`; inline scripts wrapped so
/// they see a `document`, `window.__timelines` and `gsap` that resolve the names their author wrote to
/// this instance's (runtime.js `__hf.scope`); relative URLs rewritten to be relative to the entry file.
/// Timing is left relative; the compiler offsets it once the whole document is assembled.
struct SubCompositionExpander {
    let projectDir: URL
    /// Directory of the entry file: every rewritten URL is relative to it, because that is where the
    /// browser resolves URLs of the compiled document.
    let entryDir: String
    /// Folders outside the project its symlinks may point into (`--asset-root`).
    let assetRoots: [URL]
    private(set) var inlined: Set<String> = []
    private var generatedHosts = 0

    init(projectDir: URL, entryDir: String, assetRoots: [URL] = []) {
        self.projectDir = projectDir; self.entryDir = entryDir; self.assetRoots = assetRoots
    }

    private struct Instance {
        var hostId: String
        var suffix: String { "__" + hostId }
        var scope: String { "[data-fg-host=\"\(hostId)\"]" }
    }

    private static let urlAttributes = ["src", "href", "poster", "xlink:href"]

    mutating func expandEntry(_ html: String, file: String) throws -> String {
        try expand(html, file: file, instance: nil, chain: [file])
    }

    private mutating func expand(_ text: String, file: String, instance: Instance?, chain: [String]) throws -> String {
        let doc = HTMLDocument(text)
        let fileDir = ProjectPath.directory(of: file)
        let hosts = Set(doc.elements.indices.filter { doc.elements[$0].has("data-composition-src") })
        // A host's own children are replaced by the sub-composition, so nothing inside them is processed.
        let live = doc.elements.indices.filter { i in !doc.ancestors(of: i).contains { hosts.contains($0) } }

        var renamed: [String: String] = [:]
        var compositions: [String: String] = [:]
        var keyframes: [String: String] = [:]
        if let instance {
            for i in live {
                let e = doc.elements[i]
                if let id = e.value("id"), !id.isEmpty { renamed[id] = id + instance.suffix }
                if let c = e.value("data-composition-id"), !c.isEmpty { compositions[c] = c + instance.suffix }
                if e.name == "style" {
                    for name in CSSScoper.keyframeNames(in: doc.text(e.content)) { keyframes[name] = name + instance.suffix }
                }
                if e.name == "link", let css = try linkedStylesheet(e, fileDir: fileDir)?.css {
                    for name in CSSScoper.keyframeNames(in: css) { keyframes[name] = name + instance.suffix }
                }
            }
        }
        let scoper = instance.map {
            CSSScoper(scope: $0.scope, renamedIds: renamed, renamedCompositions: compositions, renamedKeyframes: keyframes)
        }

        var edits: [HTMLEdit] = []
        for i in live {
            let element = doc.elements[i]
            var tag = StartTagBuilder(element.tag)
            if let instance, let scoper {
                rewriteInstanceAttributes(&tag, renamed: renamed, fileDir: fileDir)
                if let c = tag.value("data-composition-id"), let r = compositions[c] {
                    tag.set("data-composition-id", r)
                    tag.set("data-fg-authored-composition-id", c)
                }
                if let style = tag.value("style") { tag.set("style", scoper.renameAnimations(in: style)) }
                if element.name == "script", Self.isClassicInlineScript(element), !element.content.isEmpty {
                    edits.append(HTMLEdit(range: element.content,
                                          replacement: Self.scopedScript(doc.text(element.content), hostId: instance.hostId,
                                                                         compositions: compositions)))
                }
                if element.name == "style" {
                    let css = rewriteCSSURLs(doc.text(element.content), baseDir: fileDir)
                    edits.append(HTMLEdit(range: element.content, replacement: scoper.scopeStylesheet(css)))
                }
                if element.name == "link", let inline = try inlineStylesheet(element, fileDir: fileDir, scoper: scoper) {
                    edits.append(HTMLEdit(range: element.outer, replacement: inline))
                    continue
                }
            }
            if hosts.contains(i) {
                let (hostTag, content) = try expandHost(element, tag: tag, fileDir: fileDir, chain: chain)
                tag = hostTag
                edits.append(HTMLEdit(range: element.content, replacement: content))
            }
            if tag.changed { edits.append(HTMLEdit(range: element.tag.range, replacement: tag.html)) }
        }
        return HTMLEditor.apply(edits, to: doc.bytes)
    }

    private mutating func expandHost(_ element: HTMLElement, tag original: StartTagBuilder, fileDir: String,
                                     chain: [String]) throws -> (StartTagBuilder, String) {
        var tag = original
        let src = element.value("data-composition-src") ?? ""
        let description = ElementDescription.of(element)
        guard let ref = LocalURL.resolve(src, baseDir: fileDir), !ProjectPath.escapesProject(ref.path) else {
            throw CompileError.missingSubComposition(host: description, path: src)
        }
        let path = ref.path
        if let first = chain.firstIndex(of: path) {
            throw CompileError.circularSubComposition(cycle: Array(chain[first...]) + [path])
        }
        guard let data = try ProjectFile.read(path, in: projectDir, assetRoots: assetRoots) else {
            throw CompileError.missingSubComposition(host: description, path: path)
        }
        let hostId: String
        if let id = tag.value("id"), !id.isEmpty {
            hostId = id
        } else {
            generatedHosts += 1
            hostId = "fg-host-\(generatedHosts)"
            tag.set("id", hostId)
        }
        tag.set("data-fg-host", hostId)
        tag.set("data-composition-src", ProjectPath.relative(from: entryDir, to: path))
        inlined.insert(path)
        let fragment = Self.instanceSource(String(decoding: data, as: UTF8.self))
        let content = try expand(fragment, file: path, instance: Instance(hostId: hostId), chain: chain + [path])
        return (tag, content)
    }

    /// What a sub-composition file contributes: its stylesheets, its `<template>` (else `<body>`) content,
    /// then its scripts from outside that content (after it, so they find their elements).
    static func instanceSource(_ html: String) -> String {
        let doc = HTMLDocument(html)
        let content: Range<Int>
        if let t = doc.first("template") {
            content = doc.elements[t].content
        } else if let b = doc.first("body") {
            content = doc.elements[b].content
        } else if let h = doc.first("head") {
            content = doc.elements[h].outer.upperBound..<doc.bytes.count
        } else {
            content = 0..<doc.bytes.count
        }
        var styles = "", scripts = ""
        for element in doc.elements where !content.contains(element.outer.lowerBound) {
            let isStylesheet = element.name == "link" && (element.value("rel") ?? "").lowercased().split(separator: " ").contains("stylesheet")
            if element.name == "style" || isStylesheet { styles += doc.text(element.outer) + "\n" }
            if element.name == "script" { scripts += "\n" + doc.text(element.outer) }
        }
        return styles + doc.text(content) + scripts
    }

    private func rewriteInstanceAttributes(_ tag: inout StartTagBuilder, renamed: [String: String], fileDir: String) {
        if let id = tag.value("id"), let r = renamed[id] { tag.set("id", r) }
        if let start = tag.value("data-start"),
           let (_, idRange) = StartExpression.parse(start, isId: { renamed[$0] != nil }),
           let idRange, let r = renamed[String(start[idRange])] {
            var updated = start
            updated.replaceSubrange(idRange, with: r)
            tag.set("data-start", updated)
        }
        for name in ["for", "aria-labelledby", "aria-describedby"] {
            if let v = tag.value(name) {
                let updated = v.split(separator: " ").map { renamed[String($0)] ?? String($0) }.joined(separator: " ")
                if updated != v { tag.set(name, updated) }
            }
        }
        for name in Self.urlAttributes {
            guard let v = tag.value(name) else { continue }
            if v.hasPrefix("#") {
                if let r = renamed[String(v.dropFirst())] { tag.set(name, "#" + r) }
            } else if let rewritten = rewriteURL(v, baseDir: fileDir) {
                tag.set(name, rewritten)
            }
        }
        if let srcset = tag.value("srcset") {
            let parts = srcset.split(separator: ",").map { candidate -> String in
                let words = candidate.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard let url = words.first, let r = rewriteURL(url, baseDir: fileDir) else { return String(candidate) }
                return ([r] + words.dropFirst()).joined(separator: " ")
            }
            tag.set("srcset", parts.joined(separator: ", "))
        }
        if let style = tag.value("style") { tag.set("style", rewriteCSSURLs(style, baseDir: fileDir)) }
    }

    /// A URL written in a sub-composition, rewritten to mean the same file from the entry file. As in
    /// HyperFrames (rewriteSubCompPaths), a plain relative path (`assets/logo.png`, no `./` or `../`) that
    /// names no file next to the sub-composition but one from the project's entry is the project's asset
    /// (a block installed in a subfolder that refers to root assets): it is left as written.
    private func rewriteURL(_ url: String, baseDir: String) -> String? {
        guard let ref = LocalURL.resolve(url, baseDir: baseDir), !ref.rootRelative else { return nil }
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if baseDir != entryDir, !trimmed.hasPrefix("./"), !trimmed.hasPrefix("../"), !isProjectFile(ref.path),
           let fromEntry = LocalURL.resolve(trimmed, baseDir: entryDir), isProjectFile(fromEntry.path) {
            return nil
        }
        return LocalURL.write(ref, fromDir: entryDir)
    }

    private func isProjectFile(_ path: String) -> Bool {
        guard !ProjectPath.escapesProject(path) else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: projectDir.appendingPathComponent(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private func rewriteCSSURLs(_ css: String, baseDir: String) -> String {
        CSSURLs.rewrite(css) { url in
            if url.hasPrefix("#") { return nil } // `url(#gradient)` refers to the document
            return rewriteURL(url, baseDir: baseDir)
        }
    }

    /// The local stylesheet a `<link rel="stylesheet">` names, or nil.
    private func linkedStylesheet(_ element: HTMLElement, fileDir: String) throws -> (path: String, css: String)? {
        guard (element.value("rel") ?? "").lowercased().split(separator: " ").contains("stylesheet"),
              let href = element.value("href"), let ref = LocalURL.resolve(href, baseDir: fileDir),
              !ProjectPath.escapesProject(ref.path),
              let data = try ProjectFile.read(ref.path, in: projectDir, assetRoots: assetRoots) else { return nil }
        return (ref.path, String(decoding: data, as: UTF8.self))
    }

    /// A sub-composition's `<link rel="stylesheet">` cannot be scoped where it is, so its file is inlined
    /// as a scoped `<style>`. Nil when the link is not a local stylesheet.
    private func inlineStylesheet(_ element: HTMLElement, fileDir: String, scoper: CSSScoper) throws -> String? {
        guard let (path, text) = try linkedStylesheet(element, fileDir: fileDir) else { return nil }
        let css = rewriteCSSURLs(text, baseDir: ProjectPath.directory(of: path))
        return "<style data-fg-from=\"\(HTMLEntities.escapeAttribute(path))\">" + scoper.scopeStylesheet(css) + "</style>"
    }

    /// An inline script the browser runs as a classic script (not a module, JSON, template, …).
    static func isClassicInlineScript(_ element: HTMLElement) -> Bool {
        guard element.value("src") == nil else { return false }
        guard let type = element.value("type")?.trimmingCharacters(in: .whitespaces).lowercased(), !type.isEmpty else { return true }
        return ["text/javascript", "application/javascript", "application/x-javascript", "text/ecmascript",
                "application/ecmascript", "text/jscript"].contains(type)
    }

    /// The script's text run inside a function whose `document`, `window` and `gsap` are the instance's
    /// scoped views (runtime.js `__hf.scope`): its top-level declarations are its own, `getElementById`
    /// and selectors find this instance's elements by the names the author wrote, and
    /// `window.__timelines["<authored composition id>"]` registers under the instance's composition id.
    ///
    /// As in HyperFrames, it runs after the host document's own scripts, in document order: it waits for
    /// DOMContentLoaded (parser-inserted scripts, a library loaded at the end of `<body>` included, have all
    /// run by then; listeners fire in the order they were added). So a host that sets `window.__timelines = {}`
    /// or loads GSAP after its sub-compositions does not wipe or miss what they register. The scope is taken
    /// when the script runs, so it sees the library the host loaded.
    ///
    /// Also as in HyperFrames, each runs inside an error boundary: an exception it throws while it runs is
    /// reported (`__hf.subCompositionScriptFailed`: a warning naming the file and the error) and the page
    /// renders on without what that script would have built. Errors thrown later (timers, rAF, promises)
    /// and the host document's own script errors still fail the render.
    static func scopedScript(_ source: String, hostId: String, compositions: [String: String]) -> String {
        let map = JSONValue.object(compositions.mapValues(JSONValue.string)).scriptSafeJSON  // sorted keys
        let host = JSONValue.string(hostId).scriptSafeJSON
        return "(function(run){if(document.readyState===\"loading\")document.addEventListener(\"DOMContentLoaded\",run);else run();})("
            + "function(){try{(function(__fgScope){(function(document,window,gsap){" + source
            + "\n}).call(window,__fgScope.document,__fgScope.window,__fgScope.gsap);})(window.__hf.scope("
            + host + "," + map + "));}catch(__fgError){window.__hf.subCompositionScriptFailed(" + host + ",__fgError);}});"
    }
}
