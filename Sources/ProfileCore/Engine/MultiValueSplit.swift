import Foundation

/// Splits one source value of a `multiValue` property with a `separator`
/// into its values: pieces trimmed of blanks, empty pieces dropped.
///
/// The general path is `split(separator:)` on characters and Foundation's
/// trimming; a 100,000-row HR merge spent more time there than in the rest
/// of profile building. ASCII text split on one ASCII byte other than CR and
/// LF (which can join into one "\r\n" character) has the same pieces at the
/// byte level, and its only blanks are space and tab, so it is split on bytes.
enum MultiValueSplit {
    static func pieces(of text: String, separator: String) -> [String] {
        if let fast = asciiPieces(of: text, separator: separator) { return fast }
        return text.split(separator: separator, omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    private static func asciiPieces(of text: String, separator: String) -> [String]? {
        guard separator.utf8.count == 1, let mark = separator.utf8.first, mark < 0x80,
            mark != UInt8(ascii: "\r"), mark != UInt8(ascii: "\n")
        else { return nil }
        var text = text
        let whole = text
        return text.withUTF8 { bytes -> [String]? in
            var marks = 0
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == mark { marks += 1 }
            }
            // One piece with nothing to trim (an HR cell holding one skill):
            // the text itself, not a copy of its bytes.
            if marks == 0, let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, last != 0x20,
                last != 0x09
            {
                return [whole]
            }
            var pieces: [String] = []
            var start = 0
            func take(_ range: Range<Int>) {
                var lower = range.lowerBound
                var upper = range.upperBound
                while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
                while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
                if lower < upper { pieces.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)) }
            }
            for index in bytes.indices where bytes[index] == mark {
                take(start..<index)
                start = index + 1
            }
            take(start..<bytes.count)
            return pieces
        }
    }
}
