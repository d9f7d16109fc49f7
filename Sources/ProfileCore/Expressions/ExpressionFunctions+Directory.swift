import LDIF

/// Distinguished names and AD binary identifiers.
extension ExpressionFunctions {
    /// `DNComponent(dn, n)` / `DNComponentRev(dn, n[, "DC"])`: the unescaped
    /// value of the 1-based `n`th RDN from the left (or right); with "DC",
    /// `DC=` components are skipped first. Null when there are fewer
    /// components; a malformed DN is a warning.
    static func dnComponent(_ dn: String, _ number: Int64, fromRight: Bool, skipDC: Bool) throws(ExpressionFailure) -> ExpressionValue {
        guard let parsed = try? DistinguishedName(dn) else {
            throw ExpressionFailure(message: "'\(dn)' is not a distinguished name")
        }
        // A multi-valued RDN (`CN=a+UID=b`) stays whole in the value, as Entra Connect does.
        var components = parsed.rdns.map { rdn in
            (type: rdn.type, value: rdn.components.count == 1
                ? rdn.components[0].value : String(rdn.written.drop { $0 != "=" }.dropFirst()))
        }
        if skipDC { components.removeAll { $0.type.lowercased() == "dc" } }
        if fromRight { components.reverse() }
        guard number >= 1, number <= components.count else { return .null }
        return .string(components[Int(number - 1)].value)
    }

    static func dcOption(_ value: ExpressionValue) throws(ExpressionFailure) -> Bool {
        let option = try text(value)
        guard option.lowercased() == "dc" else {
            throw ExpressionFailure(message: "unknown option '\(option)' (the only option is \"DC\")")
        }
        return true
    }

    /// `EscapeDNComponent(text)`: RFC 4514 escaping of an attribute value.
    /// Like Entra Connect, a leading attribute type (`CN=`) is kept as is and
    /// only the value after it is escaped: `EscapeDNComponent("CN=" & [displayName])`.
    static func escapeDNComponent(_ text: String) -> String {
        // A leading attribute type (`CN=`): ASCII letter, then letters, digits or hyphens.
        if let equals = text.firstIndex(of: "="), let first = text.first, first.isASCII, first.isLetter,
            text[..<equals].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        {
            return String(text[..<equals]) + "=" + DistinguishedName.escapeValue(String(text[text.index(after: equals)...]))
        }
        return DistinguishedName.escapeValue(text)
    }

    /// `StringFromGuid(objectGUID)`: 16 bytes to the registry form.
    static func stringFromGuid(_ value: ExpressionValue) throws(ExpressionFailure) -> String {
        let bytes = try binary(value)
        guard let text = ObjectGUID.string(from: bytes) else {
            throw ExpressionFailure(message: "a GUID has 16 bytes, not \(bytes.count)")
        }
        return text
    }

    /// `StringFromSid(objectSid)`: binary SID to `S-1-5-21-…`.
    static func stringFromSid(_ value: ExpressionValue) throws(ExpressionFailure) -> String {
        let bytes = try binary(value)
        guard let text = ObjectSID.string(from: bytes) else {
            throw ExpressionFailure(message: "\(bytes.count) bytes are not a binary SID")
        }
        return text
    }

    /// Bytes as they are; text as its UTF-8 bytes (a GUID whose 16 bytes
    /// happen to be valid UTF-8 reaches us as text).
    private static func binary(_ value: ExpressionValue) throws(ExpressionFailure) -> [UInt8] {
        switch value {
        case .bytes(let bytes): return bytes
        case .string(let text): return Array(text.utf8)
        default: throw ExpressionFailure(message: "expected bytes, got \(value.stringForm ?? "null")")
        }
    }
}
