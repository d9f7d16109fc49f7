import Testing
@testable import ProfileCore

/// Stored digests decide which profiles a run rewrites: the digest of a
/// profile must stay the FNV-1a of its documented byte layout, whatever
/// shortcuts compute it.
@Suite struct ContentDigestTests {
    /// FNV-1a over each field's UTF-8, each field followed by 0xFF.
    static func reference(_ fields: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for field in fields {
            for byte in Array(field.utf8) + [0xFF] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        return hash
    }

    @Test(arguments: [0, 1, 3, 9, 10, 12, 100])
    func aProfileDigestIsItsFieldsInOrder(valueCount: Int) {
        let values = (0..<valueCount).map { "värde \($0)" }
        let profile = Profile(
            key: ProfileKey(connection: "contoso", anchor: "a1"), account: "CONTOSO\\jö", dn: "CN=Jö,DC=x",
            state: .excluded, reason: .filtered,
            properties: [
                ProfileProperty(name: "Title", values: values, source: "hr.Title"),
                ProfileProperty(name: "AccountName", values: ["CONTOSO\\jö"], source: "contoso.sAMAccountName", run: 4),
            ])
        let expected = Self.reference(
            ["CONTOSO\\jö", "CN=Jö,DC=x", "excluded", "filtered", "Title", "hr.Title", String(valueCount)] + values
                + ["AccountName", "contoso.sAMAccountName", "1", "CONTOSO\\jö"])
        #expect(ContentDigest.of(profile) == expected)
    }

    @Test func numbersAreTheirDecimalDigits() {
        for number in [-12, -1, 0, 5, 9, 10, 99, 123_456] {
            var digest = ContentDigest()
            digest.add(number)
            #expect(digest.value == Self.reference([String(number)]), "\(number)")
        }
    }
}
