import Diagnostics
import InputFiles
import UTF8Validation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 reader: header row, then one `CSVRow` per record.
///
/// The file is read in chunks (`CSVReaderOptions.chunkSize`), transcoded to
/// UTF-8 if needed, and parsed as bytes; a `String` is made once per field.
/// Memory stays bounded by the chunk size plus the longest record.
///
/// Problems are `Diagnostic`s located at `file:line:column` (column in UTF-8
/// bytes from the start of the physical line). In lenient mode a bad row is
/// recorded in `diagnostics`, counted in `statistics.skipped` and skipped; in
/// strict mode `next()` throws it. A broken header always throws, since no row
/// can be read without it.
public final class CSVReader {
    /// The column names from the first record (empty without a header).
    public private(set) var header: [String] = []
    /// The line the header starts on (0 without a header).
    public private(set) var headerLine = 0
    /// The field delimiter, detected from the header line or as given.
    public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// The encoding the file is read in: from its byte-order mark, as given, or UTF-8.
    public private(set) var encoding: TextEncoding = .utf8
    /// Errors and warnings found so far.
    public private(set) var diagnostics: DiagnosticLog
    /// Bytes, rows, skipped rows and blank lines so far.
    public private(set) var statistics = CSVReadStatistics()
    /// The file name used in diagnostics, as the caller gave it.
    public let name: String

    private let hasHeader: Bool
    private let chunkSize: Int
    private var source: ByteSource
    /// The file's pages this reading brings into the cache, let go of once read.
    private let readPages: ReadPages?
    /// Sees each chunk as read(2) left it, before it is transcoded.
    private let readObserver: ((UnsafeRawBufferPointer) -> Void)?
    private var decoder: TextDecoding
    private var rawChunk: [UInt8] = []
    // Decoded UTF-8; `position` is the first byte not yet consumed.
    private var buffer: [UInt8] = []
    private var position = 0
    private var sourceEnded = false
    // The physical line `position` is on.
    private var line = 1
    private var scan = RecordScan()
    private var unescaped: [UInt8] = []
    /// Where `nextFields` found the current record's fields (reused).
    private var locations: [CSVFieldBytes.Location] = []
    private var specials = [Bool](repeating: false, count: 256)
    private var reportedReplacements = 0

    /// Opens the file at `path` and reads its header. Diagnostics name the
    /// path exactly as given. Throws a `Diagnostic` when the file cannot be
    /// read, is empty, or its header record is malformed.
    ///
    /// `observeBytesRead`, when given, sees every byte of the file once, in
    /// order, as it is read (before any transcoding): the run hashes an HR
    /// extract that way rather than reading it a second time.
    public convenience init(
        path: String, options: CSVReaderOptions = .init(),
        observeBytesRead: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        let source: ByteSource
        do {
            source = try ByteSource.open(path: path)
        } catch {
            throw Diagnostic.error("\(path): cannot open: \(error.reason)")
        }
        try self.init(source: source, name: path, options: options, observeBytesRead: observeBytesRead)
    }

    /// Reads CSV text from memory; `name` stands for the file in diagnostics.
    public convenience init(bytes: [UInt8], name: String, options: CSVReaderOptions = .init()) throws {
        try self.init(source: .memory(bytes: bytes, offset: 0), name: name, options: options)
    }

    private init(
        source: ByteSource, name: String, options: CSVReaderOptions,
        observeBytesRead: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws {
        self.source = source
        if case .file(let descriptor) = source {
            readPages = ReadPages(descriptor: descriptor)
        } else {
            readPages = nil
        }
        readObserver = observeBytesRead
        self.name = name
        self.hasHeader = options.hasHeader
        self.chunkSize = options.chunkSize
        self.diagnostics = DiagnosticLog(policy: options.policy)
        self.decoder = TextDecoding(encoding: .utf8)
        do {
            try start(options)
        } catch {
            source.close()
            throw error
        }
    }

    deinit { source.close() }

    // MARK: - Start: encoding, delimiter, header

    private func start(_ options: CSVReaderOptions) throws {
        // The byte-order mark needs the first three bytes; a read may return fewer.
        while rawChunk.count < 3 {
            let count = try readRaw(into: &rawChunk)
            if count == 0 { break }
        }
        var skip = 0
        if let mark = TextEncoding.byteOrderMark(in: rawChunk) {
            skip = mark.length
            encoding = mark.encoding
            if options.encoding != .auto && options.encoding != mark.encoding {
                try diagnostics.report(.warning(
                    "the file starts with a \(mark.encoding.rawValue) byte-order mark; reading it as "
                        + "\(mark.encoding.rawValue), not \(options.encoding.rawValue)",
                    at: SourceLocation(file: name, line: 1, column: 1)))
            }
        } else {
            encoding = options.encoding == .auto ? .utf8 : options.encoding
        }
        decoder = TextDecoding(encoding: encoding)
        rawChunk.withUnsafeBufferPointer { raw in
            decoder.decode(UnsafeBufferPointer(rebasing: raw[skip...]), into: &buffer, final: sourceEnded)
        }
        rawChunk.removeAll(keepingCapacity: true)

        switch options.delimiter {
        case .byte(let byte):
            guard byte < 0x80, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D else {
                throw Diagnostic.error("\(name): the delimiter must be an ASCII character other than quote, CR or LF")
            }
            delimiter = byte
        case .auto:
            delimiter = try detectDelimiter()
        }
        for byte in [delimiter, UInt8(ascii: "\""), 0x0A, 0x0D] { specials[Int(byte)] = true }

        guard hasHeader else { return }
        guard try nextRecord() else {
            throw Diagnostic.error(
                "the file is empty; a header row was expected", at: SourceLocation(file: name, line: 1))
        }
        if let problem = scan.problem {
            throw Diagnostic.error("header: " + problem.message, at: location(of: problem.offset))
        }
        if let problem = invalidUTF8Problem() {
            throw Diagnostic.error("header: " + problem.message, at: location(of: problem.offset))
        }
        if let problem = headerNULProblem() {
            throw Diagnostic.error(problem.message, at: location(of: problem.offset))
        }
        header = currentFieldStrings()
        headerLine = scan.line
        consumeRecord()
        var seen: Set<String> = []
        for (index, column) in header.enumerated() where !seen.insert(column).inserted {
            try diagnostics.report(.warning(
                "column \(index + 1) repeats the name \"\(column)\"; lookups by name find the first",
                at: SourceLocation(file: name, line: headerLine)))
        }
    }

    private func detectDelimiter() throws -> UInt8 {
        while true {
            let outcome = buffer.withUnsafeBufferPointer { bytes in
                DelimiterDetection.scan(UnsafeBufferPointer(rebasing: bytes[position...]), atEnd: sourceEnded)
            }
            switch outcome {
            case .found(let byte): return byte
            case .needMoreBytes: try fill()
            }
        }
    }

    /// About how many bytes of the file the rows read so far came from:
    /// exact for a UTF-8 file, within one read chunk for a transcoded one.
    /// A caller that keeps every row sizes its storage from it and the file's
    /// size, rather than growing it by doubling.
    public var bytesConsumed: Int { max(0, statistics.bytes - (buffer.count - position)) }

    /// Whether read(2) has reported the end of the file (or the bytes were in
    /// memory): every byte of it has been read, and observed.
    public var reachedEndOfInput: Bool { sourceEnded }

    // MARK: - Rows

    /// The next data row, or nil at the end of the file. Blank lines are
    /// skipped. In strict mode the first error is thrown as a `Diagnostic`.
    public func next() throws -> CSVRow? {
        guard try nextCheckedRecord() else { return nil }
        let row = CSVRow(line: scan.line, fields: currentFieldStrings())
        consumeRecord()
        statistics.rows += 1
        return row
    }

    /// Reads the next data row as `next()` does and lends its fields, as
    /// bytes, to `body` with the line it starts on; false at the end of the
    /// file. No string is made: the caller decodes what it needs.
    public func nextFields(_ body: (_ line: Int, _ fields: CSVFieldBytes) throws -> Void) throws -> Bool {
        guard try nextCheckedRecord() else { return false }
        let line = scan.line
        // Consumed however `body` ends, as `next()` consumes a row before
        // returning it: a throwing body leaves the reader at the next row.
        defer {
            consumeRecord()
            statistics.rows += 1
        }
        try withCurrentFields { try body(line, $0) }
        return true
    }

    /// The current (scanned, valid) record's fields as strings.
    private func currentFieldStrings() -> [String] {
        withCurrentFields { fields in
            var strings: [String] = []
            strings.reserveCapacity(fields.count)
            for index in 0..<fields.count { strings.append(fields.string(index)) }
            return strings
        }
    }

    /// Lends the current record's fields: each a span of the buffer, or,
    /// when it has doubled quotes, its unescaped copy in `unescaped`.
    private func withCurrentFields<Result>(_ body: (CSVFieldBytes) throws -> Result) rethrows -> Result {
        // Filled as locals and put back after: appending to the class's own
        // arrays checked exclusive access at every field.
        var locations = self.locations
        var unescaped = self.unescaped
        self.locations = []
        self.unescaped = []
        defer {
            self.locations = locations
            self.unescaped = unescaped
        }
        locations.removeAll(keepingCapacity: true)
        unescaped.removeAll(keepingCapacity: true)
        let spans = scan.spans
        return try buffer.withUnsafeBufferPointer { bytes in
            for span in spans {
                let contentStart = span.quoted ? span.start + 1 : span.start
                guard span.escapedQuotes else {
                    locations.append(CSVFieldBytes.Location(start: contentStart, end: span.end, unescaped: false))
                    continue
                }
                let start = unescaped.count
                var index = contentStart
                while index < span.end {
                    unescaped.append(bytes[index])
                    // Inside quotes a quote only occurs doubled; keep one.
                    index += bytes[index] == UInt8(ascii: "\"") ? 2 : 1
                }
                locations.append(CSVFieldBytes.Location(start: start, end: unescaped.count, unescaped: true))
            }
            return try unescaped.withUnsafeBufferPointer { unescaped in
                try locations.withUnsafeBufferPointer { locations in
                    try body(CSVFieldBytes(buffer: bytes, unescaped: unescaped, locations: locations))
                }
            }
        }
    }

    /// Reads and checks the next row exactly as `next()` does (quotes, field
    /// count, UTF-8) but makes no strings; returns the line it starts on, or
    /// nil at the end. For counting and validating a file at full speed.
    public func skipRow() throws -> Int? {
        guard try nextCheckedRecord() else { return nil }
        let line = scan.line
        consumeRecord()
        statistics.rows += 1
        return line
    }

    /// Moves to the next record that has no error, reporting (and in strict
    /// mode throwing) those that have; false at the end of the file.
    private func nextCheckedRecord() throws -> Bool {
        while try nextRecord() {
            if let problem = scan.problem ?? invalidUTF8Problem() {
                try reject(problem)
                continue
            }
            if hasHeader && scan.spans.count != header.count {
                try reject(raggedProblem())
                continue
            }
            return true
        }
        try reportReplacements()
        return false
    }

    // Delimiters and quotes are ASCII, so checking the record's bytes at once
    // checks every field, with one call instead of one per field.
    private func invalidUTF8Problem() -> Problem? {
        buffer.withUnsafeBufferPointer { bytes in
            let record = UnsafeBufferPointer(rebasing: bytes[scan.start..<scan.contentEnd])
            guard let offset = UTF8Validation.firstInvalidOffset(in: record) else { return nil }
            return Problem(offset: scan.start + offset, message: invalidUTF8Message(byte: record[offset]))
        }
    }

    // A NUL in a field is data (as in Python's csv module), but never in column
    // names: a header with NUL bytes is UTF-16 read without its byte-order mark.
    private func headerNULProblem() -> Problem? {
        buffer.withUnsafeBufferPointer { bytes in
            let record = UnsafeBufferPointer(rebasing: bytes[scan.start..<scan.contentEnd])
            guard delimiter != 0, let base = record.baseAddress, let nul = memchr(base, 0, record.count) else { return nil }
            return Problem(
                offset: scan.start + (UnsafeRawPointer(nul) - UnsafeRawPointer(base)),
                message: "NUL byte in the header; if the file is UTF-16 without a byte-order mark, set encoding: utf-16le (or utf-16be)")
        }
    }

    private func raggedProblem() -> Problem {
        let count = scan.spans.count
        if count > header.count {
            return Problem(
                offset: scan.spans[header.count].start,
                message: "row has \(count) fields but the header has \(header.count); this field is extra")
        }
        return Problem(
            offset: scan.contentEnd,
            message: "row has \(count) field\(count == 1 ? "" : "s") but the header has \(header.count)")
    }

    private func reject(_ problem: Problem) throws {
        let diagnostic = Diagnostic.error(problem.message, at: location(of: problem.offset))
        consumeRecord()
        statistics.skipped += 1
        try diagnostics.report(diagnostic)
    }

    private func reportReplacements() throws {
        let count = decoder.replacements - reportedReplacements
        guard count > 0 else { return }
        reportedReplacements = decoder.replacements
        try diagnostics.report(.warning(
            "\(name): \(count) unpaired UTF-16 surrogate\(count == 1 ? "" : "s") replaced by U+FFFD"))
    }

    /// Where byte `offset` of the buffer is, counting line breaks from the
    /// start of the current record (which always starts a physical line).
    private func location(of offset: Int) -> SourceLocation {
        var line = scan.line
        var lineStart = position
        buffer.withUnsafeBufferPointer { bytes in
            var index = position
            let end = min(offset, bytes.count)
            while index < end {
                let byte = bytes[index]
                if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
        }
        return SourceLocation(file: name, line: line, column: offset - lineStart + 1)
    }

    private func consumeRecord() {
        position = scan.end
        line = scan.line + scan.lineBreaks
    }

    // MARK: - Scanning

    /// Finds the next record at `position` (skipping blank lines), reading
    /// more of the file as needed; false at the end of the file.
    private func nextRecord() throws -> Bool {
        while true {
            // Blank lines are consumed at once; only a CR at the very end of
            // the buffer must wait to see whether an LF follows.
            // Locals, not properties, inside the loops: each property access of
            // a class is an exclusivity check, which per record cost as much as the scan.
            var waitForMore = false
            var index = position
            var blanks = 0
            let atEnd = sourceEnded
            buffer.withUnsafeBufferPointer { bytes in
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x0A {
                        index += 1
                    } else if byte == 0x0D {
                        if index + 1 < bytes.count {
                            index += bytes[index + 1] == 0x0A ? 2 : 1
                        } else if atEnd {
                            index += 1
                        } else {
                            waitForMore = true
                            return
                        }
                    } else {
                        return
                    }
                    blanks += 1
                }
            }
            position = index
            if blanks > 0 {
                statistics.blankLines += blanks
                line += blanks
            }
            if position >= buffer.count || waitForMore {
                if sourceEnded && !waitForMore { return false }
                try fill()
                continue
            }
            var record = scan
            scan = RecordScan()
            let start = position
            let delimiter = delimiter
            let complete = buffer.withUnsafeBufferPointer { bytes in
                specials.withUnsafeBufferPointer { specials in
                    RecordScan.scan(
                        bytes, from: start, delimiter: delimiter, specials: specials, atEnd: atEnd, into: &record)
                }
            }
            record.line = line
            scan = record
            if complete { return true }
            try fill()
        }
    }

    /// Drops consumed bytes and appends the next chunk, decoded.
    private func fill() throws {
        if sourceEnded { return }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        if decoder.isPassThrough {
            if try readRaw(into: &buffer) == 0 { sourceEnded = true }
        } else {
            let count = try readRaw(into: &rawChunk)
            if count == 0 { sourceEnded = true }
            rawChunk.withUnsafeBufferPointer { raw in
                decoder.decode(raw, into: &buffer, final: sourceEnded)
            }
            rawChunk.removeAll(keepingCapacity: true)
        }
    }

    private func readRaw(into target: inout [UInt8]) throws -> Int {
        let count: Int
        do {
            count = try source.read(upTo: chunkSize, into: &target)
        } catch {
            throw Diagnostic.error("\(name): read failed: \(error.reason)")
        }
        statistics.bytes += count
        if count > 0, let readObserver {
            target.withUnsafeBytes { readObserver(UnsafeRawBufferPointer(rebasing: $0[($0.count - count)...])) }
        }
        // Before the descriptor is closed at the end: its number may be reused.
        readPages?.release(upTo: count > 0 ? statistics.bytes : Int.max)
        if count == 0 {
            sourceEnded = true
            source.close()
            source = .memory(bytes: [], offset: 0)
        }
        return count
    }

    private func invalidUTF8Message(byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "invalid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex)); if the file was saved "
            + "as ANSI/Windows-1252, set encoding: windows-1252"
    }
}

/// A problem found while scanning one record: where (a buffer offset) and what.
struct Problem: Error {
    var offset: Int
    var message: String
}
