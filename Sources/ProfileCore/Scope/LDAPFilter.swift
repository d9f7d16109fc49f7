/// An LDAP search filter (RFC 4515), compiled once and evaluated offline
/// against directory entries with Active Directory's matching semantics.
///
/// Compilation lowercases attribute names, folds comparison values, parses
/// integers and splits substring patterns up front, so `matches` does no
/// parsing and, for ASCII values, no allocation.
public struct LDAPFilter: Sendable, CustomStringConvertible {
    let root: Node

    /// Parses `text`. An outer pair of parentheses may be omitted
    /// (`objectClass=user`), and whitespace between filters is ignored.
    public init(_ text: String) throws(LDAPFilterError) {
        root = try LDAPFilterParser.parse(text)
    }

    /// The canonical text: no insignificant whitespace, values escaped only
    /// where RFC 4515 requires (`*` `(` `)` `\` NUL, as lowercase `\xx`), and
    /// bytes that are not UTF-8 escaped. Parsing it yields the same filter.
    public var description: String {
        var text = ""
        root.write(to: &text)
        return text
    }

    /// An attribute as named in the filter, and its lookup key.
    struct Attribute: Sendable {
        /// As written, options included (`userCertificate;binary`).
        let written: String
        /// Lowercased base name, the key passed to `AttributeSource.values(of:)`.
        let key: String
        /// `key`, as a directory entry looks it up (`DirectoryEntry.values(for:)`).
        let lookup: AttributeKey

        init(_ written: String) {
            self.written = written
            key = String(written.split(separator: ";", maxSplits: 1)[0]).lowercased()
            lookup = AttributeKey(key)
        }
    }

    /// An assertion value, prepared for each way it may be compared.
    struct Value: Sendable {
        /// The unescaped bytes.
        let bytes: [UInt8]
        /// The case-folded text; nil when the bytes are not UTF-8 (then only
        /// byte-wise comparison with binary values can match).
        let pattern: CaseFold.Pattern?
        /// The value as an integer, when it is one.
        let integer: Int64?
        /// The value as a DN, when it parses as one with at least one RDN and
        /// normalization could matter (see `DistinguishedName.needsParsingToCompare`).
        let dn: DistinguishedName?
        /// Whether DN comparison with this value needs more than
        /// case-insensitive text comparison.
        let dnNeedsParsing: Bool
        /// Whether equality should also try DN comparison: the value is a DN
        /// of two or more RDNs. A lone `x=y` is too likely to be plain text
        /// (`description=a=b`) to be compared as a DN.
        var comparesAsDN: Bool { (dn?.rdns.count ?? 0) >= 2 }

        init(bytes: [UInt8]) {
            self.bytes = bytes
            let text = String(validating: bytes, as: UTF8.self)
            pattern = text.map { CaseFold.Pattern($0) }
            integer = text.flatMap { IntegerText.decimal($0) }
            if let text, text.utf8.contains(0x3D), let dn = try? DistinguishedName(text), !dn.isEmpty {
                self.dn = dn
                dnNeedsParsing = DistinguishedName.needsParsingToCompare(text)
            } else {
                dn = nil
                dnNeedsParsing = false
            }
        }
    }

    /// A substring assertion's pieces, folded.
    struct Substrings: Sendable {
        let initial: [UInt8]?
        let any: [[UInt8]]
        let final: [UInt8]?
        /// The pieces as written (unescaped), for `description`.
        let writtenPieces: [[UInt8]]
    }

    /// AD's extensible matching rules.
    enum MatchingRule: String, Sendable, CaseIterable {
        case bitAnd = "1.2.840.113556.1.4.803"
        case bitOr = "1.2.840.113556.1.4.804"
        case inChain = "1.2.840.113556.1.4.1941"
    }

    indirect enum Node: Sendable {
        case and([Node])
        case or([Node])
        case not(Node)
        case equality(Attribute, Value)
        case substrings(Attribute, Substrings)
        case present(Attribute)
        case greaterOrEqual(Attribute, Value)
        case lessOrEqual(Attribute, Value)
        /// The value with its spaces removed, folded; and the value as written.
        case approx(Attribute, CaseFold.Pattern, Value)
        case bitAnd(Attribute, Int64, Value)
        case bitOr(Attribute, Int64, Value)
        case inChain(Attribute, Value)

        func write(to text: inout String) {
            text += "("
            switch self {
            case .and(let nodes):
                text += "&"
                for node in nodes { node.write(to: &text) }
            case .or(let nodes):
                text += "|"
                for node in nodes { node.write(to: &text) }
            case .not(let node):
                text += "!"
                node.write(to: &text)
            case .equality(let attribute, let value):
                text += attribute.written + "=" + Self.escape(value.bytes)
            case .substrings(let attribute, let pieces):
                text += attribute.written + "="
                text += pieces.writtenPieces.map(Self.escape).joined(separator: "*")
            case .present(let attribute):
                text += attribute.written + "=*"
            case .greaterOrEqual(let attribute, let value):
                text += attribute.written + ">=" + Self.escape(value.bytes)
            case .lessOrEqual(let attribute, let value):
                text += attribute.written + "<=" + Self.escape(value.bytes)
            case .approx(let attribute, _, let value):
                text += attribute.written + "~=" + Self.escape(value.bytes)
            case .bitAnd(let attribute, _, let value):
                text += attribute.written + ":" + MatchingRule.bitAnd.rawValue + ":=" + Self.escape(value.bytes)
            case .bitOr(let attribute, _, let value):
                text += attribute.written + ":" + MatchingRule.bitOr.rawValue + ":=" + Self.escape(value.bytes)
            case .inChain(let attribute, let value):
                text += attribute.written + ":" + MatchingRule.inChain.rawValue + ":=" + Self.escape(value.bytes)
            }
            text += ")"
        }

        /// RFC 4515 value encoding: escape what must be, control characters
        /// (so the text stays printable), and every byte of a value that is not UTF-8.
        static func escape(_ bytes: [UInt8]) -> String {
            let isUTF8 = String(validating: bytes, as: UTF8.self) != nil
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count)
            let hex = Array("0123456789abcdef".utf8)
            for byte in bytes {
                switch byte {
                case 0x00..<0x20, 0x28, 0x29, 0x2A, 0x5C, 0x7F:
                    escaped += [0x5C, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                case 0x80... where !isUTF8:
                    escaped += [0x5C, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                default:
                    escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        }
    }
}
