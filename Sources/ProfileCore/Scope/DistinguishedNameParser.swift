/// RFC 4514 string-form DN parser, tolerant of what exports really contain:
/// spaces around `,` `=` `+`, `;` as an RDN separator (RFC 1779), quoted
/// values (RFC 1779), and unescaped `=` `"` `<` `>` inside a value.
///
/// Works on UTF-8 bytes; every error carries the 1-based byte column.
struct DistinguishedNameParser {
    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ text: String) throws(DNParseError) -> [RDN] {
        var parser = DistinguishedNameParser(bytes: Array(text.utf8))
        return try parser.parseDN()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var atEnd: Bool { index == bytes.count }

    private func error(_ offset: Int, _ message: String) -> DNParseError {
        DNParseError(column: offset + 1, message: message)
    }

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func describe(_ offset: Int) -> String {
        offset < bytes.count ? "'\(text(offset..<offset + 1))'" : "the end"
    }

    private mutating func parseDN() throws(DNParseError) -> [RDN] {
        skipSpaces()
        if atEnd { return [] }
        var rdns: [RDN] = []
        while true {
            rdns.append(try parseRDN())
            skipSpaces()
            if atEnd { return rdns }
            // parseRDN stops only at the end or at an RDN separator.
            let separator = bytes[index]
            index += 1
            skipSpaces()
            if atEnd {
                throw error(index - 1, "expected an RDN after '\(separator == 0x3B ? ";" : ",")'")
            }
        }
    }

    private mutating func parseRDN() throws(DNParseError) -> RDN {
        let start = index
        var components: [RDN.Component] = []
        var end = index
        while true {
            let (component, valueEnd) = try parseComponent()
            components.append(component)
            end = valueEnd
            skipSpaces()
            if !atEnd, bytes[index] == 0x2B {  // "+": another pair of this RDN
                index += 1
                continue
            }
            if atEnd || bytes[index] == 0x2C || bytes[index] == 0x3B { break }
            throw error(index, "unexpected \(describe(index)) after a value")
        }
        return RDN(components: components, written: text(start..<end))
    }

    /// One `type=value`; returns the pair and the offset just past the value's
    /// last significant byte (so the written RDN excludes trailing spaces).
    private mutating func parseComponent() throws(DNParseError) -> (RDN.Component, Int) {
        skipSpaces()
        let typeStart = index
        while !atEnd, Self.isTypeByte(bytes[index]) { index += 1 }
        guard index > typeStart else {
            throw error(index, "expected an attribute type, found \(describe(index))")
        }
        let type = text(typeStart..<index)
        let first = bytes[typeStart]
        if first &- 0x30 < 10 {
            // numericoid: digits and dots only.
            guard bytes[typeStart..<index].allSatisfy({ $0 == 0x2E || $0 &- 0x30 < 10 }) else {
                throw error(typeStart, "invalid attribute type '\(type)'")
            }
        } else if !Self.isLetter(first) {
            throw error(typeStart, "invalid attribute type '\(type)'")
        }
        skipSpaces()
        guard !atEnd, bytes[index] == 0x3D else {
            throw error(index, "expected '=' after attribute type '\(type)', found \(describe(index))")
        }
        index += 1
        skipSpaces()
        if !atEnd, bytes[index] == 0x23 { return try parseHexValue(type: type) }
        if !atEnd, bytes[index] == 0x22 { return try parseQuotedValue(type: type) }
        return try parseStringValue(type: type)
    }

    private mutating func parseHexValue(type: String) throws(DNParseError) -> (RDN.Component, Int) {
        let start = index
        index += 1
        while !atEnd, IntegerText.hexValue(bytes[index]) != nil { index += 1 }
        let digits = index - start - 1
        guard digits > 0, digits % 2 == 0 else {
            throw error(start, "a '#' value needs an even, non-zero number of hex digits")
        }
        let end = index
        skipSpaces()
        if !atEnd, bytes[index] != 0x2C, bytes[index] != 0x2B, bytes[index] != 0x3B {
            throw error(index, "unexpected \(describe(index)) in a '#' hex value")
        }
        return (RDN.Component(type: type, value: text(start..<end), isHexEncoded: true), end)
    }

    private mutating func parseQuotedValue(type: String) throws(DNParseError) -> (RDN.Component, Int) {
        let quote = index
        index += 1
        var value: [UInt8] = []
        while true {
            guard !atEnd else { throw error(quote, "unterminated quoted value") }
            let byte = bytes[index]
            if byte == 0x22 { break }
            if byte == 0x5C {
                value.append(try parseEscape())
            } else {
                value.append(byte)
                index += 1
            }
        }
        index += 1
        return (RDN.Component(type: type, value: try decode(value, at: quote)), index)
    }

    private mutating func parseStringValue(type: String) throws(DNParseError) -> (RDN.Component, Int) {
        let start = index
        var value: [UInt8] = []
        // Bytes up to the last character that is not an unescaped space: RFC 4514
        // drops unescaped trailing spaces, keeps escaped ones.
        var significantCount = 0
        var end = index
        while !atEnd {
            let byte = bytes[index]
            if byte == 0x2C || byte == 0x2B || byte == 0x3B { break }
            if byte == 0x5C {
                value.append(try parseEscape())
                significantCount = value.count
                end = index
            } else {
                value.append(byte)
                index += 1
                if byte != 0x20 {
                    significantCount = value.count
                    end = index
                }
            }
        }
        value.removeLast(value.count - significantCount)
        return (RDN.Component(type: type, value: try decode(value, at: start)), end)
    }

    /// Reads `\c` or `\XX` at `index`; returns the byte it stands for.
    private mutating func parseEscape() throws(DNParseError) -> UInt8 {
        let backslash = index
        guard index + 1 < bytes.count else { throw error(backslash, "'\\' at the end of the DN") }
        let next = bytes[index + 1]
        if index + 2 < bytes.count, let high = IntegerText.hexValue(next),
            let low = IntegerText.hexValue(bytes[index + 2])
        {
            index += 3
            return high << 4 | low
        }
        switch next {
        case 0x2C, 0x2B, 0x22, 0x5C, 0x3C, 0x3E, 0x3B, 0x3D, 0x23, 0x20:
            index += 2
            return next
        default:
            throw error(
                backslash,
                "invalid escape '\\\(text(index + 1..<min(index + 2, bytes.count)))': use \\XX hex or one of \\, \\+ \\\" \\\\ \\< \\> \\; \\= \\# '\\ '"
            )
        }
    }

    private func decode(_ value: [UInt8], at offset: Int) throws(DNParseError) -> String {
        guard let string = String(validating: value, as: UTF8.self) else {
            throw error(offset, "the escaped value is not valid UTF-8")
        }
        return string
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    private static func isTypeByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte &- 0x30 < 10 || byte == 0x2D || byte == 0x2E || byte == 0x5F
    }
}
