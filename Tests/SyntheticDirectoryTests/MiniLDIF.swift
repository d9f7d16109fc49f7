import Foundation

/// A deliberately small LDIF reader for checking generated files: unfolds
/// continuation lines, decodes `::` base64, and keeps records in file order.
/// Independent of the generator's emitter, so the two cannot share a mistake.
struct MiniLDIF {
    struct Record {
        var dn: String
        var changetype: String?
        /// Attribute values in order (for `modify` records: the values of the added attribute).
        var values: [(name: String, value: [UInt8])] = []
        /// For `modify`: the `add:` operations' attribute names.
        var operations: [String] = []

        func all(_ name: String) -> [[UInt8]] {
            values.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }

        func strings(_ name: String) -> [String] { all(name).map { String(decoding: $0, as: UTF8.self) } }
        func string(_ name: String) -> String? { strings(name).first }
        func has(_ name: String) -> Bool { !all(name).isEmpty }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    var records: [Record] = []

    init(data: Data) throws {
        let bytes = [UInt8](data)
        var lines: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                guard index > start, bytes[index - 1] == 0x0D else { throw Failure(description: "line without CRLF at byte \(index)") }
                lines.append(Array(bytes[start..<(index - 1)]))
                start = index + 1
            }
            index += 1
        }
        guard start == bytes.count else { throw Failure(description: "file does not end with CRLF") }

        // Unfold: a line starting with a space continues the previous one.
        var logical: [[UInt8]] = []
        for line in lines {
            if line.first == 0x20 {
                guard !logical.isEmpty, !logical[logical.count - 1].isEmpty else { throw Failure(description: "stray continuation") }
                logical[logical.count - 1] += line.dropFirst()
            } else {
                logical.append(line)
            }
        }

        var current: Record?
        for line in logical {
            if line.isEmpty {
                if let record = current { records.append(record) }
                current = nil
                continue
            }
            if line == Array("-".utf8) { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw Failure(description: "no colon in \(String(decoding: line, as: UTF8.self))") }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            var rest = line[(colon + 1)...]
            var value: [UInt8]
            if rest.first == UInt8(ascii: ":") {
                rest = rest.dropFirst()
                while rest.first == 0x20 { rest = rest.dropFirst() }
                guard let decoded = Data(base64Encoded: Data(rest)) else { throw Failure(description: "bad base64 for \(name)") }
                value = [UInt8](decoded)
            } else {
                while rest.first == 0x20 { rest = rest.dropFirst() }
                value = Array(rest)
                guard value.allSatisfy({ $0 < 0x80 }) else { throw Failure(description: "raw non-ASCII value for \(name)") }
            }
            if current == nil {
                guard name == "dn" else { throw Failure(description: "record does not start with dn: \(name)") }
                current = Record(dn: String(decoding: value, as: UTF8.self))
            } else if name == "changetype" {
                current!.changetype = String(decoding: value, as: UTF8.self)
            } else if current!.changetype == "modify" && (name == "add" || name == "delete" || name == "replace") {
                current!.operations.append(String(decoding: value, as: UTF8.self))
            } else {
                current!.values.append((name, value))
            }
        }
        if let record = current { records.append(record) }
    }

    init(url: URL) throws {
        try self.init(data: Data(contentsOf: url))
    }
}

/// GUID string of objectGUID bytes, first three groups little-endian (MS-DTYP 2.3.4.2).
func guidString(_ b: [UInt8]) -> String {
    let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
    return hex([b[3], b[2], b[1], b[0]]) + "-" + hex([b[5], b[4]]) + "-" + hex([b[7], b[6]]) + "-"
        + hex(Array(b[8..<10])) + "-" + hex(Array(b[10..<16]))
}

/// A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF rows.
func readCSV(_ url: URL) throws -> [[String]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text.unicodeScalars)[...]
    while let scalar = iterator.popFirst() {
        if quoted {
            if scalar == "\"" {
                if iterator.first == "\"" { field.unicodeScalars.append("\""); iterator = iterator.dropFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            row.append(field); field = ""
        } else if scalar == "\r" {
            continue
        } else if scalar == "\n" {
            row.append(field); field = ""
            rows.append(row); row = []
        } else {
            field.unicodeScalars.append(scalar)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
