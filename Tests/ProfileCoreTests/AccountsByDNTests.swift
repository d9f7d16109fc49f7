@testable import ProfileCore
import Testing
import TestSupport

/// The accounts table answers as the map it replaced: a `[String: String]`
/// keyed by `CaseFold.lowercased` DNs, the later account of a DN winning.
@Suite struct AccountsByDNTests {
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
        }
        // A long ASCII DN, past the stack buffer, takes the general path.
        let long = "CN=" + String(repeating: "Ab", count: 700)
        table.set("CONTOSO\\long", forKey: CaseFold.lowercased(long))
        #expect(table.account(forDN: long.uppercased()) == "CONTOSO\\long")
        #expect(table.account(forDN: long + "x") == nil)
    }
}
