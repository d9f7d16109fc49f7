import Testing
import TestSupport

@testable import ProfileCore

/// Entries are classified and DNs lowered byte by byte when they are ASCII;
/// the answers must be exactly those of Swift's Unicode lowercasing.
@Suite struct ObjectKindTests {
    @Test(arguments: [
        (["top", "person", "organizationalPerson", "user"], ObjectKind.user),
        (["TOP", "USER"], .user),
        (["inetOrgPerson"], .user),
        (["top", "person", "organizationalPerson", "user", "computer"], .other),
        (["contact", "person"], .other),
        (["msDS-ManagedServiceAccount", "user"], .other),
        (["group", "user"], .group),
        (["GroupOfUniqueNames"], .group),
        (["posixGroup"], .group),
        (["organizationalUnit"], .other),
        (["usér"], .other),
        (["us\u{212A}er"], .other),  // KELVIN SIGN lowercases to ASCII "k"
        (["gro\u{0301}up"], .other),
        ([], .other),
    ])
    func classesDecideTheKind(classes: [String], expected: ObjectKind) {
        let entry = DirectoryEntry(
            dn: "CN=x,DC=contoso", file: "t.ldif", line: 1, attributes: ["objectClass": classes.map { .text($0) }])
        #expect(ObjectKind(entry) == expected)
    }

    @Test func binaryClassValuesAreIgnored() {
        let entry = DirectoryEntry(
            dn: "CN=x,DC=contoso", file: "t.ldif", line: 1,
            attributes: ["objectClass": [.binary([0xFF, 0x75]), .text("user")]])
        #expect(ObjectKind(entry) == .user)
    }

    /// `CaseFold.lowercased` is `lowercased()`, on random mixes of ASCII
    /// and of characters whose lowercase differs in length or script.
    @Test func lowercasingMatchesSwift() {
        var random = SeededGenerator(seed: 5)
        let pieces = ["CN=", "Jo", "DOE", ",", "ou=Staff", " ", "İ", "\u{212A}", "ß", "Ǆ", "Σ", "é", "E\u{301}", "日本", "\\,", "Z"]
        for _ in 0..<2_000 {
            let text = (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let lowered = CaseFold.lowercased(text)
            #expect(Array(lowered.utf8) == Array(text.lowercased().utf8), "\(text)")
            let fromBytes = Array(text.utf8).withUnsafeBufferPointer { CaseFold.lowercased(utf8: $0) }
            #expect(Array(fromBytes.utf8) == Array(text.lowercased().utf8), "\(text)")
        }
        #expect(CaseFold.lowercased("cn=already,dc=lower") == "cn=already,dc=lower")
    }

    /// The scalar-by-scalar path skips the mapping of scalars that
    /// `changesWhenLowercased` says keep their form: that must hold for
    /// every scalar there is, alone and inside ASCII text.
    @Test func everyScalarLowercasesAsSwiftDoes() {
        var mismatches: [String] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(scalar)
            let inside = "CN=A" + alone + "z,DC=X"
            if Array(CaseFold.lowercased(alone).utf8) != Array(alone.lowercased().utf8)
                || Array(CaseFold.lowercased(inside).utf8) != Array(inside.lowercased().utf8)
            {
                mismatches.append(String(value, radix: 16))
            }
        }
        #expect(mismatches.isEmpty, "U+\(mismatches.prefix(10))")
    }
}
