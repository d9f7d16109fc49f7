import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of an LDIF file (RFC 2849), one at a time.
///
/// Lenient by default: a malformed record is reported to `diagnostics` with
/// its file and line, counted in `statistics.skippedRecords`, and skipped.
/// In strict mode `next()` throws the first error as a `Diagnostic`.
/// Secret attributes are dropped here, before any record leaves the reader.
public final class LDIFReader {
    private let source: LDIFBlockSource
    private let name: String
    let options: LDIFReaderOptions
    let urlRoot: String?
    // Unchecked: nothing the reader calls can call back into it, and the
    // dynamic exclusivity checks on these, per line and per record, showed in
    // profiles. (A reader is not Sendable: one thread at a time.)
    @exclusivity(unchecked) private var block = LDIFBlock()
    @exclusivity(unchecked) var names: AttributeNameTable
    // The current record's value bytes; reused when the last record is gone.
    @exclusivity(unchecked) private(set) var values = LDIFValueBuffer.make(capacity: 0)
    private var isFirstBlock = true
    private(set) var sawContent = false
    private(set) var sawChange = false
    private var warnedMixing = false
    @exclusivity(unchecked) private var grouping = AttributeGrouping()
    private var log: DiagnosticLog
    @exclusivity(unchecked) private var stats = LDIFReadStatistics()

    /// Opens `path` for streaming; diagnostics name the file as `path` is written.
    public convenience init(path: String, options: LDIFReaderOptions = .init()) throws {
        try self.init(path: path, range: nil, options: options)
    }

    /// Reads only the bytes of `range` of `path`, as if they were the whole
    /// file (line numbers count from the range's start): one part of a file
    /// cut at a record's start, for readers that take a part each.
    init(path: String, range: Range<Int>?, options: LDIFReaderOptions) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw LDIFReadError(message: "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        source = LDIFBlockSource(descriptor: descriptor, range: range)
        name = path
        self.options = options
        if let root = options.fileURLRoot {
            urlRoot = root
        } else {
            let slash = path.lastIndex(of: "/")
            urlRoot = slash.map { String(path[...$0]) } ?? "."
        }
        log = DiagnosticLog(policy: options.policy)
        names = AttributeNameTable(keep: options.attributeFilter)
    }

    /// Reads LDIF from bytes in memory; `name` is the file name used in diagnostics.
    public init(bytes: [UInt8], name: String, options: LDIFReaderOptions = .init()) {
        source = LDIFBlockSource(bytes: bytes)
        self.name = name
        self.options = options
        urlRoot = options.fileURLRoot
        log = DiagnosticLog(policy: options.policy)
        names = AttributeNameTable(keep: options.attributeFilter)
    }

    /// Errors and warnings found so far.
    public var diagnostics: DiagnosticLog { log }

    /// Calls `body` on the reading thread with each chunk of the file as it
    /// is read, in order and before the reader changes anything in it (it
    /// joins folded lines in place): a digest fed here is the digest of
    /// exactly the bytes parsed, without reading the file a second time.
    /// Set it before the first record is read. In-memory input is not passed.
    public func observeBytesRead(_ body: @escaping (UnsafeRawBufferPointer) -> Void) {
        source.readObserver = body
    }

    /// Whether the whole file has been read: every byte has then been passed
    /// to `observeBytesRead`'s body.
    public var reachedEndOfInput: Bool { source.reachedEndOfInput }

    /// Counts so far (bytes, records, skipped records, secrets dropped, version).
    public var statistics: LDIFReadStatistics {
        var result = stats
        result.bytesRead = source.bytesRead
        result.lines = source.lineNumber
        return result
    }

    /// The next record, or nil at the end of the file. Throws a `Diagnostic`
    /// in strict mode at the first error, and `LDIFReadError` when reading fails.
    public func next() throws -> LDIFRecord? {
        try nextParsed { () throws(RecordFailure) -> LDIFRecord? in
            var sink = RecordBuilder(
                buffer: values, allowURL: options.allowFileURLs, urlRoot: urlRoot, capacity: block.lines.count)
            guard let parsed = try parseBlock(into: &sink) else { return nil }
            let body = parsed.change ?? (parsed.isAdd ? .add(sink.attributes) : .content(sink.attributes))
            return LDIFRecord(line: parsed.line, dn: sink.dn, controls: parsed.controls, body: body)
        }
    }

    /// The next record for `LDIFEntryStream`: a content or add record's
    /// attribute values go to `runs`, any other record comes whole.
    func nextStreamed(into runs: inout LDIFAttributeRuns) throws -> LDIFEntryStream.Item? {
        try nextParsed { () throws(RecordFailure) -> LDIFEntryStream.Item? in
            // A record skipped part-way leaves nothing behind in `runs`.
            runs.removeAll()
            var sink = RunsBuilder(
                runs: LDIFAttributeRuns(), buffer: values, allowURL: options.allowFileURLs, urlRoot: urlRoot)
            swap(&sink.runs, &runs)
            defer { swap(&sink.runs, &runs) }
            guard let parsed = try parseBlock(into: &sink) else { return nil }
            if let change = parsed.change {
                return .change(LDIFRecord(line: parsed.line, dn: sink.dn, controls: parsed.controls, body: change))
            }
            // An owned DN: the value buffer is then free for the next record.
            return .entry(line: parsed.line, dn: LDIFValue(bytes: sink.dn.bytes), isAdd: parsed.isAdd)
        }
    }

    /// The name table's entry for an attribute description named in a modify record.
    func nameEntry(of description: String) -> AttributeNameTable.Entry {
        var description = description
        let index = description.withUTF8 { names.intern($0) }
        return names.entries[index]
    }

    /// Reads blocks until `parse` makes something of one: counts it, or
    /// reports and skips a block it rejects (throws in strict mode).
    func nextParsed<Result>(_ parse: () throws(RecordFailure) -> Result?) throws -> Result? {
        while try source.nextBlock(into: &block) {
            prepareValueBuffer()
            do {
                if let result = try parse() {
                    stats.records += 1
                    return result
                }
            } catch {
                stats.skippedRecords += 1
                try log.report(.error(error.message, at: SourceLocation(file: name, line: error.line)))
            }
        }
        return nil
    }

    /// Room for every value of the block: the previous record's buffer when
    /// nothing refers to it any more, else a new one.
    private func prepareValueBuffer() {
        // A few spare bytes: the base64 bound is rounded up per value.
        let needed = block.textByteCount + 16
        if isKnownUniquelyReferenced(&values) && values.byteCapacity >= needed {
            values.reset()
        } else {
            values = .make(capacity: max(needed, 1024))
        }
    }

    private func warn(_ message: String, line: Int) {
        try? log.report(.warning(message, at: SourceLocation(file: name, line: line)))
    }

    // MARK: - Records

    /// A record as `parseBlock` read it.
    struct ParsedRecord {
        var line: Int
        var controls: [LDIFControl]
        /// The body of a change record other than `add`; nil for content and
        /// add records, whose attribute lines went to the sink.
        var change: LDIFRecordBody?
        var isAdd: Bool
    }

    /// Parses the current block; the DN, and the attribute lines of a content
    /// or add record, go to `sink`. Nil for a block that only holds the `version:` line.
    func parseBlock<Sink: RecordSink>(into sink: inout Sink) throws(RecordFailure) -> ParsedRecord? {
        var parser = LineParser(bytes: block.bytes)
        let lines = block.lines
        var index = 0
        if lines[0].isOrphanContinuation {
            throw RecordFailure(line: lines[0].line, message: "continuation line (starting with a space) with no line before it")
        }
        if isFirstBlock {
            isFirstBlock = false
            let first = try parser.split(lines[0])
            if parser.nameEquals(first, "version") {
                let text = try parser.text(first, buffer: values)
                guard text == "1" else {
                    throw RecordFailure(line: lines[0].line, message: "unsupported LDIF version '\(text)' (only 1 is defined)")
                }
                stats.version = 1
                index = 1
                if lines.count == 1 { return nil }
            }
        }
        let dnLine = try parser.split(lines[index])
        guard parser.nameEquals(dnLine, "dn") else {
            throw RecordFailure(
                line: lines[index].line,
                message: "expected 'dn:' at the start of a record, found '\(parser.nameText(dnLine))'")
        }
        if let failure = sink.dn(dnLine, parser: parser, buffer: values) { throw failure }
        let recordLine = lines[index].line
        index += 1

        var controls: [LDIFControl] = []
        while index < lines.count {
            let line = try parser.split(lines[index])
            guard parser.nameEquals(line, "control") else { break }
            controls.append(try parseControl(line, &parser))
            index += 1
        }

        var record = ParsedRecord(line: recordLine, controls: controls, change: nil, isAdd: false)
        if index < lines.count, case let line = try parser.split(lines[index]), parser.nameEquals(line, "changetype") {
            let keyword = try parser.text(line, buffer: values)
            index += 1
            switch keyword.lowercased() {
            case "add":
                try parseAttributes(lines, from: index, &parser, into: &sink)
                record.isAdd = true
            case "delete":
                if index < lines.count {
                    throw RecordFailure(line: lines[index].line, message: "a 'changetype: delete' record takes no further lines")
                }
                record.change = .delete
            case "modify": record.change = .modify(try parseModifications(lines, from: index, &parser))
            case "modrdn", "moddn": record.change = try parseModDN(lines, from: index, keyword: keyword.lowercased(), &parser)
            default:
                throw RecordFailure(line: line.line, message: "unknown changetype '\(keyword)' (expected add, delete, modify, modrdn or moddn)")
            }
            try noteKind(isChange: true, line: recordLine)
        } else {
            if !controls.isEmpty {
                throw RecordFailure(line: recordLine, message: "control: lines are only allowed in change records (no changetype follows)")
            }
            try parseAttributes(lines, from: index, &parser, into: &sink)
            try noteKind(isChange: false, line: recordLine)
        }
        return record
    }

    /// RFC 2849 has a file hold content records or change records, never both.
    /// Strict mode enforces that; lenient mode warns once and reads on, as
    /// go-ldap and python-ldap do.
    private func noteKind(isChange: Bool, line: Int) throws(RecordFailure) {
        if isChange { sawChange = true } else { sawContent = true }
        guard sawChange && sawContent else { return }
        if options.policy == .strict {
            throw RecordFailure(line: line, message: "content records and change records are mixed in one file (RFC 2849)")
        }
        if !warnedMixing {
            warnedMixing = true
            warn("content records and change records are mixed in one file (RFC 2849 allows one kind)", line: line)
        }
    }

    private func parseControl(_ line: SplitLine, _ parser: inout LineParser) throws(RecordFailure) -> LDIFControl {
        let bytes = parser.bytes
        var index = line.valueStart
        let end = line.end
        while index < end && bytes[index] == 0x20 { index += 1 }
        let oidStart = index
        while index < end && bytes[index] != 0x20 && bytes[index] != UInt8(ascii: ":") { index += 1 }
        let oid = String(decoding: UnsafeBufferPointer(rebasing: bytes[oidStart..<index]), as: UTF8.self)
        guard Self.isNumericOID(oid) else {
            throw RecordFailure(line: line.line, message: oid.isEmpty ? "control: line without an OID" : "control type '\(oid)' is not a numeric OID")
        }
        while index < end && bytes[index] == 0x20 { index += 1 }
        var criticality = false
        if index < end && bytes[index] != UInt8(ascii: ":") {
            let wordStart = index
            while index < end && bytes[index] != 0x20 && bytes[index] != UInt8(ascii: ":") { index += 1 }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[wordStart..<index]), as: UTF8.self)
            switch word {
            case "true": criticality = true
            case "false": criticality = false
            default:
                throw RecordFailure(line: line.line, message: "control criticality must be 'true' or 'false', not '\(word)'")
            }
            while index < end && bytes[index] == 0x20 { index += 1 }
        }
        var value: LDIFValue?
        if index < end {
            guard bytes[index] == UInt8(ascii: ":") else {
                throw RecordFailure(line: line.line, message: "unexpected text after the control criticality")
            }
            let spec = SplitLine(
                nameStart: line.nameStart, nameEnd: line.nameEnd, valueStart: index + 1, end: end, line: line.line,
                hasNUL: line.hasNUL)
            value = try parser.value(spec, allowURL: options.allowFileURLs, root: urlRoot, into: values)
        }
        return LDIFControl(oid: oid, criticality: criticality, value: value)
    }

    private static func isNumericOID(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        var previousWasDot = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else if byte >= 0x30 && byte <= 0x39 {
                previousWasDot = false
            } else {
                return false
            }
        }
        return !previousWasDot
    }

    private func parseAttributes<Sink: RecordSink>(
        _ lines: UnsafeBufferPointer<LDIFLogicalLine>, from start: Int, _ parser: inout LineParser, into sink: inout Sink
    ) throws(RecordFailure) {
        var dropped = 0
        defer { stats.secretValuesDropped += dropped }
        // Tables passed inout, so the loop works on them as on locals.
        try Self.readAttributeLines(
            lines, from: start, parser: parser, names: &names, grouping: &grouping,
            keepSecrets: options.keepSecrets, allowURL: options.allowFileURLs, root: urlRoot, dropped: &dropped,
            into: &sink)
    }

    private static func readAttributeLines<Sink: RecordSink>(
        _ lines: UnsafeBufferPointer<LDIFLogicalLine>, from start: Int, parser: LineParser, names: inout AttributeNameTable,
        grouping: inout AttributeGrouping, keepSecrets: Bool, allowURL: Bool, root: String?, dropped: inout Int,
        into sink: inout Sink
    ) throws(RecordFailure) {
        defer { grouping.reset() }
        var index = start
        while index < lines.count {
            let logical = lines[index]
            // Positions count attribute lines, so the name table's guess from
            // the previous record lines up whatever header lines came before.
            let position = index - start
            index += 1
            if logical.isOrphanContinuation {
                throw RecordFailure(line: logical.line, message: "continuation line (starting with a space) with no line before it")
            }
            let line: SplitLine
            let entryIndex: Int
            if let guess = names.guess(at: position, in: parser.bytes, line: logical) {
                // Only names that passed the checks below become guesses, so not "dn".
                line = parser.split(logical, checkedNameLength: guess.length)
                entryIndex = guess.entry
            } else {
                line = try parser.split(logical)
                if parser.nameEquals(line, "dn") {
                    throw RecordFailure(line: logical.line, message: "a second 'dn:' line inside one record (missing blank line before it?)")
                }
                entryIndex = parser.bytes.withNameRange(line) { names.intern($0, position: position) }
            }
            let facts = names.facts[entryIndex]
            if facts.isSecret && !keepSecrets {
                // Checked all the same: a broken secret value is a broken record.
                try parser.checkValue(line, allowURL: allowURL, root: root)
                dropped += 1
                continue
            }
            if facts.isFilteredOut {
                try parser.checkValue(line, allowURL: allowURL, root: root)
                continue
            }
            // The names by pointer: passing the array retained and released
            // it once a line. (One closure around both calls, with a defer,
            // cost `inspect` 1% more instructions than these two.)
            if let slot = grouping.slot(ofGroup: facts.group) {
                if let failure = names.entries.withUnsafeBufferPointer({
                    sink.add(line, slot: slot, spelling: nil, names: $0, parser: parser)
                }) { throw failure }
            } else {
                if let failure = names.entries.withUnsafeBufferPointer({
                    sink.add(line, slot: grouping.count, spelling: entryIndex, names: $0, parser: parser)
                }) { throw failure }
                grouping.add(group: facts.group)
            }
        }
    }

    private func parseModifications(_ lines: UnsafeBufferPointer<LDIFLogicalLine>, from start: Int, _ parser: inout LineParser) throws(RecordFailure) -> [LDIFModification] {
        var modifications: [LDIFModification] = []
        var index = start
        while index < lines.count {
            let opLine = try parser.split(lines[index])
            let opText = parser.nameText(opLine).lowercased()
            guard let operation = LDIFModificationOperation(rawValue: opText) else {
                throw RecordFailure(line: opLine.line, message: "expected 'add:', 'delete:', 'replace:' or 'increment:' in a modify record, found '\(parser.nameText(opLine))'")
            }
            let attributeValue = try parser.value(opLine, allowURL: false, root: nil, into: values)
            let attributeGroup = attributeValue.withUnsafeBufferPointer { group(of: $0) }
            let attribute = attributeValue.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
            guard attributeValue.withUnsafeBufferPointer({ LineParser.isAttributeDescription($0) }) else {
                throw RecordFailure(line: opLine.line, message: "'\(attribute)' is not a valid attribute description")
            }
            index += 1
            var values: [LDIFValue] = []
            var closed = false
            while index < lines.count {
                let logical = lines[index]
                if parser.isSeparator(logical) {
                    index += 1
                    closed = true
                    break
                }
                let line = try parser.split(logical)
                let group = parser.bytes.withNameRange(line) { self.group(of: $0) }
                if group != attributeGroup {
                    if LDIFModificationOperation(rawValue: parser.nameText(line).lowercased()) != nil {
                        warn("missing '-' before the next modification", line: logical.line)
                        break
                    }
                    throw RecordFailure(line: logical.line, message: "attribute '\(parser.nameText(line))' in a '\(opText): \(attribute)' modification")
                }
                values.append(try parser.value(line, allowURL: options.allowFileURLs, root: urlRoot, into: self.values))
                index += 1
            }
            _ = closed  // a missing final '-' is tolerated: python-ldap and OpenLDAP accept it
            if !options.keepSecrets && SecretAttributes.isSecret(baseName: AttributeDescription.baseName(of: attribute)) {
                stats.secretValuesDropped += max(values.count, 1)
                continue
            }
            modifications.append(LDIFModification(operation: operation, attribute: attribute, values: values))
        }
        return modifications
    }

    private func group(of name: UnsafeBufferPointer<UInt8>) -> Int {
        let index = names.intern(name)
        return names.entries[index].group
    }

    private func parseModDN(_ lines: UnsafeBufferPointer<LDIFLogicalLine>, from start: Int, keyword: String, _ parser: inout LineParser) throws(RecordFailure) -> LDIFRecordBody {
        var newRDN: String?
        var deleteOldRDN: Bool?
        var newSuperior: String?
        for logical in lines[start...] {
            let line = try parser.split(logical)
            let text = try parser.text(line, buffer: values)
            switch parser.nameText(line).lowercased() {
            case "newrdn" where newRDN == nil: newRDN = text
            case "deleteoldrdn" where deleteOldRDN == nil:
                switch text {
                case "0": deleteOldRDN = false
                case "1": deleteOldRDN = true
                default: throw RecordFailure(line: logical.line, message: "deleteoldrdn must be 0 or 1, not '\(text)'")
                }
            case "newsuperior" where newSuperior == nil: newSuperior = text
            default:
                throw RecordFailure(line: logical.line, message: "unexpected '\(parser.nameText(line))' line in a \(keyword) record")
            }
        }
        let last = lines.last!.line
        guard let newRDN else { throw RecordFailure(line: last, message: "\(keyword) record without 'newrdn:'") }
        guard let deleteOldRDN else { throw RecordFailure(line: last, message: "\(keyword) record without 'deleteoldrdn:'") }
        return .modDN(newRDN: newRDN, deleteOldRDN: deleteOldRDN, newSuperior: newSuperior, keyword: keyword)
    }
}

/// A record-level error: the record is skipped (lenient) or reading stops (strict).
struct RecordFailure: Error {
    var line: Int
    var message: String
}
