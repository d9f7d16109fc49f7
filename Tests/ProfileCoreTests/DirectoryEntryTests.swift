@testable import ProfileCore
import TestSupport
import Testing

/// `DirectoryEntry` keeps its attributes in one sorted byte buffer; these
/// tests hold it to what a dictionary of value arrays (its former form) does.
@Suite struct DirectoryEntryTests {
    /// The former encoding, written out independently: sorted keys, varints.
    static func referenceSnapshot(dn: String, _ attributes: [String: [AttributeValue]]) -> [UInt8] {
        func varint(_ value: Int, _ out: inout [UInt8]) {
            var value = UInt64(value)
            while value >= 0x80 {
                out.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            out.append(UInt8(value))
        }
        var out: [UInt8] = []
        varint(dn.utf8.count, &out)
        out += dn.utf8
        varint(attributes.count, &out)
        for key in attributes.keys.sorted() {
            varint(key.utf8.count, &out)
            out += key.utf8
            varint(attributes[key]!.count, &out)
            for value in attributes[key]! {
                switch value {
                case .text(let text):
                    varint(text.utf8.count << 1, &out)
                    out += text.utf8
                case .binary(let bytes):
                    varint(bytes.count << 1 | 1, &out)
                    out += bytes
                }
            }
        }
        return out
    }

    // Keys that share their first eight bytes, or only their first four
    // (the index's prefix), keys shorter than four or eight, one that is a
    // prefix of another: the orderings the index must get right.
    static let keyPool = [
        "cn", "c", "extensionattribute1", "extensionattribute10", "extensionattribute2", "member", "memberof",
        "objectclass", "objectguid", "samaccountname", "samaccounttype", "thumbnailphoto", "l", "mail", "mai",
        "manager", "usnchanged", "usncreated",
    ]

    static func randomValue(_ rng: inout SeededGenerator) -> AttributeValue {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: .binary((0..<Int.random(in: 0..<200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 1: .text(String(repeating: "ä", count: Int.random(in: 0..<90, using: &rng)))
        default: .text("value \(Int.random(in: 0..<1_000_000, using: &rng))")
        }
    }

    @Test func builderSortsAndMergesLikeADictionary() {
        var rng = SeededGenerator(seed: 7)
        var builder = DirectoryEntry.Builder()
        for round in 0..<300 {
            var reference: [String: [AttributeValue]] = [:]
            // Room made up front (as the loader makes it for a record whose
            // size it knows), short or long of what comes, changes nothing.
            if round % 3 != 0 {
                builder.reserve(values: Int.random(in: 0..<2_000, using: &rng), bytes: Int.random(in: 0..<40_000, using: &rng))
            }
            for _ in 0..<Int.random(in: 0..<30, using: &rng) {
                let key = Self.keyPool.randomElement(using: &rng)!
                let values = (0..<Int.random(in: 0..<(round % 10 == 0 ? 300 : 4), using: &rng)).map { _ in
                    Self.randomValue(&rng)
                }
                reference[key, default: []] += values
                builder.beginAttribute(key)
                for value in values {
                    switch value {
                    case .text(let text): Array(text.utf8).withUnsafeBufferPointer { builder.appendValue($0, isText: true) }
                    case .binary(let bytes): bytes.withUnsafeBufferPointer { builder.appendValue($0, isText: false) }
                    }
                }
            }
            let entry = builder.finish(dn: "CN=round \(round)", file: "f.ldif", line: round)
            #expect(entry.attributes == reference)
            // What buffers are sized by covers the snapshot's bytes.
            #expect(EntrySnapshot(entry).encodedCapacity >= EntrySnapshot(entry).bytes.count)
            #expect(entry == DirectoryEntry(dn: "CN=round \(round)", file: "f.ldif", line: round, attributes: reference))
            #expect(entry.sortedKeys == reference.keys.sorted())
            #expect(SourceSnapshot.encode(entry) == Self.referenceSnapshot(dn: entry.dn, reference))
            for key in Self.keyPool {
                #expect(Array(entry.values(forKey: key)) == (reference[key] ?? []))
                #expect(entry.values(forKey: key).count == (reference[key]?.count ?? 0))
            }
        }
    }

    /// Ranked parts of one key merge by rank, equal ranks in the order begun
    /// (how `LDIFAttributeRuns` orders ldifde's ranged pieces).
    @Test func rankedPartsMergeByRankThenOrder() {
        var rng = SeededGenerator(seed: 19)
        var builder = DirectoryEntry.Builder()
        for round in 0..<200 {
            var parts: [(key: String, rank: Int, order: Int, values: [AttributeValue])] = []
            for order in 0..<Int.random(in: 0..<25, using: &rng) {
                let key = Self.keyPool.randomElement(using: &rng)!
                let rank = Int.random(in: 0..<4, using: &rng) << 32 | Int.random(in: 0..<3, using: &rng)
                let values = (0..<Int.random(in: 0..<4, using: &rng)).map { _ in Self.randomValue(&rng) }
                parts.append((key, rank, order, values))
                builder.beginAttribute(key, rank: rank)
                for value in values {
                    switch value {
                    case .text(let text): Array(text.utf8).withUnsafeBufferPointer { builder.appendValue($0, isText: true) }
                    case .binary(let bytes): bytes.withUnsafeBufferPointer { builder.appendValue($0, isText: false) }
                    }
                }
            }
            var reference: [String: [AttributeValue]] = [:]
            for part in parts.sorted(by: { ($0.rank, $0.order) < ($1.rank, $1.order) }) {
                reference[part.key, default: []] += part.values
            }
            let entry = builder.finish(dn: "CN=round \(round)", file: "f.ldif", line: round)
            #expect(entry.attributes == reference)
            #expect(SourceSnapshot.encode(entry) == Self.referenceSnapshot(dn: entry.dn, reference))
        }
    }

    /// Entries that repeat one attribute layout (as an export's do), with
    /// now and then a layout of the same size in another order, or the same
    /// order but different keys: a builder that reuses its last sort must
    /// give what one that sorts every entry gives, ranked pieces included.
    @Test func reusedOrderMatchesAFreshSort() {
        var rng = SeededGenerator(seed: 31)
        var reused = DirectoryEntry.Builder()
        // Parts of one layout: key and rank; `member` twice in ranked pieces.
        var layout: [(key: String, rank: Int)] = Self.keyPool.shuffled(using: &rng).prefix(9).map { ($0, 0) }
        layout.append(("member", 1 << 32 | 1))
        layout.append(("member", 1 << 32))
        for round in 0..<400 {
            switch round % 50 {
            case 17: layout.shuffle(using: &rng)  // same size, another order
            case 33: layout[Int.random(in: 0..<layout.count, using: &rng)].key = Self.keyPool.randomElement(using: &rng)!
            case 49: layout.append((Self.keyPool.randomElement(using: &rng)!, Int.random(in: 0..<3, using: &rng)))
            default: break
            }
            var fresh = DirectoryEntry.Builder()
            for part in layout {
                let values = (0..<Int.random(in: 0..<3, using: &rng)).map { _ in Self.randomValue(&rng) }
                for builder in 0..<2 {
                    func add(_ builder: inout DirectoryEntry.Builder) {
                        builder.beginAttribute(part.key, rank: part.rank)
                        for value in values {
                            switch value {
                            case .text(let text): Array(text.utf8).withUnsafeBufferPointer { builder.appendValue($0, isText: true) }
                            case .binary(let bytes): bytes.withUnsafeBufferPointer { builder.appendValue($0, isText: false) }
                            }
                        }
                    }
                    if builder == 0 { add(&reused) } else { add(&fresh) }
                }
            }
            let expected = fresh.finish(dn: "CN=round \(round)", file: "f.ldif", line: round)
            let entry = reused.finish(dn: "CN=round \(round)", file: "f.ldif", line: round)
            #expect(entry == expected, "round \(round)")
            #expect(SourceSnapshot.encode(entry) == SourceSnapshot.encode(expected), "round \(round)")
        }
    }

    @Test func editsAgreeWithADictionary() {
        var rng = SeededGenerator(seed: 11)
        for round in 0..<200 {
            var reference: [String: [AttributeValue]] = [:]
            var entry = DirectoryEntry(dn: "CN=x", file: "", line: 0)
            for _ in 0..<40 {
                let key = Self.keyPool.randomElement(using: &rng)!
                let values = (0..<Int.random(in: 0..<(round % 7 == 0 ? 200 : 3), using: &rng)).map { _ in
                    Self.randomValue(&rng)
                }
                switch Int.random(in: 0..<6, using: &rng) {
                case 0:
                    entry.append(contentsOf: values, toKey: key)
                    reference[key, default: []] += values
                case 1:
                    let value = Self.randomValue(&rng)
                    entry.append(value, to: key.uppercased())
                    reference[key, default: []].append(value)
                case 2:
                    entry.replace(key, with: values)
                    reference[key] = values.isEmpty ? nil : values
                case 3:
                    entry.remove(key)
                    reference[key] = nil
                case 4:
                    let kept = Set(Self.keyPool.filter { _ in Bool.random(using: &rng) })
                    entry.retain(keys: kept)
                    reference = reference.filter { kept.contains($0.key) }
                default:
                    let decoded = SourceSnapshot.decode(SourceSnapshot.encode(entry), file: "", line: 0)
                    #expect(decoded == entry)
                }
                #expect(entry.attributes == reference)
                // Each key found by the index (and each absent one missed),
                // among neighbours that tie on the prefix it compares first.
                for key in Self.keyPool {
                    #expect(Array(entry.values(forKey: key)) == reference[key] ?? [], "\(key), round \(round)")
                }
            }
            #expect(entry == DirectoryEntry(dn: "CN=x", file: "", line: 0, attributes: reference))
            #expect(SourceSnapshot.encode(entry) == Self.referenceSnapshot(dn: "CN=x", reference))
        }
    }

    /// Rewriting an attribute's text values in place gives the entry that
    /// replacing them with the rewritten list gives, byte for byte: values
    /// kept, dropped (all of them: the attribute goes) and replaced, with
    /// binary values and the other attributes left as they were.
    @Test func rewritingTextValuesIsReplacingThemWithTheRewrittenList() {
        var rng = SeededGenerator(seed: 23)
        for round in 0..<300 {
            var entry = DirectoryEntry(dn: "CN=x", file: "", line: 0)
            for key in Self.keyPool where Bool.random(using: &rng) {
                let count = Int.random(in: 0..<(round % 9 == 0 ? 300 : 6), using: &rng)
                entry.append(contentsOf: (0..<count).map { _ in Self.randomValue(&rng) }, toKey: key)
            }
            let key = Self.keyPool.randomElement(using: &rng)!
            // Per round, how likely each of keep, drop and replace is.
            let odds = (0..<3).map { _ in Int.random(in: 0...3, using: &rng) }
            var actions: [DirectoryEntry.ValueRewrite] = []
            var expected: [AttributeValue] = []
            for value in entry.values(forKey: key) {
                guard let text = value.text else {
                    expected.append(value)
                    continue
                }
                let pick = Int.random(in: 0..<max(1, odds.reduce(0, +)), using: &rng)
                if pick < odds[0] || odds.reduce(0, +) == 0 {
                    actions.append(.keep)
                    expected.append(value)
                } else if pick < odds[0] + odds[1] {
                    actions.append(.drop)
                } else {
                    let replacement = "\(text) moved \(round)"
                    actions.append(.replace(replacement))
                    expected.append(.text(replacement))
                }
            }
            var replaced = entry
            replaced.replace(key, with: expected)
            var rewritten = entry
            var seen: [String] = []
            var next = 0
            let changed = rewritten.rewriteTextValues(ofKey: key) { bytes in
                seen.append(String(decoding: bytes, as: UTF8.self))
                defer { next += 1 }
                return actions[next]
            }
            #expect(seen == entry.values(forKey: key).compactMap(\.text), "round \(round)")
            let unchanged = actions.allSatisfy { if case .keep = $0 { true } else { false } }
            #expect(changed == !unchanged, "round \(round)")
            // Unchanged, the entry is as it was: an attribute of no values
            // stays (`replace` with none would remove it).
            let expectedEntry = unchanged ? entry : replaced
            #expect(rewritten == expectedEntry, "round \(round)")
            #expect(SourceSnapshot.encode(rewritten) == SourceSnapshot.encode(expectedEntry), "round \(round)")
        }
    }

    @Test func lookupsNormaliseNamesAndMissIsEmpty() {
        let entry = DirectoryEntry(
            dn: "CN=a", file: "", line: 0,
            attributes: ["sAMAccountName": [.text("a")], "member;range=0-1": [.text("CN=b")], "member": [.text("CN=c")]])
        #expect(entry.values(of: "SAMACCOUNTNAME") == [.text("a")])
        #expect(entry.values(of: "member;range=2-*").count == 2)
        #expect(entry.values(forKey: "mail").isEmpty)
        #expect(entry.values(forKey: "mail").first == nil)
        #expect(entry.firstText("samaccountname") == "a")
        #expect(entry.contains(key: "member"))
        #expect(!entry.contains(key: "mai"))
    }

    /// A lookup by `AttributeKey` (the key's number, ordered by its eight-byte
    /// prefix where numbers differ) finds what a lookup by string finds, for
    /// keys present and absent, among keys that tie on four or eight bytes.
    @Test func lookupsByKeyNumberAgreeWithLookupsByString() {
        var rng = SeededGenerator(seed: 11)
        // Keys tying on all eight prefix bytes and only then differing, and one never stored.
        let pool = Self.keyPool + ["extensionattribute3", "objectcategory", "msds-principalname", "absent"]
        let keys = pool.map(AttributeKey.init)
        for round in 0..<300 {
            var attributes: [String: [AttributeValue]] = [:]
            for key in pool.dropLast() where Bool.random(using: &rng) {
                attributes[key] = (0..<Int.random(in: 1..<4, using: &rng)).map { _ in Self.randomValue(&rng) }
            }
            let entry = DirectoryEntry(dn: "CN=x", file: "", line: 0, attributes: attributes)
            for (name, key) in zip(pool, keys) {
                #expect(Array(entry.values(for: key)) == Array(entry.values(forKey: name)), "round \(round), \(name)")
                #expect(Array(entry.values(for: key)) == (attributes[name] ?? []), "round \(round), \(name)")
            }
        }
        #expect(AttributeKey("objectClass;binary") == AttributeKey("objectclass"))
        #expect(AttributeKey("objectClass").name == "objectclass")
    }

    @Test func snapshotOutOfKeyOrderStillDecodes() {
        // Written by hand in the stored layout with "b" before "a": read by the general path.
        var bytes: [UInt8] = [4] + Array("CN=x".utf8) + [2]
        bytes += [1] + Array("b".utf8) + [1, 2] + Array("2".utf8)
        bytes += [1] + Array("a".utf8) + [1, 2] + Array("1".utf8)
        let entry = SourceSnapshot.decode(bytes)
        #expect(entry?.attributes == ["a": [.text("1")], "b": [.text("2")]])
        #expect(entry?.sortedKeys == ["a", "b"])
    }

    @Test func snapshotWithInvalidUTF8TextIsRejected() {
        var bytes: [UInt8] = [4] + Array("CN=x".utf8) + [1]
        bytes += [1] + Array("a".utf8) + [1, 2, 0xFF]
        #expect(SourceSnapshot.decode(bytes) == nil)
    }

    /// An entry keeps its file and line with its attributes, in storage its
    /// copies share: setting either on one copy leaves the others as they
    /// were, also for entries without attributes, which share one storage.
    @Test func settingFileOrLineOnACopyLeavesTheOthers() {
        let original = DirectoryEntry(dn: "CN=x", file: "a.ldif", line: 3, attributes: ["cn": [.text("x")]])
        var moved = original
        moved.file = "b.ldif"
        moved.line = 9
        #expect(original.file == "a.ldif" && original.line == 3)
        #expect(moved.file == "b.ldif" && moved.line == 9)
        #expect(Array(moved.values(forKey: "cn")) == [.text("x")])
        #expect(moved != original)
        moved.file = "a.ldif"
        moved.line = 3
        #expect(moved == original)

        let empty = DirectoryEntry(dn: "", file: "", line: 0, reservingCapacity: 0)
        var named = DirectoryEntry(dn: "", file: "", line: 0, reservingCapacity: 0)
        named.file = "c.ldif"
        named.line = 1
        #expect(empty.file == "" && empty.line == 0)
        #expect(DirectoryEntry(dn: "", file: "", line: 0, reservingCapacity: 0).file == "")
        #expect(named.file == "c.ldif" && named.line == 1)
        named.append(.text("y"), to: "cn")
        #expect(named.file == "c.ldif" && named.line == 1, "a change of attributes keeps the file and line")
    }

    /// Entries equal by value are equal and hash alike however they were
    /// made (built, edited or decoded); a different file, line, DN or
    /// attribute makes them unequal.
    @Test func equalEntriesHashAlike() throws {
        var builder = DirectoryEntry.Builder()
        builder.beginAttribute("sn")
        Array("Doe".utf8).withUnsafeBufferPointer { builder.appendValue($0, isText: true) }
        builder.beginAttribute("cn")
        Array("Jo".utf8).withUnsafeBufferPointer { builder.appendValue($0, isText: true) }
        let built = builder.finish(dn: "CN=Jo", file: "f.ldif", line: 2)
        let made = DirectoryEntry(dn: "CN=Jo", file: "f.ldif", line: 2, attributes: ["cn": [.text("Jo")], "sn": [.text("Doe")]])
        var edited = DirectoryEntry(dn: "CN=Jo", file: "f.ldif", line: 2)
        edited.append(.text("Doe"), to: "sn")
        edited.append(.text("Jo"), to: "cn")
        let decoded = try #require(SourceSnapshot.decode(SourceSnapshot.encode(made), file: "f.ldif", line: 2))
        for entry in [made, edited, decoded] {
            #expect(entry == built)
            #expect(entry.hashValue == built.hashValue)
        }
        var otherLine = made
        otherLine.line = 3
        var otherValue = made
        otherValue.replace("sn", with: [.text("Roe")])
        for different in [otherLine, otherValue, DirectoryEntry(dn: "CN=Jo2", file: "f.ldif", line: 2, attributes: made.attributes)] {
            #expect(different != built)
        }
    }
}
