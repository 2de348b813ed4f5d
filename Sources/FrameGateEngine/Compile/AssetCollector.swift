import Foundation

/// Project files a compiled document references: URL attributes, `url()`/`@import` in inline and linked
/// CSS (followed transitively, resolved against each stylesheet). Only existing files inside the project.
struct AssetCollector {
    let projectDir: URL
    let entryDir: String
    let assetRoots: [URL]
    private(set) var found: Set<String> = []
    private var visitedStylesheets: Set<String> = []

    init(projectDir: URL, entryDir: String, assetRoots: [URL] = []) {
        self.projectDir = projectDir; self.entryDir = entryDir; self.assetRoots = assetRoots
    }

    mutating func collect(_ doc: HTMLDocument) {
        for (i, element) in doc.elements.enumerated() where !doc.ancestors(of: i).contains(where: { doc.elements[$0].name == "template" }) {
            for name in ["src", "href", "poster", "xlink:href", "data-composition-src"] {
                guard let v = element.value(name), let ref = LocalURL.resolve(v, baseDir: entryDir) else { continue }
                if element.name == "link" || name == "href", ref.path.lowercased().hasSuffix(".css") {
                    addStylesheet(ref.path)
                } else {
                    add(ref.path)
                }
            }
            if let srcset = element.value("srcset") {
                for candidate in srcset.split(separator: ",") {
                    if let url = candidate.split(separator: " ").first, let ref = LocalURL.resolve(String(url), baseDir: entryDir) { add(ref.path) }
                }
            }
            if let style = element.value("style") { addCSS(style, baseDir: entryDir) }
            if element.name == "style" { addCSS(doc.text(element.content), baseDir: entryDir) }
        }
    }

    mutating func add(_ path: String) {
        guard !path.isEmpty, !ProjectPath.escapesProject(path) else { return }
        var isDirectory: ObjCBool = false
        let url = projectDir.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return }
        found.insert(path)
    }

    private mutating func addCSS(_ css: String, baseDir: String) {
        for url in CSSURLs.collect(css) {
            guard let ref = LocalURL.resolve(url, baseDir: baseDir) else { continue }
            if ref.path.lowercased().hasSuffix(".css") { addStylesheet(ref.path) } else { add(ref.path) }
        }
    }

    private mutating func addStylesheet(_ path: String) {
        add(path)
        guard found.contains(path), visitedStylesheets.insert(path).inserted,
              let data = (try? ProjectFile.read(path, in: projectDir, assetRoots: assetRoots)) ?? nil else { return }
        addCSS(String(decoding: data, as: UTF8.self), baseDir: ProjectPath.directory(of: path))
    }
}
