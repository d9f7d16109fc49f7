/// Writes RFC 4180 text: fields quoted only when they must be.
///
/// A field is quoted when it contains the delimiter, a quote, CR or LF, or
/// starts or ends with a space (which many readers would trim). A row of one
/// empty field is written as `""`, because an empty line would be read back as
/// a blank line rather than a row.
public struct CSVWriter: Sendable {
    /// How each row ends.
    public enum LineEnding: Sendable, Hashable {
        /// CR LF, as RFC 4180 and Excel write.
        case crlf
        /// LF alone.
        case lf
    }

    /// The text written so far, UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// The field delimiter.
    public let delimiter: UInt8
    /// How rows end.
    public let lineEnding: LineEnding
    /// Whether a value starting with `=` `+` `-` `@`, tab or CR gets a leading
    /// `'`, so a spreadsheet shows it as text instead of running it as a
    /// formula (CSV injection). Off by default because it changes the data.
    public let neutralizeFormulas: Bool

    /// Creates a writer; `delimiter` must be ASCII and not a quote, CR or LF.
    public init(delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .crlf, neutralizeFormulas: Bool = false) {
        precondition(
            delimiter < 0x80 && delimiter != UInt8(ascii: "\"") && delimiter != 0x0A && delimiter != 0x0D,
            "CSV delimiter must be ASCII and not a quote, CR or LF")
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.neutralizeFormulas = neutralizeFormulas
    }

    /// Appends one row and its line ending.
    public mutating func writeRow(_ fields: [String]) {
        if fields.count == 1 && fields[0].isEmpty {
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
        } else {
            for (index, field) in fields.enumerated() {
                if index > 0 { bytes.append(delimiter) }
                writeField(field)
            }
        }
        if lineEnding == .crlf { bytes.append(0x0D) }
        bytes.append(0x0A)
    }

    /// Hands over the text written so far and starts empty, for writing large
    /// outputs block by block without holding them whole.
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    private mutating func writeField(_ field: String) {
        var utf8 = Array(field.utf8)
        if neutralizeFormulas, let first = utf8.first,
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
        {
            utf8.insert(UInt8(ascii: "'"), at: 0)
        }
        guard needsQuotes(utf8) else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private func needsQuotes(_ utf8: [UInt8]) -> Bool {
        if utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ") { return true }
        for byte in utf8 where byte == delimiter || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }
}
