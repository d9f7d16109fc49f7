@testable import BDCModel
import Diagnostics
import Foundation
import Testing
import TestSupport

@testable import ProfileCore

/// A business extract's rows by join key: found in any case, each key's
/// rows in file order, as the `[String: [Int]]` of lowercased keys the
/// grouped form replaced.
@Suite struct BusinessDataKeyTests {
    /// A candidate's rows read through `JoinedRows` are the key's rows it
    /// was given, per connection; a candidate given none has none.
    @Test func aCandidatesJoinedRows() {
        // hr: key 0 in rows 0, 2 and 3, key 1 in row 1, row 4 none; skills: key 0 in rows 1 and 2, key 1 in row 0.
        let hr = RowsByKey(keyOfRow: [0, 1, 0, 0, -1], keys: 2)
        let skills = RowsByKey(keyOfRow: [1, 0, 0], keys: 2)
        let joins = JoinedRows(connections: ["hr", "skills"], rowsByKey: [hr, skills], candidates: 3)
        joins.set(hr.range(ofKey: 0), connection: "hr", candidate: 0)
        joins.set(hr.range(ofKey: 1), connection: "hr", candidate: 2)
        joins.set(skills.range(ofKey: 0), connection: "skills", candidate: 0)
        joins.set(skills.range(ofKey: 1).prefix(1), connection: "skills", candidate: 1)
        #expect(Array(joins.of(candidate: 0).rows(slot: 0)) == [0, 2, 3])
        #expect(Array(joins.of(candidate: 0)["skills"]) == [1, 2])
        #expect(Array(joins.of(candidate: 1)["hr"]).isEmpty)
        #expect(Array(joins.of(candidate: 1).rows(slot: 1)) == [0])
        #expect(Array(joins.of(candidate: 2)["hr"]) == [1])
        #expect(joins.of(candidate: 2)["skills"].isEmpty)
        #expect(joins.of(candidate: 2)["payroll"].isEmpty)
        #expect(JoinedRows.none.of(candidate: 0)["hr"].isEmpty)
    }

    @Test func groupingKeepsEachKeysRowsInOrder() {
        var random = SeededGenerator(seed: 5)
        for keys in [0, 1, 7, 300] {
            let keyOfRow = (0..<1_000).map { _ in keys == 0 ? -1 : Int32.random(in: -1..<Int32(keys), using: &random) }
            var reference = [[Int32]](repeating: [], count: keys)
            for (row, key) in keyOfRow.enumerated() where key >= 0 { reference[Int(key)].append(Int32(row)) }
            let grouped = RowsByKey(keyOfRow: keyOfRow, keys: keys)
            var total = 0
            for key in 0..<keys {
                let range = grouped.range(ofKey: key)
                #expect(range.lowerBound == total, "key \(key)")
                total += range.count
                #expect(range.map { Int32(grouped[$0]) } == reference[key], "key \(key)")
            }
            #expect(total == keyOfRow.filter { $0 >= 0 }.count)
        }
    }

    @Test func aKeyNumberIsSetOnceAndKept() {
        var table = DNTable<Int32>(minimumCapacity: 2)
        var reference: [String: Int32] = [:]
        var random = SeededGenerator(seed: 9)
        for _ in 0..<5_000 {
            let key = CaseFold.lowercased(DNTableTests.dn(&random))
            let next = Int32(table.count)
            let number = table.value(forKey: key, settingIfAbsent: next)
            if let known = reference[key] {
                #expect(number == known)
            } else {
                #expect(number == next)
                reference[key] = number
            }
        }
        #expect(table.count == reference.count)
        for (key, number) in reference { #expect(table[key: key] == number) }
    }

    /// Read from an extract: keys differing only in case (ASCII or not)
    /// are one key. (The row without an identifier is skipped by the
    /// typer, so it is not a row: E3 is row 5, on line 8.)
    @Test func anExtractsRowsByKey() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let csv = folder.url.appendingPathComponent("hr.csv").path
        let keys = ["E1", "e1", "\u{C4}1", "\u{E4}1", "E2", "", "E3", "\u{E4}1x"]
        try ("EmployeeID,Department,JobTitle,CostCenter,HireDate,Skills,ManagerEmployeeID,OfficeLocation,IsContractor\n"
            + keys.map { "\($0),Sales,Clerk,CC-1,2020-01-02,,,Oslo,false\n" }.joined())
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let connection = BusinessConnectionConfig(
            name: "hr", file: csv, model: TestPaths.fixture("contoso/models/hr.bdcm").path, entity: "Employee",
            join: JoinRule(property: "EmployeeId", identifier: "EmployeeID"),
            location: SourceLocation(file: "profilesync.yaml", line: 1))
        var log = DiagnosticLog(policy: .lenient)
        let data = try BusinessData(connection, policy: .lenient, log: &log)
        func rows(_ key: String) -> [Int] { data.rows(forKey: key).map { data.rowsByKey[$0] } }
        #expect(rows("e1") == [0, 1])
        #expect(rows("E1") == [0, 1])
        #expect(rows("\u{E4}1") == [2, 3])
        #expect(rows("\u{C4}1") == [2, 3])
        #expect(rows("e2") == [4])
        #expect(rows("E3") == [5])
        #expect(rows("\u{E4}1X") == [6])
        #expect(rows("") == [])
        #expect(rows("e4") == [])
        #expect(data.line(of: 5) == 8)
        #expect(log.diagnostics.count == 1)
    }

    static let header = "EmployeeID,Department,JobTitle,CostCenter,HireDate,Skills,ManagerEmployeeID,OfficeLocation,IsContractor"

    static func connection(file: String) -> BusinessConnectionConfig {
        BusinessConnectionConfig(
            name: "hr", file: file, model: TestPaths.fixture("contoso/models/hr.bdcm").path, entity: "Employee",
            join: JoinRule(property: "EmployeeId", identifier: "EmployeeID"),
            location: SourceLocation(file: "profilesync.yaml", line: 1))
    }

    /// An extract longer than the sample the rest is sized from reads
    /// whole: every row, line and key, and a duplicate identifier near the
    /// end is still found (its first row was seen before the sizing).
    @Test func aLongExtractIsReadWholeAfterItsSizing() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let csv = folder.url.appendingPathComponent("hr.csv").path
        let count = BusinessData.sizingRows * 3
        var text = Self.header + "\n"
        for index in 0..<count {
            // Rows grow longer towards the end, past what the sample foretells.
            let department = String(repeating: "d", count: 1 + index * 40 / count)
            text += "E\(index),\(department),Clerk,CC-1,2020-01-02,,,Oslo,false\n"
        }
        text += "E5,Late,Clerk,CC-1,2020-01-02,,,Oslo,false\n"
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        var log = DiagnosticLog(policy: .lenient)
        let data = try BusinessData(Self.connection(file: csv), policy: .lenient, log: &log)
        #expect(data.input.records == count + 1)
        #expect(data.input.skipped == 1)
        for index in [0, 5, BusinessData.sizingRows - 1, BusinessData.sizingRows, count - 1] {
            let rows = data.rows(forKey: "e\(index)").map { data.rowsByKey[$0] }
            #expect(rows == [index])
            #expect(data.line(of: index) == index + 2)
            #expect(data.text(atField: 1, row: index) == String(repeating: "d", count: 1 + index * 40 / count))
        }
        let duplicate = log.diagnostics.first { $0.severity == .error }
        #expect(duplicate?.message.contains("line 7 has the same") == true)
        #expect(duplicate?.location?.line == count + 2)
        // Hashed as it was read (in several chunks): the file's own digest.
        let whole = try InputDigest.sha256(path: csv)
        #expect(data.input.sha256 == whole.hex)
        #expect(data.input.size == whole.size)
        #expect(whole.size > 1 << 20)
    }

    /// The rest of an extract is sized from the sample read so far: what
    /// the sample held, times the rest of the file over the sample's bytes,
    /// with 3% to spare. Nothing is sized when the sample is most of it.
    @Test func theRestIsSizedFromTheSample() throws {
        var log = DiagnosticLog(policy: .lenient)
        let connection = Self.connection(file: "hr.csv")
        let entity = try BusinessData.entity(of: connection, log: &log)
        var typer = try EntityRowTyper(
            entity: entity, header: Self.header.split(separator: ",").map(String.init), file: "hr.csv", headerLine: 1,
            log: &log)
        var texts = PackedTexts()
        for _ in 0..<9_000 { texts.append("0123456789") }
        texts.trim()
        var lines = [Int](repeating: 0, count: 1_000)
        var keyOfRow = [Int32](repeating: 0, count: 1_000)
        var keyNumbers = DNTable<Int32>()
        func reserve(fileSize: Int, oneKeyPerRow: Bool) {
            BusinessData.reserveForRest(
                of: fileSize, after: 100_000, rows: 1_000, oneKeyPerRow: oneKeyPerRow, texts: &texts, fieldCount: 9,
                typer: &typer, lines: &lines, keyOfRow: &keyOfRow, keyNumbers: &keyNumbers)
        }
        // A third of the file: no guess.
        reserve(fileSize: 150_000, oneKeyPerRow: true)
        #expect(texts.roomBytes == 0)
        #expect(lines.capacity < 2_000)
        #expect(keyNumbers.slotCount < 2_000)
        // A tenth: nine times as much to come, and 3% more.
        reserve(fileSize: 1_000_000, oneKeyPerRow: true)
        #expect((834_300...834_301).contains(texts.roomBytes))
        #expect(lines.capacity >= 10_270)
        #expect(keyOfRow.capacity >= 10_270)
        #expect(keyNumbers.slotCount >= 20_540)
        // Keys shared between rows: the key table is left to grow.
        var shared = DNTable<Int32>()
        swap(&shared, &keyNumbers)
        reserve(fileSize: 1_000_000, oneKeyPerRow: false)
        #expect(keyNumbers.slotCount < 2_000)
    }
}
