/// The syntax of attribute names a configuration may name (RFC 4512 §2.5):
/// a descriptor (`sAMAccountName`, `msDS-cloudExtensionAttribute1`), a numeric
/// OID, either with options (`userCertificate;binary`), or `dn` for the
/// entry's distinguished name. Business-data fields (BDC `TypeDescriptor`
/// names) also fit: letters, digits, `-` and `_`.
enum AttributeName {
    static func isValid(_ name: String) -> Bool {
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        guard let base = parts.first, parts.dropFirst().allSatisfy(isDescriptor) else { return false }
        return isDescriptor(base) || isNumericOID(base)
    }

    private static func isDescriptor(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private static func isNumericOID(_ text: Substring) -> Bool {
        let arcs = text.split(separator: ".", omittingEmptySubsequences: false)
        return arcs.count > 1 && arcs.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
