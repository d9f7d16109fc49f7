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
    private let options: LDIFReaderOptions
    private let urlRoot: String?
    private var block = LDIFBlock()
    private var names = AttributeNameTable()
    private var isFirstBlock = true
    private var sawContent = false
    private var sawChange = false
    private var warnedMixing = false
    // Per record: attribute group → index+1 in the record's attribute list.
    private var groupSlots: [Int] = []
    private var touchedGroups: [Int] = []
    private var log: DiagnosticLog
    private var stats = LDIFReadStatistics()

    /// Opens `path` for streaming; diagnostics name the file as `path` is written.
    public init(path: String, options: LDIFReaderOptions = .init()) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw LDIFReadError(message: "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        source = LDIFBlockSource(descriptor: descriptor)
        name = path
        self.options = options
        if let root = options.fileURLRoot {
            urlRoot = root
        } else {
            let slash = path.lastIndex(of: "/")
            urlRoot = slash.map { String(path[...$0]) } ?? "."
        }
        log = DiagnosticLog(policy: options.policy)
    }

    /// Reads LDIF from bytes in memory; `name` is the file name used in diagnostics.
    public init(bytes: [UInt8], name: String, options: LDIFReaderOptions = .init()) {
        source = LDIFBlockSource(bytes: bytes)
        self.name = name
        self.options = options
        urlRoot = options.fileURLRoot
        log = DiagnosticLog(policy: options.policy)
    }

    /// Errors and warnings found so far.
    public var diagnostics: DiagnosticLog { log }

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
        while try source.nextBlock(into: &block) {
            do {
                if let record = try parseBlock() {
                    stats.records += 1
                    return record
                }
            } catch {
                stats.skippedRecords += 1
                let failure: RecordFailure = error
                try log.report(.error(failure.message, at: SourceLocation(file: name, line: failure.line)))
            }
        }
        return nil
    }

    private func warn(_ message: String, line: Int) {
        try? log.report(.warning(message, at: SourceLocation(file: name, line: line)))
    }

    // MARK: - Records

    private func parseBlock() throws(RecordFailure) -> LDIFRecord? {
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
                let text = try parser.value(first, allowURL: false, root: nil, options: options)
                guard String(decoding: text, as: UTF8.self) == "1" else {
                    throw RecordFailure(line: lines[0].line, message: "unsupported LDIF version '\(String(decoding: text, as: UTF8.self))' (only 1 is defined)")
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
        let dn = try parser.value(dnLine, allowURL: false, root: nil, options: options)
        let recordLine = lines[index].line
        index += 1

        var controls: [LDIFControl] = []
        while index < lines.count {
            let line = try parser.split(lines[index])
            guard parser.nameEquals(line, "control") else { break }
            controls.append(try parseControl(line, &parser))
            index += 1
        }

        var body: LDIFRecordBody
        if index < lines.count, case let line = try parser.split(lines[index]), parser.nameEquals(line, "changetype") {
            let keyword = String(decoding: try parser.value(line, allowURL: false, root: nil, options: options), as: UTF8.self)
            index += 1
            switch keyword.lowercased() {
            case "add": body = .add(try parseAttributes(lines, from: index, &parser))
            case "delete":
                if index < lines.count {
                    throw RecordFailure(line: lines[index].line, message: "a 'changetype: delete' record takes no further lines")
                }
                body = .delete
            case "modify": body = .modify(try parseModifications(lines, from: index, &parser))
            case "modrdn", "moddn": body = try parseModDN(lines, from: index, keyword: keyword.lowercased(), &parser)
            default:
                throw RecordFailure(line: line.line, message: "unknown changetype '\(keyword)' (expected add, delete, modify, modrdn or moddn)")
            }
            try noteKind(isChange: true, line: recordLine)
        } else {
            if !controls.isEmpty {
                throw RecordFailure(line: recordLine, message: "control: lines are only allowed in change records (no changetype follows)")
            }
            body = .content(try parseAttributes(lines, from: index, &parser))
            try noteKind(isChange: false, line: recordLine)
        }
        return LDIFRecord(line: recordLine, dn: LDIFValue(bytes: dn), controls: controls, body: body)
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
            value = LDIFValue(bytes: try parser.value(spec, allowURL: options.allowFileURLs, root: urlRoot, options: options))
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

    private func parseAttributes(_ lines: [LDIFLogicalLine], from start: Int, _ parser: inout LineParser) throws(RecordFailure) -> [LDIFAttribute] {
        // Work on locals: every access to a class property is a dynamic
        // exclusivity check, which dominated this loop in profiles.
        var names = self.names
        var slots = self.groupSlots
        var touched = self.touchedGroups
        self.names = AttributeNameTable()
        self.groupSlots = []
        self.touchedGroups = []
        var dropped = 0
        defer {
            for group in touched { slots[group] = 0 }
            touched.removeAll(keepingCapacity: true)
            self.names = names
            self.groupSlots = slots
            self.touchedGroups = touched
            stats.secretValuesDropped += dropped
        }
        let keepSecrets = options.keepSecrets
        let allowURL = options.allowFileURLs
        var attributes: [LDIFAttribute] = []
        attributes.reserveCapacity(lines.count - start)
        var index = start
        while index < lines.count {
            let logical = lines[index]
            index += 1
            if logical.isOrphanContinuation {
                throw RecordFailure(line: logical.line, message: "continuation line (starting with a space) with no line before it")
            }
            let line = try parser.split(logical)
            if parser.nameEquals(line, "dn") {
                throw RecordFailure(line: logical.line, message: "a second 'dn:' line inside one record (missing blank line before it?)")
            }
            let entryIndex = parser.bytes.withNameRange(line) { names.intern($0, position: index) }
            let value = try parser.value(line, allowURL: allowURL, root: urlRoot, options: options)
            if names.entries[entryIndex].isSecret && !keepSecrets {
                dropped += 1
                continue
            }
            let group = names.entries[entryIndex].group
            if group >= slots.count { slots.append(contentsOf: repeatElement(0, count: group + 64 - slots.count)) }
            let slot = slots[group]
            if slot == 0 {
                attributes.append(
                    LDIFAttribute(
                        name: names.entries[entryIndex].name, baseName: names.entries[entryIndex].baseName,
                        values: [LDIFValue(bytes: value)]))
                slots[group] = attributes.count
                touched.append(group)
            } else {
                attributes[slot - 1].values.append(LDIFValue(bytes: value))
            }
        }
        return attributes
    }

    private func parseModifications(_ lines: [LDIFLogicalLine], from start: Int, _ parser: inout LineParser) throws(RecordFailure) -> [LDIFModification] {
        var modifications: [LDIFModification] = []
        var index = start
        while index < lines.count {
            let opLine = try parser.split(lines[index])
            let opText = parser.nameText(opLine).lowercased()
            guard let operation = LDIFModificationOperation(rawValue: opText) else {
                throw RecordFailure(line: opLine.line, message: "expected 'add:', 'delete:', 'replace:' or 'increment:' in a modify record, found '\(parser.nameText(opLine))'")
            }
            let attributeBytes = try parser.value(opLine, allowURL: false, root: nil, options: options)
            let attributeGroup = attributeBytes.withUnsafeBufferPointer { group(of: $0) }
            let attribute = String(decoding: attributeBytes, as: UTF8.self)
            guard LineParser.isAttributeDescription(attributeBytes) else {
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
                values.append(LDIFValue(bytes: try parser.value(line, allowURL: options.allowFileURLs, root: urlRoot, options: options)))
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

    private func parseModDN(_ lines: [LDIFLogicalLine], from start: Int, keyword: String, _ parser: inout LineParser) throws(RecordFailure) -> LDIFRecordBody {
        var newRDN: String?
        var deleteOldRDN: Bool?
        var newSuperior: String?
        for logical in lines[start...] {
            let line = try parser.split(logical)
            let value = try parser.value(line, allowURL: false, root: nil, options: options)
            let text = String(decoding: value, as: UTF8.self)
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
