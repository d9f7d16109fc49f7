import Foundation
import ProfileCore
import Testing
import TestSupport

@testable import ProfileStore

/// The binary forms the store keeps properties, changes, members and
/// snapshots in: every value reads back byte for byte, the layout is pinned,
/// and damaged bytes are refused rather than misread.
@Suite struct StoredFormTests {
    // "é" precomposed and decomposed: equal to Swift's `==`, different bytes.
    static let precomposed = "Ren\u{E9}e"
    static let decomposed = "Rene\u{301}e"
    static let awkward = [
        "", " ", "\u{0}", "\u{0}\u{1}\u{7F}\u{FFFD}", "line\nbreak\r\n", "tab\there", "\"quoted\" \\ back",
        "日本語テキスト", "👩🏽‍💻 emoji", "Zoë Ångström", precomposed, decomposed, "K\u{212A}", String(repeating: "x", count: 70_000),
    ]

    static func properties() -> [ProfileProperty] {
        [
            ProfileProperty(name: "AccountName", values: ["CONTOSO\\jdoe"], source: "contoso.sAMAccountName", run: 1),
            ProfileProperty(name: "Empty", values: [], source: "expression", run: 2),
            ProfileProperty(name: "EmptyString", values: [""], source: "hr.Blank", run: 3),
            ProfileProperty(name: "Awkward", values: awkward, source: "contoso.description", run: 4),
            ProfileProperty(name: "Many", values: (0..<1000).map { "value \($0)" }, source: "hr.Skills", run: 1_000_000),
            ProfileProperty(name: precomposed, values: [decomposed], source: decomposed, run: 0),
            ProfileProperty(name: decomposed, values: [precomposed], source: precomposed, run: -7),
        ]
    }

    /// Whether two string lists are the same bytes (`==` would accept canonically equal text).
    static func sameBytes(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Array($0.utf8) == Array($1.utf8) }
    }

    static func sameBytes(_ a: [ProfileProperty], _ b: [ProfileProperty]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                sameBytes([x.name, x.source], [y.name, y.source]) && sameBytes(x.values, y.values) && x.run == y.run
            }
    }

    /// The row a profile's values may refer to (account, DN, anchor).
    static let context = StoredProperties.context(
        account: "CONTOSO\\zoë", dn: "CN=Zo\u{EB},OU=Staff,DC=contoso", anchor: "1a2b3c4d-0000-4000-8000-000000000001")

    static func roundTrip(_ properties: [ProfileProperty]) throws -> (bytes: [UInt8], read: [ProfileProperty]) {
        var catalogue = StoreCatalogue.empty
        var writer = StoredBytesWriter()
        StoredProperties.encode(PropertyList(properties), context: context, into: &writer, catalogue: &catalogue)
        let bytes = writer.array
        let read = try bytes.withUnsafeBytes { try StoredProperties.decode($0, context: context, catalogue: catalogue) }
        // Read into a packed list too (what a drifted run diffs): the same
        // properties, byte for byte.
        let list = try bytes.withUnsafeBytes { try StoredProperties.decodeList($0, context: context, catalogue: catalogue) }
        #expect(sameBytes(Array(list), read))
        return (bytes, read)
    }

    @Test func propertiesReadBackByteForByte() throws {
        let properties = Self.properties()
        let (_, read) = try Self.roundTrip(properties)
        #expect(read == properties)
        #expect(Self.sameBytes(read, properties))
    }

    /// Values equal to the row's account, DN or anchor are stored as references; look-alikes are not.
    @Test func valuesEqualToTheRowAreReferencesAndLookAlikesAreNot() throws {
        let decomposedDN = "CN=Zoe\u{308},OU=Staff,DC=contoso"  // == the DN to Swift, other bytes
        let values = ["CONTOSO\\zoë", "CN=Zo\u{EB},OU=Staff,DC=contoso", "1a2b3c4d-0000-4000-8000-000000000001", decomposedDN, "contoso\\zoë"]
        let properties = [ProfileProperty(name: "P", values: values, source: "s", run: 1)]
        let (bytes, read) = try Self.roundTrip(properties)
        #expect(Self.sameBytes(read[0].values, values))
        let literal = values[3...].reduce(0) { $0 + $1.utf8.count + 1 }
        #expect(bytes.count == 1 + 1 + 3 + 1 + 3 + literal)  // format, count, ids and run, value count, 3 references
        #expect(bytes[6...8] == [1, 3, 5])  // account, DN, anchor
    }

    @Test func canonicallyEqualNamesKeepTheirOwnIDsAndBytes() {
        var catalogue = StoreCatalogue.empty
        let first = catalogue.id(for: Self.precomposed)
        let second = catalogue.id(for: Self.decomposed)
        #expect(first != second)
        #expect(catalogue.id(for: String(Self.precomposed.unicodeScalars)) == first)  // another instance, same bytes
        #expect(catalogue.id(for: Self.decomposed) == second)
        #expect(Array((try? catalogue.text(first))?.utf8 ?? "".utf8) == Array(Self.precomposed.utf8))
        #expect(Array((try? catalogue.text(second))?.utf8 ?? "".utf8) == Array(Self.decomposed.utf8))
        #expect(catalogue.added.map(\.id) == [first, second])
    }

    @Test func catalogueFindsEveryOneOfManyTexts() {
        var catalogue = StoreCatalogue.empty
        let texts = (0..<5000).map { "source.\($0)" } + Self.awkward
        let ids = texts.map { catalogue.id(for: $0) }
        #expect(Set(ids).count == Set(texts.map { Array($0.utf8) }).count)
        for (text, id) in zip(texts, ids) {
            #expect(catalogue.id(for: text) == id)
            #expect(catalogue.id(for: String(decoding: Array(text.utf8), as: UTF8.self)) == id)  // a fresh copy
        }
    }

    /// The position memo answers only for the very same string: any other
    /// string at a position, however alike, gets its own id by its bytes.
    @Test func positionMemoAgreesWithLookupsByBytes() {
        var catalogue = StoreCatalogue.empty
        var plain = StoreCatalogue.empty
        let long = "contoso.sAMAccountName"
        let texts = [
            long, String(decoding: Array(long.utf8), as: UTF8.self), "Title", "title", Self.precomposed,
            Self.decomposed, String(Self.precomposed.unicodeScalars), "", long + "X", "a much longer text than sixteen bytes",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let text = texts[Int(state % UInt64(texts.count))]
            let position = Int((state >> 20) % 6)
            #expect(catalogue.id(for: text, position: position) == plain.id(for: text), "\(text) at \(position)")
        }
        #expect(catalogue.added.map(\.id) == plain.added.map(\.id))
        #expect(catalogue.added.map { Array($0.text.utf8) } == plain.added.map { Array($0.text.utf8) })
    }

    /// Ids by label position (`useLabels(of:)`) are the ids of the labels'
    /// texts, handed out in the same order, whichever lists share labels,
    /// and whichever gained one after the catalogue saw them.
    @Test func labelIDsAgreeWithLookupsByText() {
        let labels = ["Title", "hr.JobTitle", Self.precomposed, Self.decomposed, "contoso.title"]
        // As many labels, other ones: told apart by their array, not their count.
        let others = ["Office", "contoso.office", "Phone", "hr.Phone", "contoso.telephoneNumber"]
        func shared(_ run: Int, labels: [String] = labels) -> PropertyList {
            var list = PropertyList(labels: labels)
            list.beginProperty(nameAt: 0, sourceAt: 1, run: run)
            list.beginProperty(nameAt: 3, sourceAt: 2, run: run)
            list.beginProperty(nameAt: 0, sourceAt: 4, run: run)
            return list
        }
        var grown = shared(1)
        grown.beginProperty(name: "Office", source: "contoso.physicalDeliveryOfficeName", run: 2)
        let lists = [
            shared(1), shared(2), grown, shared(3), PropertyList(Self.properties()), PropertyList(), grown, shared(4),
            shared(5, labels: others), shared(6),
        ]
        var byPosition = StoreCatalogue.empty
        var byText = StoreCatalogue.empty
        for (index, list) in lists.enumerated() {
            byPosition.useLabels(of: list)
            var positional: [Int] = []
            list.forEachPropertyAt { name, _, source, _ in
                positional += [byPosition.id(forLabelAt: name), byPosition.id(forLabelAt: source)]
            }
            var textual: [Int] = []
            list.forEachProperty { name, _, source, _ in textual += [byText.id(for: name), byText.id(for: source)] }
            #expect(positional == textual, "list \(index)")
        }
        #expect(byPosition.added.map(\.id) == byText.added.map(\.id))
        #expect(byPosition.added.map { Array($0.text.utf8) } == byText.added.map { Array($0.text.utf8) })
    }

    /// The stored layout, pinned: a change here is a new format (and a migration), not an edit.
    @Test func propertiesLayoutIsPinned() throws {
        let properties = [
            ProfileProperty(name: "Title", values: ["Lead", "é"], source: "hr.JobTitle", run: 2),
            ProfileProperty(name: "Skills", values: [], source: "hr.JobTitle", run: -1),
            ProfileProperty(name: "ADGuid", values: ["1a2b3c4d-0000-4000-8000-000000000001"], source: "c.objectGUID", run: 1),
        ]
        let (bytes, _) = try Self.roundTrip(properties)
        #expect(
            bytes == [
                1,  // format
                3,  // properties
                1, 2, 4, 2, 8, 0x4C, 0x65, 0x61, 0x64, 4, 0xC3, 0xA9,  // Title, hr.JobTitle, run 2, ["Lead", "é"]
                3, 2, 1, 0,  // Skills, hr.JobTitle, run -1, []
                4, 5, 2, 1, 5,  // ADGuid, c.objectGUID, run 1, [the anchor]
            ])
    }

    @Test func everyChangeKindReadsBack() throws {
        let ref = ProfileRef(connection: "contoso", anchor: "c1a6", account: "CONTOSO\\zoë", dn: "CN=Zoë,DC=contoso")
        let changes: [ProfileChange] = [
            .add(
                ref,
                properties: PropertyChanges(
                    Self.properties().map { PropertyChange(name: $0.name, old: [], new: $0.values, source: $0.source) })),
            .add(ref, properties: PropertyChanges(adding: PropertyList(Self.properties()))),
            .update(
                ref,
                properties: [
                    PropertyChange(
                        name: "Title", old: ["Analyst", ref.dn], new: ["Manager", ref.account, ref.anchor],
                        source: "hr.JobTitle"),
                    PropertyChange(name: "Skills", old: Self.awkward, new: [], source: Self.decomposed),
                ]),
            .update(ref, properties: []),
            .markForDeletion(ref),
            .exclude(ref, reason: .disabled), .exclude(ref, reason: .filtered), .exclude(ref, reason: .scope),
            .move(ref, oldDn: "CN=Zoë,OU=A,DC=contoso", newDn: Self.precomposed),
            .restore(ref),
            .membership(group: "CN=G,DC=contoso", added: Self.awkward, removed: ["CN=Old,DC=contoso"]),
            .membership(group: "", added: [], removed: []),
        ]
        var catalogue = StoreCatalogue.empty
        for change in changes {
            var writer = StoredBytesWriter()
            StoredChange.encode(change, into: &writer, catalogue: &catalogue)
            let profile = change.profile
            let read = try StoredChange.decode(
                writer.bytes, connection: profile?.connection, anchor: profile?.anchor, catalogue: catalogue)
            #expect(read == change)
            if case .add(_, let properties) = change {
                // A new profile's own properties encode as the same changes spelled out.
                var spelledOut = StoredBytesWriter()
                var spelledCatalogue = catalogue
                StoredChange.encode(
                    .add(ref, properties: PropertyChanges(Array(properties))), into: &spelledOut, catalogue: &spelledCatalogue)
                #expect(spelledOut.array == writer.array)
            }
            if case .update(_, let old) = change, case .update(_, let new) = read {
                #expect(zip(old, new).allSatisfy { Self.sameBytes($0.old + $0.new, $1.old + $1.new) })
            }
        }
    }

    /// `size(ofStrings:)`, by which lists are given room before they are
    /// written, is never short of what `strings` writes.
    @Test func aListsSizeCoversItsBytes() {
        var random = SeededGenerator(seed: 23)
        for round in 0..<200 {
            let texts = (0..<Int.random(in: 0..<(round % 10 == 0 ? 3_000 : 30), using: &random)).map { _ in
                String(repeating: ["a", "é", "😀", "CN=x,"].randomElement(using: &random)!, count: Int.random(in: 0..<300, using: &random))
            }
            var writer = StoredBytesWriter()
            writer.strings(texts)
            #expect(writer.count <= StoredBytesWriter.size(ofStrings: texts), "round \(round)")
        }
    }

    @Test func membersReadBack() throws {
        for members in [[], ["contoso/1a2b"], Self.awkward, (0..<20_000).map { "contoso/\($0)" }] {
            var writer = StoredBytesWriter()
            StoredMembers.encode(members, into: &writer)
            let read = Array(try StoredMembers.decodeList(writer.bytes))
            #expect(Self.sameBytes(read, members))
        }
    }

    /// A key that is not UTF-8, or a list that ends inside a key, is a damaged store.
    @Test func membersThatAreNotUTF8AreDamaged() throws {
        for bytes: [UInt8] in [[1, 1, 2, 0xFF, 0xFE], [1, 2, 1, 0x61, 3, 0x62], [1, 1, 2, 0xC3]] {
            #expect(throws: StoreError.self) { try bytes.withUnsafeBytes { try StoredMembers.decodeList($0) } }
        }
        let valid: [UInt8] = [1, 2, 1, 0x61, 2, 0xC3, 0xA9]
        let read = try valid.withUnsafeBytes { try StoredMembers.decodeList($0) }
        #expect(Array(read) == ["a", "\u{E9}"])
    }

    @Test func snapshotsReadBackByteForByteAndInternTheirNames() throws {
        let dn = "CN=Zoë Ångström,OU=Research,DC=contoso,DC=com"
        let entry = DirectoryEntry(
            dn: dn, file: "a.ldif", line: 1,
            attributes: [
                "cn": [.text("Zoë Ångström")], "objectguid": [.binary([0, 1, 2, 0xFF, 0x80])],
                "proxyaddresses": Self.awkward.map { .text($0) }, "thumbnailphoto": [.binary(Array(repeating: 7, count: 300))],
                "description": [],
            ])
        let snapshot = SourceSnapshot.encode(entry)
        var catalogue = StoreCatalogue.empty
        for rowDN in [dn, dn.lowercased(), ""] {
            var writer = StoredBytesWriter()
            snapshot.withUnsafeBytes { StoredSnapshot.encode($0, dn: rowDN, into: &writer, catalogue: &catalogue) }
            #expect(writer.array.first == StoredSnapshot.interned, "SourceSnapshot's layout changed; update StoredSnapshot")
            if rowDN == dn { #expect(writer.count < snapshot.count - dn.utf8.count - 30) }
            let read = try StoredSnapshot.decode(writer.bytes, dn: rowDN, catalogue: catalogue)
            #expect(read == snapshot)
        }
        #expect(Set(catalogue.texts) == ["cn", "objectguid", "proxyaddresses", "thumbnailphoto", "description"])
    }

    @Test func bytesOfAnotherLayoutAreKeptVerbatimAndAddNothingToTheCatalogue() throws {
        var random = SystemRandomNumberGenerator()
        let samples: [[UInt8]] =
            [[], [0], [1, 0x41], [0x80, 0x00, 0x00], [2, 0x41, 0x42, 0x01, 0x01, 0x78]]  // non-minimal varint; name then no value count
            + (0..<200).map { _ in (0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) } }
        for bytes in samples {
            var catalogue = StoreCatalogue.empty
            var writer = StoredBytesWriter()
            bytes.withUnsafeBytes { StoredSnapshot.encode($0, dn: "CN=x", into: &writer, catalogue: &catalogue) }
            let read = try StoredSnapshot.decode(writer.bytes, dn: "CN=x", catalogue: catalogue)
            #expect(read == bytes)
            if writer.array.first == StoredSnapshot.verbatim { #expect(catalogue.texts.isEmpty) }
        }
    }

    /// The interned form copies each attribute's values as they are, so a
    /// value count or value header that is not minimal (which decoding would
    /// write shorter) keeps the snapshot verbatim; the minimal one is interned.
    @Test func aNonMinimalVarintAmongTheValuesKeepsTheSnapshotVerbatim() throws {
        let head: [UInt8] = [4] + Array("CN=x".utf8) + [1, 2] + Array("cn".utf8)
        let minimal = head + [1, 2] + Array("a".utf8)
        let longCount = head + [0x81, 0x00, 2] + Array("a".utf8)
        let longHeader = head + [1, 0x82, 0x00] + Array("a".utf8)
        for (bytes, form) in [(minimal, StoredSnapshot.interned), (longCount, StoredSnapshot.verbatim), (longHeader, StoredSnapshot.verbatim)] {
            var catalogue = StoreCatalogue.empty
            var writer = StoredBytesWriter()
            bytes.withUnsafeBytes { StoredSnapshot.encode($0, dn: "CN=x", into: &writer, catalogue: &catalogue) }
            #expect(writer.array.first == form)
            #expect(try StoredSnapshot.decode(writer.bytes, dn: "CN=x", catalogue: catalogue) == bytes)
        }
    }

    /// The commit lays every snapshot out in one reused list of spans: the
    /// bytes are those of a fresh list, snapshot after snapshot of any size.
    @Test func spansReusedAcrossSnapshotsEncodeAsFreshOnes() throws {
        var random = SystemRandomNumberGenerator()
        var spans: [StoredSnapshot.AttributeSpan] = []
        var reused = StoreCatalogue.empty
        var fresh = StoreCatalogue.empty
        for round in 0..<300 {
            var attributes: [String: [AttributeValue]] = [:]
            for index in 0..<Int.random(in: 0...12, using: &random) {
                attributes["a\(index)x\(Int.random(in: 0...3, using: &random))"] =
                    (0..<Int.random(in: 0...3, using: &random)).map { _ in
                        Bool.random(using: &random)
                            ? .text(String(repeating: "é", count: Int.random(in: 0...90, using: &random)))
                            : .binary((0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
                    }
            }
            var snapshot = SourceSnapshot.encode(DirectoryEntry(dn: "CN=n\(round)", file: "a", line: 1, attributes: attributes))
            if round % 7 == 0 { snapshot.removeLast(min(snapshot.count, 3)) }  // another layout now and then
            var withSpans = StoredBytesWriter()
            var withoutSpans = StoredBytesWriter()
            snapshot.withUnsafeBytes {
                StoredSnapshot.encode($0, dn: "CN=n\(round)", into: &withSpans, catalogue: &reused, spans: &spans)
                StoredSnapshot.encode($0, dn: "CN=n\(round)", into: &withoutSpans, catalogue: &fresh)
            }
            #expect(withSpans.array == withoutSpans.array)
            #expect(try StoredSnapshot.decode(withSpans.bytes, dn: "CN=n\(round)", catalogue: reused) == snapshot)
        }
        #expect(reused.texts == fresh.texts)
    }

    /// The commit writes an entry's snapshot from its attributes: the bytes
    /// `encode` writes for the assembled snapshot, entry after entry with one
    /// list of ids, for any keys, values and DN, the row's or another.
    @Test func anEntryEncodesAsItsAssembledSnapshot() throws {
        var random = SystemRandomNumberGenerator()
        var ids: [Int] = []
        var direct = StoreCatalogue.empty
        var assembled = StoreCatalogue.empty
        let names = ["cn", "CN", "sAMAccountName", "samaccounttype", "mail", "mai", "memberOf;range=0-1", "Zoë", "x\(0)"]
        for round in 0..<400 {
            var attributes: [String: [AttributeValue]] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                let name = names.randomElement(using: &random)! + (Bool.random(using: &random) ? "" : "\(Int.random(in: 0...20, using: &random))")
                attributes[name, default: []] += (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    Bool.random(using: &random)
                        ? .text(String(repeating: "é", count: Int.random(in: 0...90, using: &random)))
                        : .binary((0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
                }
            }
            let dn = "CN=Zoë \(round),OU=Staff,DC=contoso"
            let entry = DirectoryEntry(dn: dn, file: "a.ldif", line: round, attributes: attributes)
            let rowDN = [dn, dn.lowercased(), "CN=other"][round % 3]
            var fromEntry = StoredBytesWriter()
            fromEntry.byte(9)  // after a row's other bytes
            #expect(StoredSnapshot.encode(entry: entry, dn: rowDN, into: &fromEntry, catalogue: &direct, ids: &ids))
            var fromBytes = StoredBytesWriter()
            fromBytes.byte(9)
            SourceSnapshot.encode(entry).withUnsafeBytes {
                StoredSnapshot.encode($0, dn: rowDN, into: &fromBytes, catalogue: &assembled)
            }
            #expect(fromEntry.array == fromBytes.array)
            #expect(fromEntry.array.dropFirst().first == StoredSnapshot.interned)
        }
        #expect(direct.texts == assembled.texts)
    }

    /// An entry read from a stored snapshot keeps its values' bytes as they
    /// were; a value count or header there that is not minimal cannot be
    /// interned exactly, so the entry writes nothing and the assembled
    /// snapshot is kept verbatim, as before.
    @Test func anEntryWithANonMinimalVarintWritesNothing() throws {
        let head: [UInt8] = [4] + Array("CN=x".utf8) + [1, 2] + Array("cn".utf8)
        let longCount = head + [0x81, 0x00, 2] + Array("a".utf8)
        let longHeader = head + [1, 0x82, 0x00] + Array("a".utf8)
        for bytes in [longCount, longHeader] {
            let entry = try #require(SourceSnapshot.decode(bytes))
            #expect(SourceSnapshot.encode(entry) == bytes)
            var ids: [Int] = []
            var catalogue = StoreCatalogue.empty
            var writer = StoredBytesWriter()
            writer.byte(9)
            #expect(!StoredSnapshot.encode(entry: entry, dn: "CN=x", into: &writer, catalogue: &catalogue, ids: &ids))
            #expect(writer.array == [9])
        }
    }

    /// Entries read from snapshots whose value counts and headers are
    /// written minimal or padded at random: an entry writes its snapshot
    /// exactly when the assembled bytes would be interned, the same bytes,
    /// and otherwise nothing (those are kept verbatim).
    @Test func paddedVarintsAnywhereAreFoundAsTheAssembledPathFindsThem() throws {
        var random = SystemRandomNumberGenerator()
        /// `value` as a varint, with `padding` extra groups of zero.
        func varint(_ value: UInt64, padding: Int) -> [UInt8] {
            var out: [UInt8] = []
            var value = value
            while value >= 0x80 {
                out.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            out.append(UInt8(value))
            for _ in 0..<padding {
                out[out.count - 1] |= 0x80
                out.append(0)
            }
            return out
        }
        var kept = 0
        var interned = 0
        for _ in 0..<2_000 {
            var bytes: [UInt8] = [4] + Array("CN=x".utf8)
            let names = ["cn", "mail", "sn"].filter { _ in Bool.random(using: &random) }
            bytes += varint(UInt64(names.count), padding: 0)
            for name in names {
                bytes += [UInt8(name.utf8.count)] + Array(name.utf8)
                let count = Int.random(in: 0...3, using: &random)
                bytes += varint(UInt64(count), padding: Int.random(in: 0...10, using: &random) == 0 ? 1 : 0)
                for _ in 0..<count {
                    let value = Array(repeating: UInt8(ascii: "v"), count: Int.random(in: 0...80, using: &random))
                    bytes += varint(UInt64(value.count) << 1, padding: Int.random(in: 0...10, using: &random) == 0 ? 1 : 0)
                    bytes += value
                }
            }
            let entry = try #require(SourceSnapshot.decode(bytes))
            var ids: [Int] = []
            var direct = StoreCatalogue.empty
            var fromEntry = StoredBytesWriter()
            let written = StoredSnapshot.encode(entry: entry, dn: "CN=x", into: &fromEntry, catalogue: &direct, ids: &ids)
            var assembled = StoreCatalogue.empty
            var fromBytes = StoredBytesWriter()
            SourceSnapshot.encode(entry).withUnsafeBytes {
                StoredSnapshot.encode($0, dn: "CN=x", into: &fromBytes, catalogue: &assembled)
            }
            if written {
                interned += 1
                #expect(fromEntry.array == fromBytes.array)
            } else {
                kept += 1
                #expect(fromEntry.count == 0)
                #expect(fromBytes.array.first == StoredSnapshot.verbatim)
            }
        }
        #expect(kept > 0 && interned > 0)
    }

    /// A DN key is lowered straight into the commit's batch: the same bytes
    /// as the column of `CaseFold.lowercased`, for ASCII and for any other text.
    @Test func aLowercasedColumnIsTheColumnOfTheLowercasedText() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("AZaz@[`{09=, \\ÄäÖöİıẞß🙂") + ["\u{0}", "\u{7F}"].map(Character.init)
        let texts = ["", "CN=Jo Doe,OU=Staff,DC=contoso,DC=com", "CN=Ängel Öz,DC=x"]
            + (0..<500).map { _ in String((0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
        for text in texts {
            var lowered = StoredBytesWriter()
            lowered.byte(7)  // a column after other bytes
            lowered.lowercasedColumn(text)
            var expected = StoredBytesWriter()
            expected.byte(7)
            expected.column(CaseFold.lowercased(text))
            #expect(lowered.array == expected.array, "\(text)")
        }
        var none = StoredBytesWriter()
        none.column(nil)
        #expect(none.array == [0])
    }

    /// Every truncation of a valid blob, and trailing garbage, is refused as damage.
    @Test func damagedBlobsAreRefusedNotMisread() throws {
        var catalogue = StoreCatalogue.empty
        var writer = StoredBytesWriter()
        StoredProperties.encode(PropertyList(Self.properties()), context: Self.context, into: &writer, catalogue: &catalogue)
        let bytes = writer.array
        // Both readers, as strings and into a packed list, read the same or refuse.
        func decode(_ bytes: [UInt8]) throws {
            let list = Result {
                try bytes.withUnsafeBytes { try StoredProperties.decodeList($0, context: Self.context, catalogue: catalogue) }
            }
            let strings = Result {
                try bytes.withUnsafeBytes { try StoredProperties.decode($0, context: Self.context, catalogue: catalogue) }
            }
            switch (list, strings) {
            case (.success(let list), .success(let strings)): #expect(Self.sameBytes(Array(list), strings))
            case (.failure(let list), .failure): #expect(list is StoreError)
            default: Issue.record("the two readers disagree on \(bytes)")
            }
            _ = try strings.get()
        }
        for length in 0..<bytes.count {
            #expect(throws: StoreError.self) { try decode(Array(bytes.prefix(length))) }
        }
        #expect(throws: StoreError.self) { try decode(bytes + [0]) }
        #expect(throws: StoreError.self) { try decode([9] + bytes.dropFirst()) }  // an unknown format
        #expect(throws: StoreError.self) { try decode([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }  // a count beyond the bytes
        #expect(throws: StoreError.self) {  // a varint longer than 64 bits
            try decode([1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        }
        // One property (name 1, source 2, run 1), one value:
        #expect(throws: StoreError.self) { try decode([1, 1, 1, 2, 2, 1, 2, 0xFF]) }  // not UTF-8
        #expect(throws: StoreError.self) { try decode([1, 1, 1, 2, 2, 1, 7]) }  // a reference past the row's three strings
        // One property without values, run 2^31 - 1 (zigzag 2^32 - 2), then
        // 2^31 (zigzag 2^32): a list holds runs in 32 bits, so the second is damage.
        try decode([1, 1, 1, 2, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0])
        #expect(throws: StoreError.self) { try decode([1, 1, 1, 2, 0x80, 0x80, 0x80, 0x80, 0x10, 0]) }
        var other = StoredBytesWriter()
        StoredChange.encode(.restore(ProfileRef(connection: "c", anchor: "a", account: "x", dn: "y")), into: &other, catalogue: &catalogue)
        let change = other.array
        for length in 0..<change.count {
            #expect(throws: StoreError.self) {
                try Array(change.prefix(length)).withUnsafeBytes {
                    try StoredChange.decode($0, connection: "c", anchor: "a", catalogue: catalogue)
                }
            }
        }
    }

    /// A name id the catalogue lacks is reported as such, so a reader can reload it.
    @Test func unknownCatalogueIDsAreReported() throws {
        var catalogue = StoreCatalogue.empty
        var writer = StoredBytesWriter()
        StoredProperties.encode(PropertyList(Self.properties()), context: Self.context, into: &writer, catalogue: &catalogue)
        #expect(throws: StoreCatalogue.UnknownID.self) {
            try StoredProperties.decode(writer.bytes, context: Self.context, catalogue: .empty)
        }
        #expect(throws: StoreCatalogue.UnknownID.self) {
            try StoredProperties.decodeList(writer.bytes, context: Self.context, catalogue: .empty)
        }
    }

    @Test func varintsAndSignedNumbersCoverTheirRange() throws {
        var writer = StoredBytesWriter(reservingCapacity: 1)
        let unsigned: [UInt64] = [0, 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), UInt64.max - 1, UInt64.max]
        let signed = [0, -1, 1, -64, 64, Int.min, Int.max, Int(Int32.min)]
        for value in unsigned { writer.varint(value) }
        for value in signed { writer.signed(value) }
        var reader = StoredBytesReader(writer.bytes, what: "test")
        for value in unsigned { #expect(try reader.varint() == value) }
        for value in signed { #expect(try reader.signed() == value) }
        #expect(reader.isAtEnd)
    }
}
