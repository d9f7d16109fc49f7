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
    /// Each field's type, Size and whether it carries an identifier, read
    /// once: every row copied each `BDCField` (two names and its type) per field.
    private let fieldTypes: [BDCFieldType]
    private let fieldSizes: [Int?]
    private let fieldIsIdentifier: [Bool]
    /// The first line each identity was seen on, to report duplicates with
    /// both lines; an entity with one identifier (nearly all) keys it by the
    /// value, without an array per row.
    private var firstLineOfIdentity: [[TypedValue]: Int] = [:]
    private var firstLineOfIdentifier: [TypedValue: Int] = [:]
    /// The row being typed: one array for every row, not one per row.
    private var scratch: [TypedValue] = []

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
        fieldSizes = entity.fields.map(\.size)
        fieldIsIdentifier = entity.fields.indices.map { identifierFields.contains($0) }
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
        guard try typeIntoScratch(fields, line: line, columns: columns, log: &log) else { return nil }
        return TypedRow(line: line, values: scratch, identity: fieldOfIdentifier.map { scratch[$0] })
    }

    /// Types one row and appends its values' canonical text (`TypedValue.text`,
    /// nil for an empty cell), one per entity field, to `texts`; false (and
    /// nothing appended) when the row was reported and skipped.
    ///
    /// For a reader that keeps every row's text and nothing else: a
    /// `TypedRow` is two arrays per row (values and identity), which a
    /// million-row extract held until the run's end.
    public mutating func appendTexts(
        _ fields: [String], line: Int, log: inout DiagnosticLog, to texts: inout [String?]
    ) throws(Diagnostic) -> Bool {
        guard try typeIntoScratch(fields, line: line, columns: nil, log: &log) else { return false }
        for value in scratch { texts.append(value.text) }
        return true
    }

    /// Types one row into `scratch` (reused from row to row); false when the
    /// row was reported and skipped.
    private mutating func typeIntoScratch(
        _ fields: [String], line: Int, columns: [Int]?, log: inout DiagnosticLog
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
        // Every value is set below, by field: no emptying and appending per row.
        if scratch.count != columnOfField.count { scratch = Array(repeating: .null, count: columnOfField.count) }
        var failed = false
        for fieldIndex in columnOfField.indices {
            let column = columnOfField[fieldIndex]
            let cell = fields[column]
            if cell.isEmpty {
                if fieldIsIdentifier[fieldIndex] {
                    try log.report(.error(
                        "identifier field '\(entity.fields[fieldIndex].name)' is empty; every row needs its identifier",
                        at: location(column)))
                    failed = true
                }
                scratch[fieldIndex] = .null
                continue
            }
            let type = fieldTypes[fieldIndex]
            do throws(FieldValueError) {
                scratch[fieldIndex] = try FieldValueParser.parse(cell, as: type)
            } catch {
                try log.report(.error(
                    "field '\(entity.fields[fieldIndex].name)' (\(type.dotNetName)): '\(cell)' \(error.reason)",
                    at: location(column)))
                scratch[fieldIndex] = .null
                failed = true
                continue
            }
            // .NET string lengths (and SQL nvarchar sizes) count UTF-16 code units.
            if case .string = type, let size = fieldSizes[fieldIndex], cell.utf16.count > size {
                try log.report(.warning(
                    "field '\(entity.fields[fieldIndex].name)' is \(cell.utf16.count) characters long, more than its Size \(size)",
                    at: location(column)))
            }
        }
        if failed {
            skippedRows += 1
            return false
        }
        if !fieldOfIdentifier.isEmpty {
            // One identifier (nearly every entity) is looked up by its value, without an array.
            let first =
                fieldOfIdentifier.count == 1
                ? Self.firstLine(of: scratch[fieldOfIdentifier[0]], line: line, in: &firstLineOfIdentifier)
                : Self.firstLine(of: fieldOfIdentifier.map { scratch[$0] }, line: line, in: &firstLineOfIdentity)
            if let first {
                let key = zip(entity.identifiers, fieldOfIdentifier).map { "\($0.name)=\(scratch[$1].text ?? "")" }
                    .joined(separator: ", ")
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

    /// The line `key` was first seen on; nil when this is it, and `line` is
    /// recorded. One lookup for a new key (nearly every row's): a repeated
    /// one gets its first line put back.
    private static func firstLine<Key: Hashable>(of key: Key, line: Int, in lines: inout [Key: Int]) -> Int? {
        guard let first = lines.updateValue(line, forKey: key) else { return nil }
        lines[key] = first
        return first
    }
}
