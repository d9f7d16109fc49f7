import DelimitedText
import Diagnostics

/// Types the rows of a CSV extract by a BDC entity.
///
/// Columns are matched to the entity's fields by name, case-insensitively
/// (blanks around header names ignored). Every field needs a column; extra
/// columns are ignored with a warning. Each row becomes one `TypedValue` per
/// field: an empty cell is `.null` (except an identifier, which every row
/// must have), other cells are parsed by the field's type, and the identity
/// must not repeat an earlier row's.
///
/// Diagnostics are located `file:line:column`, where the column is the
/// 1-based position of the value in the row (the CSV field number), because
/// the typer sees fields already split; `type(_:line:columns:log:)` takes the
/// reader's byte columns instead when it has them. In a lenient log a bad row
/// is reported and skipped (`nil`, counted in `skippedRows`); in a strict log
/// the first error is thrown.
public struct EntityRowTyper {
    public let entity: BDCEntity
    public let file: String
    /// For each entity field, the index of its column in the header.
    private let columnOfField: [Int]
    /// For each identifier, the index of its field.
    private let fieldOfIdentifier: [Int]
    private let headerCount: Int
    /// Each field's type, read once: every row copied each `BDCField` (two
    /// names and its type) per field.
    private let fieldTypes: [BDCFieldType]
    /// Per field, what typing a cell reads (`FieldRead`), in one array.
    private let fieldReads: [FieldRead]

    /// What typing one field's cell needs to know, besides its type.
    private struct FieldRead {
        /// Its column in the header.
        var column: Int
        var isIdentifier: Bool
        /// Whether the cell is its value as written (`BDCFieldType.keepsCell`).
        var keepsCell: Bool
        /// A string field's Size; -1 for none, and for other types, whose
        /// Size is not checked.
        var stringSize: Int
    }

    /// What a first look at a cell found.
    private enum CellLook {
        case empty
        /// A kept cell (copied to the sink already unless an identifier's),
        /// with its length when that is past its field's Size.
        case kept(tooLong: Int?)
        case parse
    }
    /// The first line each identity was seen on, to report duplicates with
    /// both lines; an entity with one identifier (nearly all) keys it by the
    /// value, without an array per row.
    private var firstLineOfIdentity: [[TypedValue]: Int] = [:]
    private var firstLineOfIdentifier: [TypedValue: Int] = [:]
    /// The identifier values of the row being typed, in identifier order,
    /// and by field as they are typed: arrays for every row, not per row.
    private var identity: [TypedValue] = []
    private var identifierValues: [TypedValue] = []

    /// Rows typed and returned.
    public private(set) var typedRows = 0
    /// Rows reported and skipped (lenient mode).
    public private(set) var skippedRows = 0

    /// Matches `header` to the entity's fields.
    ///
    /// Throws when a field has no column or an identifier has no field (the
    /// rows could not be typed at all); reports extra and repeated columns as
    /// warnings into `log`.
    public init(entity: BDCEntity, header: [String], file: String, headerLine: Int, log: inout DiagnosticLog) throws(Diagnostic) {
        self.entity = entity
        self.file = file
        self.headerCount = header.count
        let at = SourceLocation(file: file, line: headerLine)

        var columnOfName: [String: Int] = [:]
        for (index, column) in header.enumerated() {
            let key = column.trimmingBlanks.lowercased()
            if columnOfName[key] != nil {
                try log.report(.warning(
                    "column \(index + 1) '\(column)' repeats an earlier column's name; only the first is used",
                    at: SourceLocation(file: file, line: headerLine, column: index + 1)))
            } else {
                columnOfName[key] = index
            }
        }
        var columns: [Int] = []
        var missing: [String] = []
        for field in entity.fields {
            if let column = columnOfName[field.name.lowercased()] {
                columns.append(column)
            } else {
                missing.append(field.name)
                columns.append(-1)
            }
        }
        if entity.fields.isEmpty {
            throw Diagnostic.error("entity '\(entity.name)' has no fields to read the rows with", at: at)
        }
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            throw Diagnostic.error(
                "the header has no column for field\(missing.count == 1 ? "" : "s") \(names) of entity '\(entity.name)'",
                at: at)
        }
        let used = Set(columns)
        for (index, column) in header.enumerated() where !used.contains(index) && columnOfName[column.trimmingBlanks.lowercased()] == index {
            try log.report(.warning(
                "column '\(column)' is not a field of entity '\(entity.name)'; it is ignored",
                at: SourceLocation(file: file, line: headerLine, column: index + 1)))
        }
        var identifierFields: [Int] = []
        for identifier in entity.identifiers {
            guard let field = entity.fields.firstIndex(where: { $0.identifierName?.lowercased() == identifier.name.lowercased() }) else {
                throw Diagnostic.error(
                    "identifier '\(identifier.name)' of entity '\(entity.name)' has no field, so rows cannot be identified", at: at)
            }
            identifierFields.append(field)
        }
        self.columnOfField = columns
        self.fieldOfIdentifier = identifierFields
        fieldTypes = entity.fields.map(\.type)
        fieldReads = entity.fields.indices.map { index in
            let field = entity.fields[index]
            return FieldRead(
                column: columns[index], isIdentifier: identifierFields.contains(index), keepsCell: field.type.keepsCell,
                stringSize: field.type == .string ? field.size ?? -1 : -1)
        }
    }

    /// Makes room to remember the identities of `rows` more rows, so that a
    /// reader that can tell how many are coming fills one table instead of
    /// growing it by doubling (each step a new table, written all over).
    public mutating func reserveIdentities(_ rows: Int) {
        guard !fieldOfIdentifier.isEmpty, rows > 0 else { return }
        if fieldOfIdentifier.count == 1 {
            firstLineOfIdentifier.reserveCapacity(firstLineOfIdentifier.count + rows)
        } else {
            firstLineOfIdentity.reserveCapacity(firstLineOfIdentity.count + rows)
        }
    }

    /// The entity's field names, in the order of `TypedRow.values`.
    public var fieldNames: [String] { entity.fields.map(\.name) }

    /// Types one row; `fields` are its values in header order. Nil when the
    /// row was reported and skipped.
    public mutating func type(_ fields: [String], line: Int, log: inout DiagnosticLog) throws(Diagnostic) -> TypedRow? {
        try type(fields, line: line, columns: nil, log: &log)
    }

    /// Types one row whose values start at the given 1-based byte `columns`
    /// (one per value), so diagnostics point into the line.
    public mutating func type(_ fields: [String], line: Int, columns: [Int]?, log: inout DiagnosticLog) throws(Diagnostic) -> TypedRow? {
        var values = ValueSink(count: columnOfField.count)
        guard try typeCells(fields, line: line, columns: columns, log: &log, into: &values) else { return nil }
        return TypedRow(line: line, values: values.values, identity: identity)
    }

    /// Types one row and appends its values' canonical text (`TypedValue.text`,
    /// nil for an empty cell), one per entity field, to `texts`; false (and
    /// nothing appended) when the row was reported and skipped.
    ///
    /// For a reader that keeps every row's text and nothing else: a
    /// `TypedRow` is two arrays per row (values and identity), which a
    /// million-row extract held until the run's end. A string field's cell
    /// is copied as it lies, with no string made of it.
    public mutating func appendTexts(
        _ fields: CSVFieldBytes, line: Int, log: inout DiagnosticLog, to texts: inout PackedTexts
    ) throws(Diagnostic) -> Bool {
        try appendCellTexts(fields, line: line, log: &log, to: &texts)
    }

    /// `appendTexts` for a row already split into strings.
    public mutating func appendTexts(
        _ fields: [String], line: Int, log: inout DiagnosticLog, to texts: inout PackedTexts
    ) throws(Diagnostic) -> Bool {
        try appendCellTexts(fields, line: line, log: &log, to: &texts)
    }

    private mutating func appendCellTexts<Cells: RowCells>(
        _ fields: Cells, line: Int, log: inout DiagnosticLog, to texts: inout PackedTexts
    ) throws(Diagnostic) -> Bool {
        let count = texts.count
        guard try typeCells(fields, line: line, columns: nil, log: &log, into: &texts) else {
            texts.removeLast(texts.count - count)
            return false
        }
        return true
    }

    /// Types one row's fields in entity order into `sink`, and its
    /// identifier values into `identity`; false when the row was reported
    /// and skipped (`sink` may then hold some of its fields).
    private mutating func typeCells<Cells: RowCells, Sink: TypedCellSink>(
        _ fields: Cells, line: Int, columns: [Int]?, log: inout DiagnosticLog, into sink: inout Sink
    ) throws(Diagnostic) -> Bool {
        func location(_ index: Int) -> SourceLocation {
            let column = columns.flatMap { index < $0.count ? $0[index] : nil } ?? index + 1
            return SourceLocation(file: file, line: line, column: column)
        }
        guard fields.count == headerCount else {
            try log.report(.error(
                "the row has \(fields.count) value\(fields.count == 1 ? "" : "s") but the header has \(headerCount) columns",
                at: SourceLocation(file: file, line: line)))
            skippedRows += 1
            return false
        }
        if identifierValues.count != columnOfField.count {
            identifierValues = Array(repeating: .null, count: columnOfField.count)
        }
        var failed = false
        for fieldIndex in fieldReads.indices {
            // One read of the field's plan and one of its cell: per field of
            // every row, each array of the typer read apart and each look at
            // the cell added up to more than copying the cell.
            let read = fieldReads[fieldIndex]
            let column = read.column
            let look = fields.withBytes(column) { bytes -> CellLook in
                if bytes.isEmpty { return .empty }
                guard read.keepsCell else { return .parse }
                // .NET string lengths (and SQL nvarchar sizes) count UTF-16 code units.
                let length = read.stringSize >= 0 ? Self.utf16Count(bytes) : 0
                if !read.isIdentifier { sink.appendText(utf8: bytes) }
                return .kept(tooLong: length > read.stringSize && read.stringSize >= 0 ? length : nil)
            }
            switch look {
            case .empty:
                if read.isIdentifier {
                    try log.report(.error(
                        "identifier field '\(entity.fields[fieldIndex].name)' is empty; every row needs its identifier",
                        at: location(column)))
                    failed = true
                    identifierValues[fieldIndex] = .null
                }
                sink.appendNull()
                continue
            case .kept(let tooLong):
                // Strings are kept exactly as written (`FieldValueParser`).
                if let length = tooLong {
                    try log.report(.warning(
                        "field '\(entity.fields[fieldIndex].name)' is \(length) characters long, more than its Size \(read.stringSize)",
                        at: location(column)))
                }
                if read.isIdentifier {
                    let value = TypedValue.string(fields.string(column))
                    identifierValues[fieldIndex] = value
                    sink.append(value)
                }
                continue
            case .parse:
                break
            }
            let isIdentifier = read.isIdentifier
            let type = fieldTypes[fieldIndex]
            let cell = fields.string(column)
            do throws(FieldValueError) {
                let value = try FieldValueParser.parse(cell, as: type)
                if isIdentifier { identifierValues[fieldIndex] = value }
                sink.append(value)
            } catch {
                try log.report(.error(
                    "field '\(entity.fields[fieldIndex].name)' (\(type.dotNetName)): '\(cell)' \(error.reason)",
                    at: location(column)))
                if isIdentifier { identifierValues[fieldIndex] = .null }
                sink.appendNull()
                failed = true
            }
        }
        if failed {
            skippedRows += 1
            return false
        }
        identity.removeAll(keepingCapacity: true)
        for field in fieldOfIdentifier { identity.append(identifierValues[field]) }
        if !fieldOfIdentifier.isEmpty {
            // One identifier (nearly every entity) is looked up by its value, without an array.
            let first =
                identity.count == 1
                ? Self.firstLine(of: identity[0], line: line, in: &firstLineOfIdentifier)
                : Self.firstLine(of: identity, line: line, in: &firstLineOfIdentity)
            if let first {
                let key = zip(entity.identifiers, identity).map { "\($0.name)=\($1.text ?? "")" }.joined(separator: ", ")
                try log.report(.error(
                    "duplicate identifier \(key): line \(first) has the same", at: location(columnOfField[fieldOfIdentifier[0]])))
                try log.report(Diagnostic(
                    .note, "first row with identifier \(key)", at: SourceLocation(file: file, line: first)))
                skippedRows += 1
                return false
            }
        }
        typedRows += 1
        return true
    }

    /// UTF-16 code units in valid UTF-8: one per scalar, two for those
    /// past U+FFFF (four-byte sequences).
    static func utf16Count(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in utf8 where byte & 0xC0 != 0x80 { count += byte >= 0xF0 ? 2 : 1 }
        return count
    }

    /// The line `key` was first seen on; nil when this is it, and `line` is
    /// recorded. One lookup for a new key (nearly every row's): a repeated
    /// one gets its first line put back.
    private static func firstLine<Key: Hashable>(of key: Key, line: Int, in lines: inout [Key: Int]) -> Int? {
        guard let first = lines.updateValue(line, forKey: key) else { return nil }
        lines[key] = first
        return first
    }
}

/// Where `EntityRowTyper` puts a row's fields, in entity order.
protocol TypedCellSink {
    mutating func appendNull()
    mutating func append(_ value: TypedValue)
    /// A string field's cell as written: its value is its text.
    mutating func appendText(utf8: UnsafeBufferPointer<UInt8>)
}

/// A row's `TypedValue`s (`EntityRowTyper.type`).
struct ValueSink: TypedCellSink {
    var values: [TypedValue] = []

    init(count: Int) {
        values.reserveCapacity(count)
    }

    mutating func appendNull() { values.append(.null) }
    mutating func append(_ value: TypedValue) { values.append(value) }
    mutating func appendText(utf8: UnsafeBufferPointer<UInt8>) {
        values.append(.string(String(decoding: utf8, as: UTF8.self)))
    }
}

/// A row's canonical texts (`EntityRowTyper.appendTexts`).
extension PackedTexts: TypedCellSink {
    mutating func appendNull() { append(nil) }
    mutating func append(_ value: TypedValue) { append(value.text) }
    mutating func appendText(utf8: UnsafeBufferPointer<UInt8>) { append(utf8: utf8) }
}

extension BDCFieldType {
    /// Whether a cell of this type is its value as written (`FieldValueParser.parse`).
    var keepsCell: Bool {
        switch self {
        case .string, .other: true
        default: false
        }
    }
}
