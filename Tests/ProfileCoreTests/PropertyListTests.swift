import Testing
import TestSupport
@testable import ProfileCore

/// A profile's properties are packed into bytes; what reads them back must
/// see exactly the properties put in, however they were put in.
@Suite struct PropertyListTests {
    static let properties: [ProfileProperty] = [
        ProfileProperty(name: "AccountName", values: ["CONTOSO\\zoë"], source: "contoso.sAMAccountName", run: 3),
        ProfileProperty(name: "Empty", values: [], source: "expression", run: 1),
        ProfileProperty(
            name: "SPS-ProxyAddresses", values: ["SMTP:zoe@contoso.com", "", "smtp:zo\u{65}\u{301}@contoso.com"],
            source: "contoso.proxyAddresses"),
        ProfileProperty(name: "AboutMe", values: [String(repeating: "ä€𝄞", count: 400)], source: "hr.About", run: 7),
    ]

    @Test func propertiesReadBackAsTheyWentIn() {
        let list = PropertyList(Self.properties)
        #expect(Array(list) == Self.properties)
        #expect(list.count == 4)
        for (index, property) in Self.properties.enumerated() {
            #expect(list.values(at: index).strings == property.values)
            #expect(list.values(at: index).count == property.values.count)
            var utf8: [[UInt8]] = []
            list.values(at: index).forEachUTF8 { utf8.append(Array($0)) }
            #expect(utf8 == property.values.map { Array($0.utf8) })
        }
    }

    /// Each value's length is a varint before it: values whose lengths need
    /// one, two and three bytes of it read back whole, among their neighbours.
    @Test(arguments: [0, 1, 127, 128, 129, 16_383, 16_384, 200_000])
    func valuesOfEveryLengthReadBack(length: Int) {
        let value = String(repeating: "x", count: length)
        let properties = [
            ProfileProperty(name: "Before", values: ["a"], source: "s"),
            ProfileProperty(name: "Long", values: [value, "b", value], source: "s"),
            ProfileProperty(name: "After", values: ["c"], source: "s"),
        ]
        var appended = PropertyList()
        for property in properties { appended.append(property) }
        let sized = PropertyList(properties)
        #expect(Array(appended) == properties)
        #expect(Array(sized) == properties)
        #expect(appended == sized)
        // The values, each after its length: one byte for each short value,
        // one byte per 7 bits of each long one.
        #expect(sized.bytes.count == 3 * 2 + 2 * (PropertyList.lengthSize(length) + length))
        #expect(PropertyList.lengthSize(length) == (length < 128 ? 1 : length < 16_384 ? 2 : 3))
        var lengths: [Int] = []
        appended.values(at: 1).forEachUTF8 { lengths.append($0.count) }
        #expect(lengths == [length, 1, length])
    }

    @Test func valuesAppendedAsBytesEqualValuesAppendedAsStrings() {
        var built = PropertyList()
        for property in Self.properties {
            built.beginProperty(name: property.name, source: property.source, run: property.run)
            for value in property.values {
                var value = value
                value.withUTF8 { built.appendValue(utf8: $0) }
            }
        }
        let packed = PropertyList(Self.properties)
        #expect(built == packed)
        #expect(built.hashValue == packed.hashValue)
        #expect(PropertyList(exactly: built) == packed)
    }

    @Test func aChangedRunValueOrOrderMakesADifferentList() {
        let packed = PropertyList(Self.properties)
        var rerun = packed
        rerun.setRun(8, at: 0)
        #expect(rerun != packed)
        #expect(rerun.run(at: 0) == 8 && packed.run(at: 0) == 3)

        var changed = Self.properties
        changed[2].values[2] = "smtp:zo\u{E9}@contoso.com"  // precomposed: other bytes, equal as Swift strings
        #expect(PropertyList(changed) != packed)

        var moved = Self.properties
        moved[2].values = ["", "SMTP:zoe@contoso.com", "smtp:zo\u{65}\u{301}@contoso.com"]
        #expect(PropertyList(moved) != packed)
    }

    /// Names are labels shared by position; two names equal as Swift
    /// strings but not as bytes (precomposed and decomposed "é") stay two.
    @Test func namesDifferingOnlyInNormalisationStayApart() {
        let precomposed = ProfileProperty(name: "Ren\u{E9}e", values: ["1"], source: "hr.Ren\u{E9}e")
        let decomposed = ProfileProperty(name: "Rene\u{301}e", values: ["2"], source: "hr.Rene\u{301}e")
        let list = PropertyList([precomposed, decomposed])
        #expect(Array(list.name(at: 0).utf8) == Array(precomposed.name.utf8))
        #expect(Array(list.name(at: 1).utf8) == Array(decomposed.name.utf8))
        #expect(Array(list.source(at: 1).utf8) == Array(decomposed.source.utf8))
        #expect(PropertyList([precomposed]) != PropertyList([ProfileProperty(name: "Rene\u{301}e", values: ["1"], source: "hr.Ren\u{E9}e")]))
    }

    /// A run holds a list per profile until its commit, an entry per
    /// property: 8 bytes each is 168 MB for 21 properties of a million users.
    @Test func anEntryIsEightBytes() {
        #expect(MemoryLayout<PropertyList.Entry>.stride == 8)
    }

    /// Values are counted from their lengths (the entry keeps no count):
    /// empty values, lengths of one and of several bytes, and no values.
    @Test func valuesAreCountedFromTheirLengths() {
        var list = PropertyList()
        let long = String(repeating: "é", count: 200)  // 400 bytes: a two-byte length
        let cases: [[String]] = [[""], ["", ""], ["a", long, ""], [long], [], ["x", "y", "z", "w"]]
        for (index, values) in cases.enumerated() {
            list.beginProperty(name: "P\(index)", source: "s", run: 1)
            for value in values { list.appendValue(value) }
        }
        for (index, values) in cases.enumerated() {
            #expect(list.values(at: index).count == values.count, "case \(index)")
            #expect(list.values(at: index).isEmpty == values.isEmpty, "case \(index)")
            #expect(list.values(at: index).strings == values, "case \(index)")
        }
        var seen: [Int] = []
        list.forEachPropertyAt { _, values, _, _ in seen.append(values.count) }
        #expect(seen == cases.map(\.count))
    }

    /// Runs are spelled out per property only where they differ: a new
    /// profile's list (every property of the run that added it) keeps one.
    @Test func runsAreKeptOnceUntilTheyDiffer() {
        var list = PropertyList(labels: ["a", "b", "c", "src"])
        for name in 0..<3 {
            list.beginProperty(nameAt: name, sourceAt: 3, run: 0)
            list.appendValue("v\(name)")
        }
        #expect(list.runs.isEmpty)
        list.setRuns(9)
        #expect(list.runs.isEmpty && (0..<3).map(list.run(at:)) == [9, 9, 9])
        list.setRun(9, at: 1)
        #expect(list.runs.isEmpty)
        list.setRun(4, at: 1)
        #expect((0..<3).map(list.run(at:)) == [9, 4, 9])
        #expect(list.runs == [9, 4, 9])
        // Equal whichever way the same runs are held, and hashed alike.
        var spelled = list
        spelled.setRun(9, at: 1)
        var shared = PropertyList(exactly: spelled)
        shared.setRuns(9)
        #expect(!spelled.runs.isEmpty && shared.runs.isEmpty)
        #expect(spelled == shared)
        #expect(spelled.hashValue == shared.hashValue)
        #expect(PropertyList(exactly: list) == list)
    }

    /// Random edits against a plain array of runs: every way of reading a
    /// run sees the model's.
    @Test(arguments: 0..<30)
    func runsAgreeWithAModel(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) + 100)
        var list = PropertyList(labels: ["n0", "n1", "n2", "n3", "s"])
        var model: [Int] = []
        for _ in 0..<60 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4:
                let run = [1, 1, 1, 2, -3, Int(Int32.max)].randomElement(using: &rng)!
                list.beginProperty(nameAt: model.count % 4, sourceAt: 4, run: run)
                list.appendValue("x")
                model.append(run)
            case 4..<7 where !model.isEmpty:
                let position = Int.random(in: 0..<model.count, using: &rng)
                let run = Int.random(in: 1...3, using: &rng)
                list.setRun(run, at: position)
                model[position] = run
            case 7:
                let run = Int.random(in: 1...3, using: &rng)
                list.setRuns(run)
                model = model.map { _ in run }
            case 8:
                list = PropertyList(exactly: list)
            case 9 where Int.random(in: 0..<4, using: &rng) == 0:
                list.removeAll(labels: ["n0", "n1", "n2", "n3", "s"])
                model = []
            default:
                break
            }
            #expect(list.indices.map(list.run(at:)) == model)
            #expect(list.map(\.run) == model)
            var seen: [Int] = []
            list.forEachProperty { _, _, _, run in seen.append(run) }
            #expect(seen == model)
            seen = []
            list.forEachPropertyAt { _, _, _, run in seen.append(run) }
            #expect(seen == model)
            #expect(list.runs.isEmpty || list.runs.count == model.count)
        }
    }

    @Test func aScratchListIsReusedWithoutLeftovers() {
        var scratch = PropertyList(Self.properties)
        scratch.removeAll(labels: [])
        #expect(scratch.isEmpty)
        scratch.append(Self.properties[0])
        #expect(Array(PropertyList(exactly: scratch)) == [Self.properties[0]])
    }

    /// A builder's scratch list is given its connection's labels for every
    /// profile and keeps those it holds: a list built after another
    /// connection's labels must still name its properties from its own.
    @Test func aScratchListTakesNewLabelsAndKeepsTheSameOnes() {
        let contoso = ["AccountName", "contoso.sAMAccountName"]
        let fabrikam = ["AccountName", "fabrikam.uid"]
        var scratch = PropertyList()
        for (labels, source) in [(contoso, "contoso.sAMAccountName"), (fabrikam, "fabrikam.uid"), (contoso, "contoso.sAMAccountName")] {
            scratch.removeAll(labels: labels)
            #expect(scratch.labelsIdentity == PropertyList.LabelsIdentity(labels))
            scratch.beginProperty(nameAt: 0, sourceAt: 1, run: 2)
            scratch.appendValue("x")
            let exact = PropertyList(exactly: scratch)
            #expect(Array(exact) == [ProfileProperty(name: "AccountName", values: ["x"], source: source, run: 2)])
            #expect(exact.labelsIdentity == PropertyList.LabelsIdentity(labels))
            // The same labels again: kept, still shared with the table's array.
            scratch.removeAll(labels: labels)
            #expect(scratch.isEmpty && scratch.labelsIdentity == PropertyList.LabelsIdentity(labels))
        }
    }

    @Test func newProfileChangesReadTheListInPlace() {
        let changes = PropertyChanges(adding: PropertyList(Self.properties))
        var seen: [PropertyChange] = []
        changes.forEachChange { name, old, new, source in
            seen.append(PropertyChange(name: name, old: old.strings, new: new.strings, source: source))
        }
        let expected = Self.properties.map { PropertyChange(name: $0.name, old: [], new: $0.values, source: $0.source) }
        #expect(seen == expected)
        #expect(Array(changes) == expected)
        #expect(changes == PropertyChanges(expected))
    }

    // MARK: Building from the directory

    /// Text values of these types are copied from the entry's bytes; the
    /// other path converts each value to a string first.
    static let copiedTypes: [PropertyType] = [.string, .multistring, .email, .url, .html, .binary, .timezone]

    /// Directory values are copied straight from the entry's bytes, unless
    /// the plan splits them (or resolves people, or converts). A separator
    /// that never occurs changes no value but takes the converting path:
    /// the two must give the same properties and problems for any values.
    @Test(arguments: 0..<40)
    func copiedValuesMatchConvertedValues(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let pool: [AttributeValue] = [
            .text(""), .text("Zoë"), .text("zoe@contoso.com"), .text(String(repeating: "x", count: 300)),
            .binary([0x01, 0x02, 0xFF]), .binary(Array(0..<16)), .binary([]),
            .binary([1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 0x02, 0, 0]),  // S-1-5-32-544
        ]
        // GUIDs and SIDs are written into the list as their string forms
        // on the copying path; malformed ones convert as other binaries.
        let names = ["description", "objectGUID", "mail", "objectSid"]
        var attributes: [String: [AttributeValue]] = [:]
        for name in names where random.next() % 4 != 0 {
            attributes[name] = (0..<Int(random.next() % 4)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }
        }
        let entry = DirectoryEntry(dn: "CN=Zoë,DC=contoso", file: "t.ldif", line: 1, attributes: attributes)
        func plans(separator: String?) -> [PropertyPlan] {
            var random = SeededGenerator(seed: UInt64(seed) &+ 1000)
            return (0..<4).map { index in
                let type = Self.copiedTypes[Int(random.next() % UInt64(Self.copiedTypes.count))]
                let sources = (0..<(1 + Int(random.next() % 2))).map { _ in
                    let attribute = names[Int(random.next() % UInt64(names.count))]
                    return PropertyPlan.Source.directory(
                        connection: nil, key: DirectoryEntry.key(attribute), attribute: attribute, primarySMTP: false)
                }
                return PropertyPlan(
                    name: "P\(index)", type: type, multiValue: type == .multistring || random.next() % 2 == 0,
                    separator: separator, sources: sources, location: nil)
            }
        }
        func build(_ plans: [PropertyPlan]) -> (PropertyList, [String]) {
            var problems: [ProfileBuilder.Problem] = []
            var scratch = PropertyList()
            let list = ProfileBuilder(plans: plans, business: [:], connections: ["contoso"], joinOrder: []).properties(
                of: entry, connection: "contoso", account: "CONTOSO\\zoe", joins: JoinedRows.none.of(candidate: 0),
                resolvePerson: { _ in nil }, problems: &problems, scratch: &scratch)
            return (list, problems.map { "\($0.property): \($0.message)" })
        }
        let copied = build(plans(separator: nil))
        let converted = build(plans(separator: "\u{1}"))
        #expect(copied.0 == converted.0)
        #expect(copied.1 == converted.1)
        // A join key (the first value) read straight from a text attribute
        // must be the one the converting path gives, and the property's.
        let builder = ProfileBuilder(plans: [], business: [:], connections: ["contoso"], joinOrder: [])
        for (plain, splitting) in zip(plans(separator: nil), plans(separator: "\u{1}")) {
            let key = builder.joinKey(plain, entry: entry, connection: "contoso", account: "CONTOSO\\zoe")
            #expect(key == builder.joinKey(splitting, entry: entry, connection: "contoso", account: "CONTOSO\\zoe"))
            #expect(key == copied.0.first { $0.name == plain.name }?.values.first)
        }
    }

    /// A source that names another directory connection reads nothing from
    /// this connection's entries, on the copying path and the converting
    /// one: the next source supplies the property.
    @Test(arguments: [nil, "\u{1}"] as [String?])
    func anotherConnectionsAttributeIsNotRead(separator: String?) {
        let entry = DirectoryEntry(
            dn: "CN=Zoë,DC=contoso", file: "t.ldif", line: 1,
            attributes: ["mail": [.text("zoe@contoso.com")], "description": [.text("Lead")]])
        let plans = [
            PropertyPlan(
                name: "Contact", type: .string, multiValue: false, separator: separator,
                sources: [
                    .directory(connection: "fabrikam", key: "mail", attribute: "mail", primarySMTP: false),
                    .directory(connection: "contoso", key: "description", attribute: "description", primarySMTP: false),
                ], location: nil)
        ]
        var problems: [ProfileBuilder.Problem] = []
        var scratch = PropertyList()
        let builder = ProfileBuilder(plans: plans, business: [:], connections: ["contoso", "fabrikam"], joinOrder: [])
        let list = builder.properties(
            of: entry, connection: "contoso", account: "CONTOSO\\zoe", joins: JoinedRows.none.of(candidate: 0),
            resolvePerson: { _ in nil }, problems: &problems, scratch: &scratch)
        #expect(Array(list) == [ProfileProperty(name: "Contact", values: ["Lead"], source: "contoso.description")])
        // The same entry read as fabrikam's: its own mail comes first.
        let asFabrikam = builder.properties(
            of: entry, connection: "fabrikam", account: "FABRIKAM\\zoe", joins: JoinedRows.none.of(candidate: 0),
            resolvePerson: { _ in nil }, problems: &problems, scratch: &scratch)
        #expect(Array(asFabrikam) == [ProfileProperty(name: "Contact", values: ["zoe@contoso.com"], source: "fabrikam.mail")])
        #expect(problems.isEmpty)
        #expect(builder.joinKey(plans[0], entry: entry, connection: "contoso", account: "CONTOSO\\zoe") == "Lead")
        #expect(builder.joinKey(plans[0], entry: entry, connection: "fabrikam", account: "FABRIKAM\\zoe") == "zoe@contoso.com")
    }
}
