/// "Did you mean": fixture ids close to a mistyped name.
enum FixtureNames {
    /// Up to 5 ids within a small edit distance of `name` (a third of its length, at least 2), or containing
    /// it / contained in it; closest first, then by id.
    static func close(to name: String, in ids: [String]) -> [String] {
        let limit = max(2, name.count / 3)
        let scored: [(id: String, distance: Int)] = ids.compactMap { id in
            let distance = editDistance(name.lowercased(), id.lowercased())
            let related = name.count >= 3 && (id.contains(name) || name.contains(id))
            return distance <= limit || related ? (id, distance) : nil
        }
        return scored.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }.prefix(5).map(\.id)
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
