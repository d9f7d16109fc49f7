/// Which profile property names can be written as LDIF attribute names.
enum LDIFAttributeName {
    /// RFC 4512 `descr`: a letter, then letters, digits and hyphens. Other
    /// LDIF tools reject anything else, so such properties are left out
    /// (with a comment) rather than written as a line they cannot read.
    static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first) else { return false }
        return name.utf8.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
