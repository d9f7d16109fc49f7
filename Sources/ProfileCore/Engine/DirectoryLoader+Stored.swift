import Diagnostics

extension DirectoryLoader {
    /// An entry of the store's snapshot of the directory, with the anchor
    /// and lowercased DN the loader files it under.
    struct StoredEntry {
        var entry: DirectoryEntry
        var keys: EntryKeys
    }

    /// The stored snapshots an incremental run applies its delta to, as
    /// entries, in the store's order; a snapshot that is not one (a
    /// damaged row the store could read) is left out, as before.
    ///
    /// Each snapshot is decoded from the store's form, made an entry, and
    /// anchored and keyed on every core: on one, keying 100,000 entries
    /// as the loader filed them took a fifth of a second, and the store's
    /// decoding a quarter.
    ///
    /// A snapshot the store keeps numbered becomes an entry directly; only
    /// one that cannot (`DirectoryEntry.init(numbered:…)`) is spelled out
    /// and decoded from those bytes. Spelling every snapshot out first
    /// was 37% of decoding a 10k store (callgrind).
    func decode(_ stored: StoredSnapshots) throws(Diagnostic) -> [StoredEntry] {
        let anchors = self.anchors
        var decoded = ParallelChunks.map(
            count: stored.count, state: { (keys: AttributeKeyCache(), names: NumberedNames(stored.names)) }
        ) { index, scratch -> Swift.Result<StoredEntry?, any Error> in
            Swift.Result {
                let numbered = stored.withNumbered(at: index) {
                    DirectoryEntry(numbered: $0, file: "store", line: 0, names: &scratch.names)
                }
                guard
                    let entry = try numbered.flatMap({ $0 })
                        ?? SourceSnapshot.decode(stored.bytes(at: index), file: "store", line: 0, keys: &scratch.keys)
                else { return nil }
                return StoredEntry(
                    entry: entry, keys: EntryKeys(anchor: anchors.anchor(of: entry), dnKey: CaseFold.lowercased(entry.dn)))
            }
        }
        var entries: [StoredEntry] = []
        entries.reserveCapacity(decoded.count)
        // Moved, not copied, from one list to the other (as `load` takes them).
        decoded.reverse()
        while let result = decoded.popLast() {
            switch consume result {
            case .success(let entry?): entries.append(entry)
            case .success(nil): continue
            case .failure(let error): throw .error("cannot read the store's snapshots: \(error)")
            }
        }
        return entries
    }
}
