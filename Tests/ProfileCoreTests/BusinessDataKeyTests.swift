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
}
