import BDCModel
import DelimitedText
import Diagnostics

/// One business-data connection's rows, typed by its BDC entity and indexed
/// by join key (DESIGN §3 `join`, §4.1: business data only supplements).
public final class BusinessData {
    public let connection: BusinessConnectionConfig
    public let entity: BDCEntity
    public let input: RunInput
    /// Entity field name (lowercased) → position among a row's values.
    let fieldPositions: [String: Int]
    /// Values per row: the entity's fields.
    private let fieldCount: Int
    /// Every row's values as canonical text (`TypedValue.text`, nil for an
    /// empty cell), row after row, `fieldCount` apiece, packed: a `TypedRow`
    /// per row was two arrays (values and identity), and then a string per
    /// cell, all held until every profile was built.
    private let texts: PackedTexts
    /// The line each row starts on.
    private let lines: [Int]
    /// Join keys (lowercased text, `CaseFold`) → key number, numbered in
    /// the order first seen. A `[String: [Int]]` of keys to row positions
    /// hashed every key with SipHash as it grew, and was an array per key:
    /// a million of them for a million-row extract, held until the last
    /// profile is built.
    private let keyNumbers: DNTable<Int32>
    /// Row positions grouped by key number.
    let rowsByKey: RowsByKey
    /// Rows that joined at least one profile.
    var matched: [Bool]

    /// Reads and types the connection's CSV; row problems go to `log`.
    public convenience init(
        _ connection: BusinessConnectionConfig, policy: ErrorPolicy, log: inout DiagnosticLog
    ) throws(Diagnostic) {
        let entity = try Self.entity(of: connection, log: &log)
        try self.init(connection, entity: entity, policy: policy, log: &log)
    }

    /// The connection's entity from its BDC model; model warnings go to `log`.
    public static func entity(of connection: BusinessConnectionConfig, log: inout DiagnosticLog) throws(Diagnostic) -> BDCEntity {
        let document = try BDCModelReader.read(path: connection.model)
        for warning in document.diagnostics { try log.report(warning) }
        guard let entity = document.entity(named: connection.entity) else {
            let names = document.entities.map(\.name).joined(separator: ", ")
            throw .error(
                "connection '\(connection.name)': model has no entity '\(connection.entity)' (it has: \(names))",
                at: connection.location)
        }
        return entity
    }

    /// Reads and types the connection's CSV by `entity` (see `entity(of:log:)`).
    public init(
        _ connection: BusinessConnectionConfig, entity: BDCEntity, policy: ErrorPolicy, log: inout DiagnosticLog
    ) throws(Diagnostic) {
        self.connection = connection
        self.entity = entity
        var positions: [String: Int] = [:]
        for (position, field) in entity.fields.enumerated() { positions[field.name.lowercased()] = position }
        fieldPositions = positions

        let keyField: String
        switch connection.join.mode {
        case .one: keyField = connection.join.identifier ?? entity.identifiers.first?.name ?? ""
        case .many: keyField = connection.join.filter ?? ""
        }
        guard let keyPosition = positions[keyField.lowercased()] else {
            throw .error(
                "connection '\(connection.name)': join field '\(keyField)' is not a field of entity '\(entity.name)'",
                at: connection.location)
        }

        var options = CSVReaderOptions()
        options.policy = policy
        options.encoding = TextEncoding(rawValue: connection.encoding.rawValue) ?? .auto
        options.delimiter = connection.delimiter == "auto" ? .auto : .byte(connection.delimiter.utf8.first ?? 0x2C)
        let reader: CSVReader
        var typer: EntityRowTyper
        // Hashed as it is read: a second read for the run history's digest
        // brought the extract's pages back into the cache the reader lets go of.
        let digesting = InputDigest.Running()
        do {
            reader = try CSVReader(path: connection.file, options: options) { digesting.update($0) }
            typer = try EntityRowTyper(
                entity: entity, header: reader.header, file: connection.file, headerLine: reader.headerLine, log: &log)
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw .error("connection '\(connection.name)': \(error)", at: SourceLocation(file: connection.file, line: 1))
        }
        let fieldCount = entity.fields.count
        var texts = PackedTexts()
        var lines: [Int] = []
        var keyNumbers = DNTable<Int32>()
        // Each row's key number, -1 for a row without a key.
        var keyOfRow: [Int32] = []
        var skipped = 0
        var sized = false
        let fileSize = Int(InputDigest.size(path: connection.file))
        do {
            // Each row is typed from the reader's bytes, a string field's
            // cell copied as it lies: a string made of every cell, then kept
            // or dropped, was most of reading an HR extract.
            while try reader.nextFields({ line, fields throws(Diagnostic) in
                guard try typer.appendTexts(fields, line: line, log: &log, to: &texts) else {
                    skipped += 1
                    return
                }
                let key = texts.withText(at: texts.count - fieldCount + keyPosition) { $0.map(CaseFold.lowercased(utf8:)) }
                if let key, !key.isEmpty {
                    let next = Int32(keyNumbers.count)
                    keyOfRow.append(keyNumbers.value(forKey: key, settingIfAbsent: next))
                } else {
                    keyOfRow.append(-1)
                }
                lines.append(line)
            }) {
                guard !sized, lines.count >= Self.sizingRows else { continue }
                sized = true
                Self.reserveForRest(
                    of: fileSize, after: reader.bytesConsumed, rows: lines.count, oneKeyPerRow: connection.join.mode == .one,
                    texts: &texts, fieldCount: fieldCount, typer: &typer, lines: &lines, keyOfRow: &keyOfRow,
                    keyNumbers: &keyNumbers)
            }
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw .error("\(error)", at: SourceLocation(file: connection.file, line: 1))
        }
        log.merge(reader.diagnostics)
        skipped += reader.statistics.skipped
        self.fieldCount = fieldCount
        texts.trim()
        self.texts = texts
        self.lines = lines
        self.keyNumbers = keyNumbers
        rowsByKey = RowsByKey(keyOfRow: keyOfRow, keys: keyNumbers.count)
        matched = Array(repeating: false, count: lines.count)
        let digest =
            reader.reachedEndOfInput
            ? digesting.finish() : ((try? InputDigest.sha256(path: connection.file)) ?? (size: 0, hex: ""))
        input = RunInput(
            connection: connection.name, path: connection.file, size: digest.size, sha256: digest.hex,
            records: lines.count + skipped, skipped: skipped)
    }

    /// Rows read before the rest of the extract is sized from them.
    static let sizingRows = 8192

    /// Makes room for the rows the rest of the file will bring, judged from
    /// the first `rows` (the `consumed` bytes): every store of a row (its
    /// texts, line, key and identity) then fills room made once instead of
    /// growing by doubling into new memory, which this machine charges for
    /// (README, Performance) and which each step copies whole. 3% to spare;
    /// an estimate short of the rows only leaves the doubling to finish.
    static func reserveForRest(
        of fileSize: Int, after consumed: Int, rows: Int, oneKeyPerRow: Bool, texts: inout PackedTexts,
        fieldCount: Int, typer: inout EntityRowTyper, lines: inout [Int], keyOfRow: inout [Int32],
        keyNumbers: inout DNTable<Int32>
    ) {
        // Not worth guessing when the sample is most of the file.
        guard consumed > 0, rows > 0, fileSize > consumed * 2 else { return }
        let scale = Double(fileSize - consumed) / Double(consumed) * 1.03
        let moreRows = Int((Double(rows) * scale).rounded(.up))
        let moreBytes = Int((Double(texts.byteCount) * scale).rounded(.up))
        texts.reserve(texts: moreRows * fieldCount, bytes: moreBytes)
        typer.reserveIdentities(moreRows)
        lines.reserveCapacity(lines.count + moreRows)
        keyOfRow.reserveCapacity(keyOfRow.count + moreRows)
        // A many-rows join shares keys between rows: room for one per row
        // there would be slots written for keys that never come.
        if oneKeyPerRow { keyNumbers.reserve(keyNumbers.count + moreRows) }
    }

    /// Where the rows whose join key equals `key` (case-insensitive) lie in
    /// `rowsByKey`; empty when there are none.
    func rows(forKey key: String) -> Range<Int> {
        guard let number = keyNumber(forKey: key) else { return 0..<0 }
        return rowsByKey.range(ofKey: number)
    }

    /// The number of join key `key` (case-insensitive) among the extract's
    /// keys, below `keyCount`; nil when no row has it. Every key numbered
    /// has at least one row.
    func keyNumber(forKey key: String) -> Int? {
        keyNumbers.value(forDN: key).map(Int.init)
    }

    /// How many distinct join keys the rows have.
    var keyCount: Int { keyNumbers.count }

    /// Values of `field` in the rows at `positions`, as text.
    func values(of field: String, in positions: some Sequence<Int>) -> [String] {
        guard let position = fieldPosition(field) else { return [] }
        return values(atField: position, in: positions)
    }

    /// The position of `field` among the extract's fields (case-insensitive).
    func fieldPosition(_ field: String) -> Int? { fieldPositions[CaseFold.lowercased(field)] }

    /// The text of the field at `position` in row `row`; nil when empty.
    func text(atField position: Int, row: Int) -> String? {
        texts.text(at: row * fieldCount + position)
    }

    /// The UTF-8 of the field at `position` in row `row` (nil when empty),
    /// valid while `body` runs.
    func withText<Result>(atField position: Int, row: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows
        -> Result
    {
        try texts.withText(at: row * fieldCount + position, body)
    }

    /// The values of the field at `position` (`fieldPosition(_:)`) in the given rows.
    func values(atField position: Int, in positions: some Sequence<Int>) -> [String] {
        positions.compactMap { text(atField: position, row: $0) }
    }

    /// Adds the fields at `fields` (positions) of each of `rows` to
    /// `digest` (an empty field as an empty text: `text(atField:row:)` gives
    /// nil for both).
    func add(rows: some Sequence<Int>, fields: [Int], to digest: inout ContentDigest) {
        for row in rows {
            for field in fields {
                texts.withText(at: row * fieldCount + field) { digest.add($0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
            }
        }
    }

    func hasField(_ field: String) -> Bool { fieldPositions[field.lowercased()] != nil }

    func line(of position: Int) -> Int { lines[position] }
}
