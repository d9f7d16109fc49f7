/// Writes LDIF (RFC 2849) for content and change records.
///
/// Values that are not SAFE-STRINGs (leading space, `:` or `<`, trailing
/// space, any byte ≥ 0x80, CR, LF or NUL) are written base64 (`::`), so the
/// output is 7-bit and reads back byte-exact. Lines are folded at
/// `foldColumn` bytes, never inside a UTF-8 sequence. Attributes are written
/// in the order given.
public struct LDIFWriter: Sendable {
    /// Maximum bytes per physical line (RFC 2849 suggests 76); 0 disables folding.
    public var foldColumn: Int

    /// Creates a writer folding at `foldColumn` bytes.
    public init(foldColumn: Int = 76) {
        self.foldColumn = foldColumn
    }

    /// The optional `version: 1` header line.
    public static let versionLine: [UInt8] = Array("version: 1\n".utf8)

    /// A whole file: optional version line, then the records separated by blank lines.
    public func file(_ records: [LDIFRecord], includeVersion: Bool = true) -> [UInt8] {
        var output: [UInt8] = includeVersion ? Self.versionLine : []
        for (index, record) in records.enumerated() {
            if index > 0 || includeVersion { output.append(0x0A) }
            write(record, to: &output)
        }
        return output
    }

    /// Appends one record (no separating blank line) to `output`.
    public func write(_ record: LDIFRecord, to output: inout [UInt8]) {
        line(name: "dn", value: record.dn.bytes, to: &output)
        for control in record.controls {
            var text = Array("control: \(control.oid) \(control.criticality)".utf8)
            if let value = control.value {
                if Self.isSafe(value.bytes) {
                    text += Array(": ".utf8) + value.bytes
                } else {
                    text += Array(":: ".utf8)
                    Base64.appendEncoded(value.bytes, to: &text)
                }
            }
            folded(text, to: &output)
        }
        switch record.body {
        case .content(let attributes):
            writeAttributes(attributes, to: &output)
        case .add(let attributes):
            folded(Array("changetype: add".utf8), to: &output)
            writeAttributes(attributes, to: &output)
        case .delete:
            folded(Array("changetype: delete".utf8), to: &output)
        case .modify(let modifications):
            folded(Array("changetype: modify".utf8), to: &output)
            for modification in modifications {
                folded(Array("\(modification.operation.rawValue): \(modification.attribute)".utf8), to: &output)
                for value in modification.values { line(name: modification.attribute, value: value.bytes, to: &output) }
                output.append(contentsOf: [UInt8(ascii: "-"), 0x0A])
            }
        case .modDN(let newRDN, let deleteOldRDN, let newSuperior, let keyword):
            folded(Array("changetype: \(keyword)".utf8), to: &output)
            line(name: "newrdn", value: Array(newRDN.utf8), to: &output)
            folded(Array("deleteoldrdn: \(deleteOldRDN ? 1 : 0)".utf8), to: &output)
            if let newSuperior { line(name: "newsuperior", value: Array(newSuperior.utf8), to: &output) }
        }
    }

    private func writeAttributes(_ attributes: [LDIFAttribute], to output: inout [UInt8]) {
        for attribute in attributes {
            for value in attribute.values { line(name: attribute.name, value: value.bytes, to: &output) }
        }
    }

    /// RFC 2849 SAFE-STRING: no NUL, LF, CR or non-ASCII byte; does not start
    /// with space, `:` or `<`. A trailing space is legal there but many
    /// readers (Apache DS among them) trim it, so it is base64 too.
    public static func isSafe(_ value: [UInt8]) -> Bool {
        guard let first = value.first else { return true }
        if first == 0x20 || first == UInt8(ascii: ":") || first == UInt8(ascii: "<") { return false }
        if value.last == 0x20 { return false }
        for byte in value where byte == 0 || byte == 0x0A || byte == 0x0D || byte >= 0x80 {
            return false
        }
        return true
    }

    private func line(name: String, value: [UInt8], to output: inout [UInt8]) {
        var text = Array(name.utf8)
        if value.isEmpty {
            text.append(UInt8(ascii: ":"))
        } else if Self.isSafe(value) {
            text += [UInt8(ascii: ":"), 0x20]
            text += value
        } else {
            text += [UInt8(ascii: ":"), UInt8(ascii: ":"), 0x20]
            Base64.appendEncoded(value, to: &text)
        }
        folded(text, to: &output)
    }

    /// Appends `text` as one logical line, folded, with its LF.
    private func folded(_ text: [UInt8], to output: inout [UInt8]) {
        guard foldColumn > 1, text.count > foldColumn else {
            output += text
            output.append(0x0A)
            return
        }
        var start = 0
        var width = foldColumn
        while start < text.count {
            var end = min(start + width, text.count)
            // Back off so a UTF-8 sequence is never cut; continuation bytes are 10xxxxxx.
            while end < text.count && end > start + 1 && text[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { output.append(0x20) }
            output += text[start..<end]
            output.append(0x0A)
            start = end
            width = foldColumn - 1
        }
    }
}
