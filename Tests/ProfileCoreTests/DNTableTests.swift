@testable import ProfileCore
import Testing
import TestSupport

/// The DN table answers as the maps it replaced: a `[String: …]` keyed by
/// `CaseFold.lowercased` DNs, the later value of a DN winning, looked up by
/// a DN's string or its UTF-8 bytes.
@Suite struct DNTableTests {
    static let pieces = ["CN=", "cn=", "OU=", "Staff", "STAFF", "DC=contoso", "dc=COM", ",", "\\,", "Zoë", "ZOË", "İ", "ß", "Ω", "a", "B", " "]

    static func dn(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test func answersAsALowercasedMapDoes() {
        var random = SeededGenerator(seed: 3)
        // Starts small: most sets grow the table.
        var table = AccountsByDN(minimumCapacity: 4)
        var reference: [String: String] = [:]
        for index in 0..<5_000 {
            let key = CaseFold.lowercased(Self.dn(&random))
            let account = "CONTOSO\\u\(index)"
            table.set(account, forKey: key)
            reference[key] = account
        }
        #expect(table.count == reference.count)
        for _ in 0..<20_000 {
            let dn = Self.dn(&random)
            let expected = reference[CaseFold.lowercased(dn)]
            #expect(table.account(forDN: dn) == expected, "\(dn)")
            #expect(table[key: CaseFold.lowercased(dn)] == expected, "\(dn)")
            var bytes = dn
            #expect(bytes.withUTF8 { table.value(forDN: $0) } == expected, "\(dn)")
        }
        // A long ASCII DN, past the stack buffer, takes the general path.
        let long = "CN=" + String(repeating: "Ab", count: 700)
        table.set("CONTOSO\\long", forKey: CaseFold.lowercased(long))
        #expect(table.account(forDN: long.uppercased()) == "CONTOSO\\long")
        #expect(table.account(forDN: long + "x") == nil)
        var longBytes = long.uppercased()
        #expect(longBytes.withUTF8 { table.value(forDN: $0) } == "CONTOSO\\long")
    }

    /// Positions by DN, as group members are named: the table a run fills
    /// with every entry's DN key, looked up by each member value's bytes.
    @Test func positionsByMemberBytes() {
        var random = SeededGenerator(seed: 11)
        var table = DNTable<Int32>(minimumCapacity: 4)
        var reference: [String: Int32] = [:]
        for index in 0..<3_000 {
            let key = CaseFold.lowercased(Self.dn(&random))
            table.set(Int32(index), forKey: key)
            reference[key] = Int32(index)
        }
        for _ in 0..<10_000 {
            var dn = Self.dn(&random)
            let expected = reference[CaseFold.lowercased(dn)]
            #expect(dn.withUTF8 { table.value(forDN: $0) } == expected, "\(dn)")
        }
    }

    /// Reserving places the entries held once, and the table then takes
    /// as many more as it was told without growing, answering throughout
    /// as a map does.
    @Test func reservingMakesRoomOnceAndKeepsEveryAnswer() {
        var random = SeededGenerator(seed: 11)
        var table = DNTable<Int32>(minimumCapacity: 4)
        var reference: [String: Int32] = [:]
        func add(until count: Int) {
            while reference.count < count {
                let key = CaseFold.lowercased(Self.dn(&random) + "-\(reference.count)")
                let number = table.value(forKey: key, settingIfAbsent: Int32(reference.count))
                if reference[key] == nil { reference[key] = number }
                #expect(number == reference[key])
            }
        }
        add(until: 300)
        table.reserve(4_000)
        let slots = table.slotCount
        #expect(slots >= 8_000)
        for (key, number) in reference { #expect(table[key: key] == number, "\(key)") }
        add(until: 4_000)
        #expect(table.slotCount == slots)
        #expect(table.count == reference.count)
        for (key, number) in reference { #expect(table[key: key] == number, "\(key)") }
        // Told of fewer than it holds, it keeps its slots.
        table.reserve(10)
        #expect(table.slotCount == slots)
    }
}
