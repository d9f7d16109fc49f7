import Foundation

/// Text functions. Positions and lengths count characters (grapheme
/// clusters), so "Zoë" has length 3 however it is encoded.
extension ExpressionFunctions {
    /// Removes leading and trailing whitespace (spaces, tabs, line breaks,
    /// no-break spaces); returns `text` itself when there is none.
    static func trim(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        if slice.startIndex == text.startIndex, slice.endIndex == text.endIndex { return text }
        return String(slice)
    }

    /// Upper-cases the first character of each whitespace-separated word and
    /// lower-cases the rest: "jean-luc O'NEIL" → "Jean-luc O'neil".
    static func properCase(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var atWordStart = true
        for character in text {
            if character.isWhitespace {
                result.append(character)
                atWordStart = true
            } else {
                result += atWordStart ? character.uppercased() : character.lowercased()
                atWordStart = false
            }
        }
        return result
    }

    /// The first `count` characters; all of them when `count` exceeds the length.
    static func left(_ text: String, _ count: Int64) -> String {
        guard count > 0 else { return "" }
        return String(text.prefix(Int(clamping: count)))
    }

    /// The last `count` characters.
    static func right(_ text: String, _ count: Int64) -> String {
        guard count > 0 else { return "" }
        return String(text.suffix(Int(clamping: count)))
    }

    /// `length` characters from the 1-based `start`; empty past the end.
    static func mid(_ text: String, _ start: Int64, _ length: Int64) throws(ExpressionFailure) -> String {
        guard start >= 1 else { throw ExpressionFailure(message: "start \(start) must be 1 or more") }
        guard length > 0 else { return "" }
        return String(text.dropFirst(Int(clamping: start - 1)).prefix(Int(clamping: length)))
    }

    /// `InStr(text, find[, start][, compare])`: the 1-based position of `find`
    /// at or after `start`, 0 when absent. `compare` is "BinaryCompare" / 0
    /// (case-sensitive, the default) or "TextCompare" / 1 (case-insensitive),
    /// as in VBScript.
    static func inStr(_ values: [ExpressionValue]) throws(ExpressionFailure) -> Int64 {
        let text = try text(values[0])
        let find = try self.text(values[1])
        let start = values.count > 2 ? try integer(values[2]) : 1
        guard start >= 1 else { throw ExpressionFailure(message: "start \(start) must be 1 or more") }
        var options: String.CompareOptions = []
        if values.count > 3 {
            switch try self.text(values[3]).lowercased() {
            case "0", "binary", "binarycompare", "casesensitive": break
            case "1", "text", "textcompare", "caseinsensitive": options.insert(.caseInsensitive)
            case let other: throw ExpressionFailure(message: "unknown compare mode '\(other)' (use BinaryCompare or TextCompare)")
            }
        }
        let characters = text.count
        guard start <= characters else { return 0 }
        let from = text.index(text.startIndex, offsetBy: Int(start - 1))
        if find.isEmpty { return start }
        guard let range = text.range(of: find, options: options, range: from..<text.endIndex) else { return 0 }
        return Int64(text.distance(from: text.startIndex, to: range.lowerBound) + 1)
    }

    /// Replaces every occurrence of `find` literally and case-sensitively.
    /// (Entra provisioning's regular-expression overload is not offered.)
    static func replace(_ text: String, _ find: String, _ replacement: String) -> String {
        guard !find.isEmpty else { return text }
        return text.replacingOccurrences(of: find, with: replacement)
    }

    /// `ReplaceChars(text, "a:b,c:d")`, Entra Connect style: each entry maps
    /// one character to a replacement (possibly empty, which deletes it).
    /// Whitespace around entries is ignored; `\n`, `\r`, `\t`, `\s` (space),
    /// `\,` and `\:` name the characters that cannot be written plainly.
    static func replaceChars(_ text: String, _ table: [Character: String]) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = table[character] { result += replacement } else { result.append(character) }
        }
        return result
    }

    static func replacementTable(_ map: String) throws(ExpressionFailure) -> [Character: String] {
        // Split on unescaped ',' and the first unescaped ':' of each entry.
        var entries: [[String]] = [[""]]
        var escaped = false
        for character in map {
            if escaped {
                let literal: Character =
                    switch character {
                    case "n": "\n"
                    case "r": "\r"
                    case "t": "\t"
                    case "s": " "
                    default: character
                    }
                entries[entries.count - 1][entries[entries.count - 1].count - 1].append(literal)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                entries.append([""])
            } else if character == ":", entries[entries.count - 1].count == 1 {
                entries[entries.count - 1].append("")
            } else if character.isWhitespace {
                continue
            } else {
                entries[entries.count - 1][entries[entries.count - 1].count - 1].append(character)
            }
        }
        var table: [Character: String] = [:]
        for entry in entries {
            if entry == [""] { continue }
            guard entry.count == 2, entry[0].count == 1, let key = entry[0].first else {
                throw ExpressionFailure(message: "replacement map entry '\(entry.joined(separator: ":"))' is not 'c:replacement'")
            }
            table[key] = entry[1]
        }
        return table
    }

    /// `Word(text, n, delimiters)`: the 1-based `n`th word, words separated by
    /// any one of the delimiter characters. Consecutive delimiters do not make
    /// empty words. Empty when `n` < 1 or there are fewer words.
    static func word(_ text: String, _ number: Int64, _ delimiters: String) -> String {
        guard number >= 1 else { return "" }
        let separators = Set(delimiters)
        let words = text.split(whereSeparator: { separators.contains($0) })
        guard number <= words.count else { return "" }
        return String(words[Int(number - 1)])
    }

    /// Removes diacritics: canonical decomposition, combining marks dropped
    /// ("Zoë Ångström" → "Zoe Angstrom"), then letters that do not decompose
    /// are mapped: ø→o, Ø→O, ß→ss, ẞ→SS, æ→ae, Æ→AE, œ→oe, Œ→OE, đ→d, Đ→D,
    /// ð→d, Ð→D, ł→l, Ł→L, þ→th, Þ→TH, ı→i, ħ→h, Ħ→H.
    static func normalizeDiacritics(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: break
            }
            if let mapped = undecomposedLetters[scalar] {
                result += mapped
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static let undecomposedLetters: [Unicode.Scalar: String] = [
        "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH",
        "ı": "i", "ħ": "h", "Ħ": "H",
    ]
}
