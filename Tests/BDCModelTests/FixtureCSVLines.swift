import Foundation

/// Splits the project's own small fixture CSV files for these tests: one
/// record per line, comma-separated, with RFC 4180 quoting. The real reader
/// (DelimitedText) is a separate module; this only serves fixtures known to
/// have no line breaks inside fields.
enum FixtureCSVLines {
    static func records(_ text: String) -> [(line: Int, fields: [String])] {
        var result: [(Int, [String])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            var fields: [String] = []
            var field = ""
            var quoted = false
            var iterator = line.makeIterator()
            var pending: Character? = nil
            while let character = pending ?? iterator.next() {
                pending = nil
                if quoted {
                    if character == "\"" {
                        if let next = iterator.next() {
                            if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                        } else {
                            quoted = false
                        }
                    } else {
                        field.append(character)
                    }
                } else if character == "\"" && field.isEmpty {
                    quoted = true
                } else if character == "," {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            result.append((index + 1, fields))
        }
        return result
    }
}
