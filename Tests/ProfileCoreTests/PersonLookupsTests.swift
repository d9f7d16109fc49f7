@testable import ProfileCore
import Testing
import TestSupport

/// A profile's input digest takes the person lookups a build makes: those
/// the engine makes before deciding to skip a build (`personLookups`) must
/// be the ones the build records, or no stored profile would ever match.
@Suite struct PersonLookupsTests {
    static let people = (0..<6).map { "CN=Person \($0),OU=Staff,DC=contoso,DC=com" }

    /// Random plans: people from one or two ranked attributes (one maybe
    /// another connection's), split or not, single- or multi-valued, among
    /// plain text properties.
    static func plans(_ random: inout SeededGenerator) -> [PropertyPlan] {
        let attributes = ["manager", "secretary", "seeAlso"]
        return (0..<Int.random(in: 1...4, using: &random)).map { index in
            let person = Bool.random(using: &random)
            let sources = (0..<Int.random(in: 1...2, using: &random)).map { _ -> PropertyPlan.Source in
                let attribute = person ? attributes.randomElement(using: &random)! : "title"
                let owner: String? = Int.random(in: 0..<5, using: &random) == 0 ? "fabrikam" : nil
                return .directory(
                    connection: owner, key: DirectoryEntry.key(attribute), attribute: attribute, primarySMTP: false)
            }
            let multiValue = Bool.random(using: &random)
            return PropertyPlan(
                name: "P\(index)", type: person ? .person : .string, multiValue: multiValue,
                separator: person && Bool.random(using: &random) ? ";" : nil, sources: sources, location: nil)
        }
    }

    static func entry(_ random: inout SeededGenerator) -> DirectoryEntry {
        var attributes: [String: [AttributeValue]] = ["title": [.text("Lead")]]
        for attribute in ["manager", "secretary", "seeAlso"] where Bool.random(using: &random) {
            attributes[attribute] = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                switch Int.random(in: 0..<10, using: &random) {
                // Sometimes two people in one value, for the splitting plans.
                case 0...3: .text("\(people.randomElement(using: &random)!);\(people.randomElement(using: &random)!)")
                // An empty value is no one; a binary one is looked up as its base64.
                case 4: .text("")
                case 5: .binary(Array(people.randomElement(using: &random)!.utf8))
                default: .text(people.randomElement(using: &random)!)
                }
            }
        }
        return DirectoryEntry(dn: "CN=Zoe,OU=Staff,DC=contoso,DC=com", file: "t.ldif", line: 1, attributes: attributes)
    }

    @Test func theLookupsBeforeABuildAreTheBuildsOwn() {
        var random = SeededGenerator(seed: 11)
        var asked = 0
        for round in 0..<600 {
            let plans = Self.plans(&random)
            let entry = Self.entry(&random)
            // Some people are unknown: their lookups answer nil and the next source is tried.
            var accounts: [String: String] = [:]
            for (index, dn) in Self.people.enumerated() where Int.random(in: 0..<3, using: &random) > 0 {
                accounts[dn] = "CONTOSO\\p\(index)"
            }
            let resolve: (String) -> String? = { accounts[$0] }
            let builder = ProfileBuilder(plans: plans, business: [:], connections: ["contoso", "fabrikam"], joinOrder: [])
            var recorded = PersonLookups()
            var problems: [ProfileBuilder.Problem] = []
            var scratch = PropertyList()
            var count = 0
            _ = builder.properties(
                of: entry, connection: "contoso", account: "CONTOSO\\zoe", joins: JoinedRows.none.of(candidate: 0),
                resolvePerson: { dn in
                    count += 1
                    return recorded.resolve(dn, through: resolve)
                }, problems: &problems, scratch: &scratch)
            asked += count
            let before = builder.personLookups(
                of: entry, connection: "contoso", account: "CONTOSO\\zoe", joins: JoinedRows.none.of(candidate: 0),
                resolvePerson: { resolve(String(decoding: $0, as: UTF8.self)) })
            #expect(before == recorded.value, "round \(round)")
        }
        // The rounds did look people up, some more than once.
        #expect(asked > 500)
    }

    @Test func anotherAnswerChangesTheLookups() {
        let plans = [
            PropertyPlan(
                name: "Manager", type: .person, multiValue: false, separator: nil,
                sources: [.directory(connection: nil, key: "manager", attribute: "manager", primarySMTP: false)],
                location: nil)
        ]
        let entry = DirectoryEntry(
            dn: "CN=Zoe,DC=contoso", file: "t.ldif", line: 1, attributes: ["manager": [.text(Self.people[0])]])
        let builder = ProfileBuilder(plans: plans, business: [:], connections: ["contoso"], joinOrder: [])
        func lookups(_ answer: String?) -> UInt64 {
            builder.personLookups(
                of: entry, connection: "contoso", account: "CONTOSO\\zoe", joins: JoinedRows.none.of(candidate: 0),
                resolvePerson: { _ in answer })
        }
        let answers = [lookups("CONTOSO\\ann"), lookups("CONTOSO\\anna"), lookups(nil), lookups("")]
        #expect(Set(answers).count == 4)
        #expect(lookups("CONTOSO\\ann") == answers[0])
        // No person plans, no lookups: the same digest whatever the directory holds.
        let plain = ProfileBuilder(plans: [], business: [:], connections: ["contoso"], joinOrder: [])
        #expect(
            plain.personLookups(
                of: entry, connection: "contoso", account: "CONTOSO\\zoe", joins: JoinedRows.none.of(candidate: 0),
                resolvePerson: { _ in "x" }) == PersonLookups().value)
    }
}
