/// Which attributes of an export the run keeps, by the description as
/// written (`CN`, `member;range=0-1499`).
///
/// An export spells the same few dozen attribute names on every entry;
/// lowercasing and stripping options once per spelling, instead of once per
/// attribute line, keeps reading close to the parser's own speed.
struct RetainedKeyCache {
    let retained: Set<String>
    /// Description as written → its key when retained, nil when dropped.
    private var known: [String: String?] = [:]

    init(retained: Set<String>) {
        self.retained = retained
    }

    /// The entry key of `name` (see `DirectoryEntry.key`) when the run keeps it.
    mutating func key(for name: String) -> String? {
        if let cached = known[name] { return cached }
        let key = DirectoryEntry.key(name)
        let result: String? = retained.contains(key) ? key : nil
        // Bounded: a hostile export with endless distinct names must not grow this without limit.
        if known.count < 4096 { known[name] = result }
        return result
    }
}
