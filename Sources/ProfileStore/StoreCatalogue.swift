import GRDB
import ProfileCore
import Synchronization
import UTF8Validation

/// Property names and sources, each stored once in the `catalogue` table and
/// referred to by a small id from every profile's properties and every
/// change body.
///
/// Names and sources come from the configuration: a few dozen strings that
/// every profile repeats (22 properties × name and source ≈ 900 bytes of the
/// 2.1 KB a profile took as JSON). One store-wide, append-only table makes
/// each reference a one-byte varint in every row of every run. A dictionary
/// per run would tie each blob to the run that wrote it (profiles are
/// rewritten by later runs, changes are read across runs by `show
/// --history`); a dictionary per blob would cost about what it saves.
///
/// Ids are never reused or renumbered: entries are added inside the run's
/// transaction and never deleted, so an id read from any committed row means
/// the same text forever.
struct StoreCatalogue: Sendable {
    /// Text of id `n` at index `n - 1`.
    private(set) var texts: [String] = []
    private var ids = ExactTextTable()
    /// Entries interned since `load`, which the commit inserts.
    private(set) var added: [(id: Int, text: String)] = []

    /// A blob referred to an id this catalogue does not hold (yet).
    struct UnknownID: Error {
        var id: Int
    }

    static let empty = StoreCatalogue()

    /// The catalogue as `db` sees it; empty for a store from before it existed.
    static func load(_ db: Database) throws -> StoreCatalogue {
        var catalogue = StoreCatalogue()
        guard try db.tableExists("catalogue") else { return catalogue }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM catalogue ORDER BY id")
        while let row = try rows.next() {
            let id: Int = row[0]
            let text: String = row[1]
            guard id == catalogue.texts.count + 1 else {
                throw StoreError.damaged("catalogue ids are not 1…n (found \(id) after \(catalogue.texts.count))")
            }
            catalogue.texts.append(text)
            catalogue.ids.insert(text, id: id)
        }
        return catalogue
    }

    func text(_ id: Int) throws(UnknownID) -> String {
        guard id >= 1 && id <= texts.count else { throw UnknownID(id: id) }
        return texts[id - 1]
    }

    /// The id of `text`, adding it when new (to be inserted by the commit).
    mutating func id(for text: String) -> Int {
        if let id = ids.id(of: text) { return id }
        texts.append(text)
        let id = texts.count
        ids.insert(text, id: id)
        added.append((id, text))
        return id
    }

    /// The labels of the property lists being encoded (`useLabels(of:)`),
    /// held so that their storage is not reused meanwhile, and each one's
    /// id once looked up (0 before: ids start at 1). A run's lists share
    /// their labels, so each is looked up once, not twice per property of
    /// every profile, and no label string is retained and released per
    /// property.
    private var labels: [String] = []
    /// `labels`' identity, compared with each list's without touching `labels`.
    private var labelsIdentity: PropertyList.LabelsIdentity?
    private var labelIDs: [Int] = []

    /// Readies `id(forLabelAt:)` for the labels of `list`.
    mutating func useLabels(of list: PropertyList) {
        withUnsafePointer(to: list) { useLabels(of: $0) }
    }

    /// `useLabels(of:)` of the list at `list`, read where it lies.
    mutating func useLabels(of list: UnsafePointer<PropertyList>) {
        guard list.pointee.labelsIdentity != labelsIdentity else { return }
        labels = list.pointee.labelTexts
        labelsIdentity = PropertyList.LabelsIdentity(labels)
        labelIDs = [Int](repeating: 0, count: labels.count)
    }

    /// The id of the label at `position` of the list last given to
    /// `useLabels(of:)`, adding it when new (as `id(for:)`).
    mutating func id(forLabelAt position: Int) -> Int {
        let known = labelIDs[position]
        if known != 0 { return known }
        let id = id(for: labels[position])
        labelIDs[position] = id
        return id
    }

    /// The string last looked up at each position and its id: a profile's
    /// properties come in the configuration's order, with names and sources
    /// that are the plan's own strings, so position `n` sees the very same
    /// string in profile after profile. Equal words are the same storage
    /// (or the same small string), so the same bytes; holding the string
    /// keeps its storage from being reused meanwhile.
    private var recent: [Recent] = []

    private struct Recent {
        var text: String
        var words: (UInt64, UInt64)
        var id: Int
    }

    private static func words(_ text: String) -> (UInt64, UInt64) {
        unsafeBitCast(text, to: (UInt64, UInt64).self)
    }

    /// `id(for:)`, answered without hashing when `position` last saw this
    /// very string. Positions are the caller's (property index, name or
    /// source); any position is correct, a stable one is fast.
    mutating func id(for text: String, position: Int) -> Int {
        let words = Self.words(text)
        if position < recent.count && recent[position].words == words { return recent[position].id }
        let id = id(for: text)
        if position < 1024 {
            if position >= recent.count {
                recent += repeatElement(Recent(text: "", words: Self.words(""), id: 0), count: position + 1 - recent.count)
            }
            recent[position] = Recent(text: text, words: words, id: id)
        }
        return id
    }

    /// The id of the text whose UTF-8 is `bytes`, adding it when new; nil
    /// when the bytes are not UTF-8.
    mutating func id(forUTF8 bytes: UnsafeRawBufferPointer) -> Int? {
        let utf8 = bytes.assumingMemoryBound(to: UInt8.self)
        if let id = ids.id(ofUTF8: utf8) { return id }
        guard UTF8Validation.firstInvalidOffset(in: utf8) == nil else { return nil }
        return id(for: String(decoding: utf8, as: UTF8.self))
    }

    /// A process's copy of the committed catalogue for reading blobs,
    /// reloaded when a blob names an id added since it was loaded (by a run
    /// that committed after this reader started).
    final class Cache: Sendable {
        private let current = Mutex(StoreCatalogue.empty)

        init() {}

        /// Runs `decode` with the cached catalogue, and once more with a
        /// fresh one (`reload`) when it meets an id the cache lacks.
        func decoding<T>(reload: () throws -> StoreCatalogue, _ decode: (StoreCatalogue) throws -> T) throws -> T {
            let cached = current.withLock { $0 }
            do {
                return try decode(cached)
            } catch is UnknownID {
                let fresh = try reload()
                current.withLock { $0 = fresh }
                do {
                    return try decode(fresh)
                } catch let unknown as UnknownID {
                    throw StoreError.damaged("a stored blob refers to catalogue id \(unknown.id), which does not exist")
                }
            }
        }
    }
}
