import Foundation
import Testing
import TestSupport

/// Issue #7 item 4 (DESIGN §2, §3, §5, §6): bad input gets a located message
/// (`file:line[:column]: error:`), exit 1 under `--strict`, and is skipped and
/// counted otherwise; never a crash or a hang (every child runs under a
/// deadline and must exit on its own, not by a signal). One bad record never
/// stops a lenient run: the good ones around it are imported, and a strict run
/// that stops leaves the store exactly as it was.
@Suite struct ReliabilityBadInputTests {
    // MARK: - Workspace

    /// Five users in scope (u1…u5, EmployeeID E1…E5) and an HR extract with
    /// one row each (Department D1…D5), joined on EmployeeID.
    struct Workspace {
        let scenario: SyncScenario
        var root: URL { scenario.root }
        var ldif: URL { root.appendingPathComponent("export.ldif") }
        var csv: URL { root.appendingPathComponent("hr.csv") }
        var store: String { scenario.storePath }
        var config: String { scenario.configPath }

        static let header = "EmployeeID,Department,JobTitle,CostCenter,HireDate,Skills,ManagerEmployeeID,OfficeLocation,IsContractor\n"
        static func row(_ number: Int) -> String { "E\(number),D\(number),Job \(number),CC-\(number),2020-01-0\(number),a;b,,Office,false\n" }

        init(model: URL = TestPaths.fixture("contoso/models/hr.bdcm")) throws {
            scenario = try SyncScenario(users: (1...5).map { .init(number: $0, sam: "u\($0)", title: "T\($0)", employeeID: "E\($0)") })
            try FileManager.default.createDirectory(at: root.appendingPathComponent("models"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: model, to: root.appendingPathComponent("models/hr.bdcm"))
            try writeLDIF()
            try writeCSV()
            try scenario.write(
                """
                store: profiles.db
                connections:
                  - name: example
                    type: ldif
                    files: [export.ldif]
                    accountDomain: EXAMPLE
                    containers: ["OU=Staff,DC=example,DC=com"]
                  - name: hr
                    type: csv
                    file: hr.csv
                    model: models/hr.bdcm
                    entity: Employee
                    join: { property: EmployeeId, identifier: EmployeeID }
                defaults: false
                properties:
                  Title: example.title
                  EmployeeId: example.employeeID
                  Department: hr.Department
                  SPS-HireDate: { from: hr.HireDate, type: date }

                """, to: "profilesync.yaml")
        }

        /// The export: `before` ahead of u1, `middle` between u2 and u3, `after` at the end (no final newline added).
        func writeLDIF(before: Data = Data(), middle: Data = Data(), after: Data = Data()) throws {
            var data = Data("version: 1\n\n".utf8) + before
            for (index, user) in scenario.users.enumerated() {
                if index == 2 { data += middle }
                data += Data(scenario.userRecord(user, usn: 1000 + index).utf8)
            }
            try (data + after).write(to: ldif)
        }

        /// The HR extract with row `replacing` (1…5) swapped for `bad`, and `after` appended.
        func writeCSV(replacing number: Int? = nil, with bad: Data = Data(), after: Data = Data()) throws {
            var data = Data(Self.header.utf8)
            for index in 1...5 { data += index == number ? bad : Data(Self.row(index).utf8) }
            try (data + after).write(to: csv)
        }

        func sync(_ extra: [String] = []) throws -> (BoundedOutcome, [String: Any]?) {
            let report = root.appendingPathComponent("report-\(UUID().uuidString).json")
            let outcome = try Reliability.run(["sync", "--config", config, "--quiet", "--report", report.path] + extra)
            let json = (try? Data(contentsOf: report)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            return (outcome, json)
        }

        /// Profiles in the store: account → Department (nil when the HR row was not joined).
        func departments() throws -> [String: String?] {
            let export = try Reliability.run(["export", "--store", store, "--format", "jsonl"])
            #expect(export.status == 0, "\(export)")
            var result: [String: String?] = [:]
            for line in export.stdoutText.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let properties = object["properties"] as? [String: Any]
                result[object["account"] as? String ?? "?"] = properties?["Department"] as? String
            }
            return result
        }
    }

    /// Lenient sync imports the good records and counts the bad; strict sync then stops (exit 1) with the same
    /// located message and leaves the store exactly as the lenient run left it; inspect agrees.
    func expectSkippedAndCounted(
        _ workspace: Workspace, file: String, connection: Int, location: String, message: String,
        skipped: Int = 1, departments expected: [String: String?], inspect inspected: [String]? = nil, inspectRecords: Int? = nil,
        strictToo: Bool = true
    ) throws {
        let (lenient, report) = try workspace.sync()
        #expect(lenient.exitedNormally && lenient.status == 0, "\(lenient)")
        #expect(lenient.stderrText.contains("\(file):\(location)"), "not located at \(file):\(location): \(lenient.stderrText)")
        #expect(lenient.stderrText.contains(message), "\(lenient.stderrText)")
        let json = try #require(report, "no report: \(lenient)")
        let inputs = json.run["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 2)
        if inputs.count == 2 { #expect(inputs[connection]["skipped"] as? Int == skipped, "\(inputs[connection])") }
        #expect((json.summary["errors"] ?? 0) >= 1)
        #expect(try workspace.departments() == expected)

        if strictToo {
            let before = try StoreReading.quick(workspace.store)
            let (strict, _) = try workspace.sync(["--strict"])
            #expect(strict.exitedNormally && strict.status == 1, "\(strict)")
            #expect(strict.stderrText.contains("\(file):\(location)"), "\(strict.stderrText)")
            #expect(try StoreReading.quick(workspace.store) == before, "a stopped strict run changed the store")
        }

        guard let inspected else { return }
        let inspect = try Reliability.run(["inspect"] + inspected)
        #expect(inspect.exitedNormally && inspect.status == 0, "\(inspect)")
        #expect(inspect.stderrText.contains("\(file):\(location)"), "\(inspect.stderrText)")
        if let inspectRecords {
            #expect(inspect.stdoutText.split(separator: "\n").count == inspectRecords, "\(inspect.stdoutText.prefix(500))")
        }
        guard strictToo else { return }
        let strictInspect = try Reliability.run(["inspect", "--strict"] + inspected)
        #expect(strictInspect.exitedNormally && strictInspect.status == 1, "\(strictInspect)")
        #expect(strictInspect.stderrText.contains("\(file):\(location)"))
    }

    static let allJoined: [String: String?] = Dictionary(uniqueKeysWithValues: (1...5).map { ("EXAMPLE\\u\($0)", "D\($0)") })

    /// Deterministic junk: bytes 0x80…0xFF and NUL, a line break every 61 bytes, never a blank line.
    static func garbage(_ count: Int) -> Data {
        var state: UInt32 = 0x2545_F491
        var bytes: [UInt8] = []
        for index in 0..<count {
            state = state &* 1_103_515_245 &+ 12345
            if index % 61 == 60 { bytes.append(0x0A); continue }
            let byte = UInt8(truncatingIfNeeded: state >> 16)
            bytes.append(byte % 7 == 0 ? 0 : byte | 0x80)
        }
        return Data(bytes)
    }

    static func bytes(_ text: String, latin1 byte: UInt8? = nil) -> Data {
        var data = Data(text.utf8)
        if let byte, let mark = data.firstIndex(of: UInt8(ascii: "~")) { data[mark] = byte }
        return data
    }

    // MARK: - LDIF

    struct LDIFCase: CustomTestStringConvertible, Sendable {
        var name: String
        var middle: Data = Data()
        var after: Data = Data()
        var line: Int  // where the error is located
        var message: String
        var inspectFinds: Bool = true  // false: a DN that is not UTF-8 is legal LDIF, refused by the engine
        var strictToo = true  // false for 10 MB inputs: strict mode reads them the same way, only slower
        var testDescription: String { name }
    }

    // u1 starts on line 3 and each user record is 13 lines + a blank line: the middle insert starts on
    // line 31, what comes after the five users on line 73.
    static let ldifCases: [LDIFCase] = [
        LDIFCase(name: "truncated mid-record", after: Data("dn: CN=Cut,OU=Staff,DC=example,DC=com\nobjectClass: user\ncn".utf8),
                 line: 75, message: "expected 'attribute: value'"),
        LDIFCase(name: "truncated mid-base64", after: Data("dn: CN=Cut,OU=Staff,DC=example,DC=com\ncn: Cut\nobjectGUID:: AAECAwQFBgcICQoLD".utf8),
                 line: 75, message: "invalid base64"),
        LDIFCase(name: "binary garbage", middle: garbage(4096) + Data("\n\n".utf8), line: 31, message: "error:"),
        LDIFCase(name: "Latin-1 attribute name", middle: bytes("dn: CN=Latin,OU=Staff,DC=example,DC=com\nd~partement: Ventes\n\n", latin1: 0xE9),
                 line: 32, message: "invalid attribute description"),
        LDIFCase(name: "Latin-1 DN", middle: bytes("dn: CN=Jos~,OU=Staff,DC=example,DC=com\nobjectClass: user\ncn: Jos\n\n", latin1: 0xE9),
                 line: 31, message: "DN is not valid UTF-8", inspectFinds: false),
        LDIFCase(name: "NUL in a value", middle: Data("dn: CN=Nul,OU=Staff,DC=example,DC=com\nobjectClass: user\ntitle: A\0B\n\n".utf8),
                 line: 33, message: "NUL byte"),
        LDIFCase(name: "NUL in the DN", middle: Data("dn: CN=Nul\0,OU=Staff,DC=example,DC=com\nobjectClass: user\n\n".utf8),
                 line: 31, message: "NUL byte"),
        LDIFCase(name: "10 MB line of junk", middle: Data(repeating: UInt8(ascii: "y"), count: 10_000_000) + Data("\n\n".utf8),
                 line: 31, message: "expected 'attribute: value'", strictToo: false),
    ]

    @Test(arguments: ldifCases)
    func badLDIFRecordIsLocatedSkippedAndCounted(_ bad: LDIFCase) throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        try workspace.writeLDIF(middle: bad.middle, after: bad.after)
        try expectSkippedAndCounted(
            workspace, file: "export.ldif", connection: 0, location: "\(bad.line):", message: bad.message,
            departments: Self.allJoined, inspect: bad.inspectFinds ? [workspace.ldif.path] : nil, inspectRecords: 5,
            strictToo: bad.strictToo)
    }

    @Test func aTenMegabyteLineIsReadAndAOneMegabyteValueIsImportedWhole() throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        let huge = String(repeating: "x", count: 10_000_000)  // an attribute no property maps
        let long = String(repeating: "t", count: 1_000_000)   // the mapped title
        var scenario = workspace.scenario
        scenario.users[2].title = long
        var data = Data("version: 1\n\n".utf8)
        for (index, user) in scenario.users.enumerated() {
            var record = scenario.userRecord(user, usn: 1000 + index)
            if index == 2 { record = record.replacingOccurrences(of: "cn: ", with: "description: \(huge)\ncn: ") }
            data += Data(record.utf8)
        }
        try data.write(to: workspace.ldif)
        try #require(data.count > 11_000_000)
        let (result, report) = try workspace.sync()
        #expect(result.exitedNormally && result.status == 0, "\(result)")
        #expect(report?.summary["added"] == 5)
        #expect(report?.summary["errors"] == 0)
        let show = try Reliability.run(["show", "--store", workspace.store, "EXAMPLE\\u3"])
        #expect(show.status == 0 && show.stdoutText.contains(long), "the 1 MB title did not survive")
    }

    @Test func aUTF16ExportIsOneLocatedErrorAndTheThresholdStopsTheMassDeletionItWouldCause() throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        var config = try String(contentsOfFile: workspace.config, encoding: .utf8)
        config += "deletion:\n  threshold: \"20%\"\n"
        try workspace.scenario.write(config, to: "profilesync.yaml")
        #expect(try workspace.sync().0.status == 0)
        let before = try StoreReading.quick(workspace.store)

        // ldifde -u writes UTF-16LE with a byte-order mark.
        let text = try String(contentsOf: workspace.ldif, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
        try (Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!).write(to: workspace.ldif)
        let inspect = try Reliability.run(["inspect", workspace.ldif.path])
        #expect(inspect.exitedNormally && inspect.status == 0)
        #expect(inspect.stderrText.contains("export.ldif:1: error:") && inspect.stderrText.contains("UTF-16"), "\(inspect.stderrText)")
        #expect(!inspect.stderrText.contains("\0"), "raw NUL bytes in the message")

        let (stopped, report) = try workspace.sync()
        #expect(stopped.exitedNormally && stopped.status == 3, "\(stopped)")
        #expect(stopped.stderrText.contains("export.ldif:1: error:"), "\(stopped.stderrText)")
        #expect(report?.summary["markedForDeletion"] == 5)
        #expect(try StoreReading.quick(workspace.store) == before)
    }

    @Test(arguments: [1, 2, 3, 4])
    func filesOfRandomBytesNeverCrashOrHangAnyReader(seed: UInt64) throws {
        let folder = try TemporaryDirectory(prefix: "profilesync-random")
        defer { folder.cleanup() }
        // Every byte value, line breaks and colons included; deterministic per seed.
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8]()
        for _ in 0..<65_536 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        let file = folder.url.appendingPathComponent("random.bin")
        try Data(bytes).write(to: file)
        for type in ["ldif", "csv", "bdcm"] {
            for extra in [[], ["--summary"], ["--strict"]] {
                let result = try Reliability.run(["inspect", "--type", type, file.path] + extra, timeout: 30)
                #expect(result.exitedNormally && (result.status == 0 || result.status == 1), "\(type) \(extra): \(result)")
                if result.status == 1 || !result.stderrText.isEmpty {
                    #expect(result.stderrText.contains("random.bin:"), "\(type): an unlocated message: \(result.stderrText.prefix(300))")
                }
            }
        }
    }

    // MARK: - CSV

    struct CSVCase: CustomTestStringConvertible, Sendable {
        var name: String
        var row: Data?  // replaces E3's row (line 4)
        var after: Data = Data()
        var location: String
        var message: String
        var departments: [String: String?]
        var strictToo = true
        var testDescription: String { name }
    }

    static let withoutE3: [String: String?] = allJoined.merging(["EXAMPLE\\u3": nil]) { $1 }

    static let csvCases: [CSVCase] = [
        CSVCase(name: "truncated quoted field", after: Data("E9,\"Dept".utf8), location: "7:4:", message: "not closed",
                departments: allJoined),
        CSVCase(name: "truncated quoted field mid-row", row: Data("E3,\"D3,Job 3".utf8), location: "4:4:", message: "not closed",
                departments: withoutE3.merging(["EXAMPLE\\u4": nil, "EXAMPLE\\u5": nil]) { $1 }),
        CSVCase(name: "binary garbage", row: Data("E3,".utf8) + garbage(60) + Data(",x,CC,2020-01-01,,,,false\n".utf8),
                location: "4:", message: "invalid UTF-8", departments: withoutE3),
        CSVCase(name: "Latin-1 bytes", row: bytes("E3,Caf~,Job,CC,2020-01-03,,,,false\n", latin1: 0xE9), location: "4:7:",
                message: "windows-1252", departments: withoutE3),
        CSVCase(name: "ragged row", row: Data("E3,D3\n".utf8), location: "4:", message: "header has 9", departments: withoutE3),
        CSVCase(name: "stray quote", row: Data("E3,D\"3,Job,CC,2020-01-03,,,,false\n".utf8), location: "4:5:", message: "quote",
                departments: withoutE3),
        CSVCase(name: "value the model's type refuses", row: Data("E3,D3,Job,CC,someday,,,,false\n".utf8), location: "4:",
                message: "HireDate", departments: withoutE3),
        CSVCase(name: "10 MB unterminated quoted field", row: Data("E3,\"".utf8) + Data(repeating: UInt8(ascii: "q"), count: 10_000_000) + Data("\n".utf8),
                location: "4:4:", message: "not closed",
                departments: withoutE3.merging(["EXAMPLE\\u4": nil, "EXAMPLE\\u5": nil]) { $1 }, strictToo: false),
    ]

    @Test(arguments: csvCases)
    func badCSVRowIsLocatedSkippedAndCounted(_ bad: CSVCase) throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        try workspace.writeCSV(replacing: bad.row == nil ? nil : 3, with: bad.row ?? Data(), after: bad.after)
        try expectSkippedAndCounted(
            workspace, file: "hr.csv", connection: 1, location: bad.location, message: bad.message,
            departments: bad.departments,
            inspect: [workspace.csv.path, "--model", workspace.root.appendingPathComponent("models/hr.bdcm").path, "--entity", "Employee"],
            strictToo: bad.strictToo)
    }

    @Test func csvWithNULBytesInAFieldIsReadAsData() throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        // A NUL inside a field is data (as in Python's csv module and its conformance vectors).
        try workspace.writeCSV(replacing: 3, with: Data("E3,D\03,Job\0,CC,2020-01-03,,,,false\n".utf8))
        let (result, report) = try workspace.sync()
        #expect(result.exitedNormally && result.status == 0, "\(result)")
        #expect(report?.summary["errors"] == 0)
        #expect(try workspace.departments() == Self.allJoined.merging(["EXAMPLE\\u3": "D\03"]) { $1 })
        // Every report format copes with the NUL.
        for format in ["text", "json", "csv", "html", "ldif"] {
            let rendered = try Reliability.run(["report", "--store", workspace.store, "--format", format])
            #expect(rendered.exitedNormally && rendered.status == 0, "\(format): \(rendered)")
        }
        let inspect = try Reliability.run(["inspect", "--summary", workspace.csv.path])
        #expect(inspect.exitedNormally && inspect.status == 0, "\(inspect)")
    }

    @Test(arguments: [("utf-16le", String.Encoding.utf16LittleEndian), ("utf-16be", .utf16BigEndian)])
    func csvInUTF16WithoutAByteOrderMarkIsALocatedErrorThatNamesTheFix(_ name: String, _ encoding: String.Encoding) throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        #expect(try workspace.sync().0.status == 0)
        let before = try StoreReading.quick(workspace.store)
        let text = try String(contentsOf: workspace.csv, encoding: .utf8)
        try text.data(using: encoding)!.write(to: workspace.csv)
        // Unreadable business data stops the run (no row can be typed without a header): nothing is written.
        let (result, _) = try workspace.sync()
        #expect(result.exitedNormally && result.status == 1, "\(result)")
        #expect(result.stderrText.contains("hr.csv:1:"), "\(result.stderrText)")
        #expect(result.stderrText.contains("encoding: utf-16le"), "\(result.stderrText)")
        #expect(try StoreReading.quick(workspace.store) == before)
        let inspect = try Reliability.run(["inspect", workspace.csv.path])
        #expect(inspect.exitedNormally && inspect.status == 1 && inspect.stderrText.contains("hr.csv:1:"), "\(inspect)")
        // Told the encoding, the same file imports.
        var config = try String(contentsOfFile: workspace.config, encoding: .utf8)
        config = config.replacingOccurrences(of: "    entity: Employee\n", with: "    entity: Employee\n    encoding: \(name)\n")
        try workspace.scenario.write(config, to: "profilesync.yaml")
        let (fixed, report) = try workspace.sync()
        #expect(fixed.status == 0, "\(fixed)")
        #expect(report?.summary["errors"] == 0)
    }

    // MARK: - BDC models

    @Test(arguments: [
        ("not-xml.bdcm", "not-xml.bdcm:1:", "not well-formed XML"),
        ("wrong-namespace.bdcm", "wrong-namespace.bdcm:5:", "not a BDC model"),
        ("truncated.bdcm", "truncated.bdcm:", "not well-formed XML"),
    ])
    func malformedModelIsALocatedErrorAndTheStoreIsUntouched(_ name: String, _ location: String, _ message: String) throws {
        let model = TestPaths.fixture("reliability/\(name)")
        let inspect = try Reliability.run(["inspect", model.path])
        #expect(inspect.exitedNormally && inspect.status == 1, "\(inspect)")
        #expect(inspect.stderrText.contains(location) && inspect.stderrText.contains(message), "\(inspect.stderrText)")

        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        #expect(try workspace.sync().0.status == 0)
        let before = try StoreReading.quick(workspace.store)
        try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("models/hr.bdcm"))
        try FileManager.default.copyItem(at: model, to: workspace.root.appendingPathComponent("models/hr.bdcm"))
        for command in [["check", "--config", workspace.config], ["sync", "--config", workspace.config, "--quiet"]] {
            let result = try Reliability.run(command)
            #expect(result.exitedNormally && result.status == 1, "\(command[0]): \(result)")
            #expect(result.stderrText.contains("hr.bdcm:") && result.stderrText.contains(message), "\(command[0]): \(result.stderrText)")
        }
        let typed = try Reliability.run(["inspect", workspace.csv.path, "--model", model.path, "--entity", "Employee"])
        #expect(typed.exitedNormally && typed.status == 1 && typed.stderrText.contains(location), "\(typed)")
        #expect(try StoreReading.quick(workspace.store) == before)
    }

    // MARK: - Configuration

    @Test(arguments: [
        // (replace, with, "line:column", words the message must hold)
        ("    accountDomain: EXAMPLE\n", "    acountDomain: EXAMPLE\n", "6:5", ["unknown key 'acountDomain'", "accountDomain"]),
        ("properties:\n", "propertys:\n", "15:1", ["unknown key 'propertys'", "properties"]),
        ("    entity: Employee\n", "    entity: Employee\n    encodng: utf-8\n", "13:5", ["unknown key 'encodng'", "encoding"]),
        ("  Title: example.title\n", "  Title: { form: example.title }\n", "16:", ["form"]),
        ("    accountDomain: EXAMPLE\n", "    accountDomain: EXAMPLE\n    excludeDisabled: maybe\n", "7:22", ["excludeDisabled", "maybe"]),
        ("    accountDomain: EXAMPLE\n", "    accountDomain: EXAMPLE\n    groups: [1, 2]\n", "7:13", ["groups", "true or false"]),
        ("defaults: false\n", "defaults: false\ndeletion: { threshold: lots }\n", "15:24", ["threshold", "lots"]),
        ("  SPS-HireDate: { from: hr.HireDate, type: date }\n", "  SPS-HireDate: { from: hr.HireDate, type: dat }\n", "19:", ["unknown type 'dat'", "date"]),
        ("    type: csv\n", "    type: [csv]\n", "9:11", ["'type'", "must be a string"]),
        ("    type: ldif\n", "    type: ldap\n", "4:11", ["unknown connection type 'ldap'"]),
        ("store: profiles.db\n", "store: [profiles.db]\n", "1:8", ["'store'", "must be a string"]),
    ])
    func misspeltOrMistypedConfigurationKeyIsLocated(_ old: String, _ new: String, _ location: String, _ words: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.scenario.folder.cleanup() }
        let config = try String(contentsOfFile: workspace.config, encoding: .utf8)
        try #require(config.contains(old))
        try workspace.scenario.write(config.replacingOccurrences(of: old, with: new), to: "profilesync.yaml")
        for command in [["check", "--config", workspace.config], ["sync", "--config", workspace.config, "--quiet"]] {
            let result = try Reliability.run(command)
            #expect(result.exitedNormally && result.status == 1, "\(command[0]): \(result)")
            #expect(result.stderrText.contains("profilesync.yaml:\(location)"), "\(command[0]): \(result.stderrText)")
            for word in words { #expect(result.stderrText.contains(word), "\(command[0]): \(result.stderrText)") }
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.store), "a bad configuration created the store")
    }
}
