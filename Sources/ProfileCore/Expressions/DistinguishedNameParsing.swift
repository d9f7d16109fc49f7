/// Just enough RFC 4514 for DN functions: split a DN into RDNs at unescaped
/// commas, each into type and unescaped value. Multi-valued RDNs (`+`) are
/// kept whole in the value, as Entra Connect does.
enum DistinguishedNameParsing {
    struct Component: Equatable {
        var type: String
        var value: String
    }

    static func components(of dn: String) -> [Component]? {
        var components: [Component] = []
        var type: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        var bytes = Array(dn.utf8)[...]
        func finish() -> Bool {
            let name = ExpressionFunctions.trim(String(decoding: type, as: UTF8.self))
            guard inValue, !name.isEmpty else { return false }
            var text = String(decoding: value, as: UTF8.self)
            // Unescaped trailing spaces are insignificant (RFC 4514 §3).
            while text.last == " " { text.removeLast() }
            components.append(Component(type: name, value: text))
            type.removeAll(keepingCapacity: true)
            value.removeAll(keepingCapacity: true)
            inValue = false
            return true
        }
        if ExpressionFunctions.trim(dn).isEmpty { return [] }
        while let byte = bytes.popFirst() {
            if !inValue {
                if byte == UInt8(ascii: "=") {
                    inValue = true
                    while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
                } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                    return nil
                } else {
                    type.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\\"):
                guard let next = bytes.popFirst() else { return nil }
                if let high = hexValue(next) {
                    guard let second = bytes.popFirst(), let low = hexValue(second) else { return nil }
                    value.append(high << 4 | low)
                } else {
                    value.append(next)
                }
            case UInt8(ascii: ","), UInt8(ascii: ";"):
                guard finish() else { return nil }
                while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
            default:
                value.append(byte)
            }
        }
        guard finish() else { return nil }
        return components
    }

    /// `CN=Smith, John` → ("CN", "Smith, John") when the text starts with an
    /// attribute type and `=`.
    static func splitType(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let type = text[..<equals]
        guard let first = type.first, first.isASCII, first.isLetter,
            type.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return nil }
        return (String(type), String(text[text.index(after: equals)...]))
    }

    /// RFC 4514 §2.4: `"` `+` `,` `;` `<` `>` `\` anywhere, `#` or space at
    /// the start, space at the end, NUL as `\00`.
    static func escape(_ value: String) -> String {
        var result = ""
        let characters = Array(value)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\"", "+", ",", ";", "<", ">", "\\":
                result.append("\\")
                result.append(character)
            case "#" where index == 0:
                result += "\\#"
            case " " where index == 0 || index == characters.count - 1:
                result += "\\ "
            case "\u{0}":
                result += "\\00"
            default:
                result.append(character)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
