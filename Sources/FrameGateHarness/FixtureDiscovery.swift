import Foundation

/// A fixture: a directory holding meta.json and src/index.html.
public struct Fixture: Equatable, Sendable {
    /// The directory name; unique across `fixtures/` and `fixtures/distributed/`.
    public var id: String
    public var directory: URL
    public var meta: FixtureMeta
    /// True for fixtures under `fixtures/distributed/`.
    public var isInDistributedGroup: Bool

    public var sourceDirectory: URL { directory.appendingPathComponent("src") }
    public var indexHTML: URL { sourceDirectory.appendingPathComponent("index.html") }
    public var metaURL: URL { directory.appendingPathComponent("meta.json") }
    /// Where failure artifacts go (git-ignored).
    public var failuresDirectory: URL { directory.appendingPathComponent("failures") }
}

public struct FixtureDiscoveryResult: Sendable {
    /// Sorted by id.
    public var fixtures: [Fixture]
    /// Directories that look misplaced (not a fixture) and other non-fatal oddities, one line each.
    public var warnings: [String]
}

public enum FixtureDiscovery {
    /// The sub-directory holding fixtures that are grouped for distributed runs; never a fixture itself.
    public static let distributedGroup = "distributed"

    /// Finds `<dir>/<name>/` and `<dir>/distributed/<name>/` fixtures and validates their meta.json.
    /// A directory that is not a fixture is a warning; a duplicate id or an invalid meta.json throws.
    public static func discover(in fixturesDirectory: URL) throws -> FixtureDiscoveryResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fixturesDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HarnessError.fixturesDirectoryMissing(path: fixturesDirectory.path)
        }
        var fixtures: [String: Fixture] = [:]
        var warnings: [String] = []

        func scan(_ directory: URL, distributed: Bool) throws {
            for child in try subdirectories(of: directory) {
                let name = child.lastPathComponent
                if !distributed, name == distributedGroup {
                    try scan(child, distributed: true)
                    continue
                }
                let hasMeta = FileManager.default.fileExists(atPath: child.appendingPathComponent("meta.json").path)
                let hasIndex = FileManager.default.fileExists(atPath: child.appendingPathComponent("src/index.html").path)
                guard hasMeta, hasIndex else {
                    let missing = [hasMeta ? nil : "meta.json", hasIndex ? nil : "src/index.html"].compactMap { $0 }
                    warnings.append("\(child.path) is not a fixture (no \(missing.joined(separator: " and "))); skipped")
                    continue
                }
                let meta = try FixtureMeta.load(contentsOf: child.appendingPathComponent("meta.json"))
                if meta.name != name {
                    warnings.append("\(child.path)/meta.json: name '\(meta.name)' differs from the directory name; the fixture id is '\(name)'")
                }
                let fixture = Fixture(id: name, directory: child, meta: meta, isInDistributedGroup: distributed)
                if let existing = fixtures[name] {
                    throw HarnessError.duplicateFixture(id: name, first: existing.directory.path, second: child.path)
                }
                fixtures[name] = fixture
            }
        }
        try scan(fixturesDirectory, distributed: false)
        return FixtureDiscoveryResult(fixtures: fixtures.values.sorted { $0.id < $1.id }, warnings: warnings)
    }

    /// Keeps the fixtures named in `names` (all when empty), minus those carrying any of `excludedTags`.
    /// A name that matches no fixture throws, listing the available ids. Order follows `fixtures`.
    public static func select(_ fixtures: [Fixture], names: [String], excludedTags: Set<String>) throws -> [Fixture] {
        let ids = Set(fixtures.map(\.id))
        if let unknown = names.first(where: { !ids.contains($0) }) {
            throw HarnessError.unknownFixture(name: unknown, available: fixtures.map(\.id))
        }
        let wanted = Set(names)
        return fixtures.filter { fixture in
            (wanted.isEmpty || wanted.contains(fixture.id)) && excludedTags.isDisjoint(with: fixture.meta.tags)
        }
    }

    /// Sorted, visible sub-directories (dot-directories such as .git are not candidates).
    static func subdirectories(of directory: URL) throws -> [URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw HarnessError.io(path: directory.path, reason: "cannot list it: \(error.localizedDescription)")
        }
        return names.sorted().filter { !$0.hasPrefix(".") }.compactMap { name in
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            return url
        }
    }
}
