/// One field of a scanned record, as byte offsets into the reader's buffer.
struct FieldSpan {
    /// The first byte of the field (the opening quote of a quoted field).
    var start: Int
    /// One past the last content byte (the closing quote of a quoted field).
    var end: Int
    var quoted: Bool
    /// Whether the content holds doubled quotes that must become single ones.
    var escapedQuotes: Bool
}

/// The RFC 4180 state machine for one record, over UTF-8 bytes.
///
/// It never copies: fields are spans of the buffer, and strings are made only
/// after the record is known to be complete and well-formed. When the buffer
/// ends mid-record the scan reports so and is simply redone after the next
/// chunk arrives; a record is short next to a 1 MiB chunk, so redoing is cheap.
struct RecordScan {
    var spans: [FieldSpan] = []
    /// The line the record starts on (set by the reader).
    var line = 1
    /// Where the record starts in the buffer.
    var start = 0
    /// Where the record's content ends (its line break, or the end of the file).
    var contentEnd = 0
    /// Where the next record starts.
    var end = 0
    /// Physical line breaks consumed: those inside quoted fields plus the terminator.
    var lineBreaks = 0
    /// The first error in the record; the record is still scanned to its end
    /// (quotes after the error taken literally) so that reading can go on.
    var problem: Problem?

    private static let quote = UInt8(ascii: "\"")
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    /// Scans the record starting at `start`; false when `bytes` ended before
    /// the record did and more input exists (`atEnd` false).
    /// `specials` is a 256-entry table, true for delimiter, quote, CR and LF.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8,
        specials: UnsafeBufferPointer<Bool>, atEnd: Bool, into record: inout RecordScan
    ) -> Bool {
        record.spans.removeAll(keepingCapacity: true)
        record.problem = nil
        record.lineBreaks = 0
        record.start = start
        let count = bytes.count
        var index = start
        while true {
            if index < count && bytes[index] == quote {
                let open = index
                index += 1
                var escaped = false
                var breaks = 0
                while true {
                    while index < count {
                        let byte = bytes[index]
                        if byte == quote { break }
                        if byte == lf {
                            breaks += 1
                        } else if byte == cr && (index + 1 >= count || bytes[index + 1] != lf) {
                            breaks += 1
                        }
                        index += 1
                    }
                    if index >= count {
                        if !atEnd { return false }
                        record.lineBreaks += breaks
                        record.spans.append(FieldSpan(start: open, end: count, quoted: true, escapedQuotes: escaped))
                        if record.problem == nil {
                            record.problem = Problem(
                                offset: open, message: "quoted field starting here is not closed before the end of the file")
                        }
                        record.contentEnd = count
                        record.end = count
                        return true
                    }
                    if index + 1 >= count && !atEnd { return false }
                    if index + 1 < count && bytes[index + 1] == quote {
                        escaped = true
                        index += 2
                        continue
                    }
                    break
                }
                record.lineBreaks += breaks
                record.spans.append(FieldSpan(start: open, end: index, quoted: true, escapedQuotes: escaped))
                index += 1
                if index < count {
                    let byte = bytes[index]
                    if byte != delimiter && byte != lf && byte != cr {
                        if record.problem == nil {
                            record.problem = Problem(
                                offset: index,
                                message: "unexpected text after a closing quote; a quote inside a quoted field must be doubled (\"\")")
                        }
                        while index < count {
                            let byte = bytes[index]
                            if byte == delimiter || byte == lf || byte == cr { break }
                            index += 1
                        }
                        if index >= count && !atEnd { return false }
                    }
                }
            } else {
                let fieldStart = index
                while index < count {
                    let byte = bytes[index]
                    if specials[Int(byte)] {
                        if byte != quote { break }
                        if record.problem == nil {
                            record.problem = Problem(
                                offset: index,
                                message: "quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                        }
                    }
                    index += 1
                }
                if index >= count && !atEnd { return false }
                record.spans.append(FieldSpan(start: fieldStart, end: index, quoted: false, escapedQuotes: false))
            }
            if index >= count {
                record.contentEnd = count
                record.end = count
                return true
            }
            let byte = bytes[index]
            if byte == delimiter {
                index += 1
                continue
            }
            record.contentEnd = index
            if byte == cr {
                if index + 1 >= count && !atEnd { return false }
                index += index + 1 < count && bytes[index + 1] == lf ? 2 : 1
            } else {
                index += 1
            }
            record.lineBreaks += 1
            record.end = index
            return true
        }
    }
}
