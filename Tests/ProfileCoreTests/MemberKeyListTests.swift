import ProfileCore
import Testing

/// Packed member keys read back as the strings they were, and compared as
/// strings compare them.
@Suite struct MemberKeyListTests {
    @Test func keysReadBackInOrder() {
        let keys = ["c/a1", "", "dn:CN=Zoë,DC=c", "c/\u{212A}elvin", "c/a1"]
        let list = MemberKeyList(keys)
        #expect(list.count == keys.count)
        #expect(Array(list) == keys)
        #expect(!list.isASCII)
        #expect(MemberKeyList(["c/a", "dn:CN=X"]).isASCII)
        #expect(MemberKeyList().isEmpty)
    }

    /// Equal exactly when the strings are, canonical equivalence included:
    /// a decomposed é and a precomposed one, the Kelvin sign and K.
    @Test func keysEqualAsStringsDo() {
        let stored = MemberKeyList(["c/Cafe\u{301}", "c/K", "c/a10", "c/a1", "", "c/\u{E9}"])
        let probes = ["c/Caf\u{E9}", "c/\u{212A}", "c/K", "c/a1", "c/a10", "", "c/e\u{301}", "c/Cafe", "c/k"]
        for index in stored.indices {
            for probe in probes {
                #expect(stored.key(at: index, equals: probe) == (stored[index] == probe), "\(stored[index]) vs \(probe)")
            }
        }
        // An ASCII list against a probe that is not ASCII but equals one of its keys.
        let ascii = MemberKeyList(["c/K", "c/L"])
        #expect(ascii.isASCII)
        #expect(ascii.key(at: 0, equals: "c/\u{212A}"))
        #expect(!ascii.key(at: 1, equals: "c/\u{212A}"))
    }

    @Test func prefixesAsStringsFindThem() {
        let stored = MemberKeyList(["dn:CN=X", "dn", "c/dn:", "dn:", "dn:\u{301}CN=Y", "Dn:CN=Z", "dn:CN=Zoë"])
        for index in stored.indices {
            #expect(stored.key(at: index, hasASCIIPrefix: "dn:") == stored[index].hasPrefix("dn:"), "\(stored[index])")
        }
        let ascii = MemberKeyList(["dn:CN=X", "dn", "c/a"])
        #expect(ascii.indices.map { ascii.key(at: $0, hasASCIIPrefix: "dn:") } == [true, false, false])
    }
}
