/// Chooses the field delimiter of a file from its first record.
///
/// Only the header line is looked at, because the header is the one line a
/// business extract always has and its names rarely contain separators; quoted
/// text is ignored so `"Smith, Jo"` does not vote for comma.
public enum DelimiterDetection {
    /// The outcome of scanning the first record.
    public enum Scan: Sendable, Hashable {
        /// The record ended inside `bytes`; the delimiter that occurs most often.
        case found(UInt8)
        /// The bytes ended before the record did; give more.
        case needMoreBytes
    }

    /// Scans the first record of `bytes` (quote-aware: a line break inside
    /// quotes does not end it). With `atEnd`, the end of `bytes` ends the record.
    /// Ties go to the earlier of `DelimiterChoice.candidates`; no candidate at
    /// all means a one-column file, read with comma.
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> Scan {
        var counts = [Int](repeating: 0, count: 256)
        var inQuotes = false
        var ended = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == 0x0A || byte == 0x0D {
                    ended = true
                    break
                }
                counts[Int(byte)] += 1
            }
        }
        if !ended && !atEnd { return .needMoreBytes }
        var best = UInt8(ascii: ",")
        var bestCount = 0
        for candidate in DelimiterChoice.candidates where counts[Int(candidate)] > bestCount {
            best = candidate
            bestCount = counts[Int(candidate)]
        }
        return .found(best)
    }
}
