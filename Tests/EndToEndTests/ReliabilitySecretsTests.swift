import Foundation
import Testing
import TestSupport

/// Issue #7 item 5 (DESIGN §2.1, §3 "Secrets never flow", §6): credential
/// attributes are dropped when read and cannot be mapped; `attr:< file:` values
/// are followed only when allowed and only inside the configuration folder;
/// the store, its lock and every report are private (0600).
@Suite struct ReliabilitySecretsTests {
    /// One distinctive marker per secret attribute and encoding; none may appear in any output.
    struct Secret {
        var attribute: String
        var plain: String
        var base64Marker: String
        var lines: [String] {
            [
                "\(attribute): \(plain)",
                "\(attribute):: \(Data(base64Marker.utf8).base64EncodedString())",
            ]
        }
        /// Every byte pattern that would betray the secret.
        var needles: [Data] {
            [
                Data(plain.utf8), Data(base64Marker.utf8), Data(Data(base64Marker.utf8).base64EncodedString().utf8),
                Data(Data(plain.utf8).base64EncodedString().utf8), Data(plain.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ]
        }
    }

    static let secrets: [Secret] = [
        "userPassword", "unicodePwd", "ntPwdHistory", "lmPwdHistory", "supplementalCredentials",
        "msDS-ManagedPassword", "dBCSPwd", "USERPASSWORD;binary", "ms-Mcs-AdmPwd",
    ].enumerated().map { index, attribute in
        let stem = attribute.replacingOccurrences(of: ";", with: "").replacingOccurrences(of: "-", with: "")
        return Secret(attribute: attribute, plain: "Plain\(stem)Sekret\(index)Qz", base64Marker: "B64\(stem)Sekret\(index)Wx")
    }

    /// A folder with an export whose users carry every secret, a delta that
    /// replaces secrets, and a configuration that maps harmless attributes.
    struct Workspace {
        let scenario: SyncScenario
        var root: URL { scenario.root }

        init() throws {
            var scenario = try SyncScenario(users: [
                .init(number: 1, sam: "boss", title: "Director"),
                .init(number: 2, sam: "ann", title: "Analyst", manager: 1),
            ])
            scenario.groupMembers = [1, 2]
            self.scenario = scenario
            try scenario.writeExport()
            // Secrets in every user of the export, and in a group.
            var text = try String(contentsOf: root.appendingPathComponent("export.ldif"), encoding: .utf8)
            let secretLines = ReliabilitySecretsTests.secrets.flatMap(\.lines).joined(separator: "\n")
            text = text.replacingOccurrences(of: "sAMAccountName: ", with: secretLines + "\nsAMAccountName: ")
            text = text.replacingOccurrences(of: "cn: Team\n", with: "cn: Team\n" + secretLines + "\n")
            try scenario.write(text, to: "export.ldif")
            try scenario.writeConfig(extra: "  Name: example.cn\n")
        }
    }

    @Test func secretValuesReachNoStoreReportExportShowOrInspectOutput() throws {
        let workspace = try Workspace()
        let scenario = workspace.scenario
        defer { scenario.folder.cleanup() }
        let root = workspace.root
        var outputs: [(String, Data)] = []

        // Full run with every report format, then a delta that sets secrets by modify and add.
        let formats = ["txt", "json", "csv", "html", "ldif"]
        let first = try Reliability.run(
            ["sync", "--config", scenario.configPath] + formats.flatMap { ["--report", root.appendingPathComponent("full.\($0)").path] })
        #expect(first.status == 0, "\(first)")
        outputs.append(("sync stdout/stderr", first.stdout + first.stderr))

        let secretLines = Self.secrets.flatMap(\.lines)
        try scenario.write(
            """
            version: 1

            dn: \(scenario.users[1].dn)
            changetype: modify
            replace: title
            title: Lead Analyst
            -
            \(Self.secrets.map { "replace: \($0.attribute)\n" + $0.lines.joined(separator: "\n") + "\n-" }.joined(separator: "\n"))

            \(scenario.userRecord(.init(number: 3, sam: "new", title: "Newcomer"), usn: 5000).replacingOccurrences(of: "sAMAccountName: ", with: secretLines.joined(separator: "\n") + "\nsAMAccountName: "))
            """, to: "delta.ldif")
        try scenario.writeConfig(files: ["delta.ldif"], extra: "  Name: example.cn\n")
        let delta = try Reliability.run(
            ["sync", "--config", scenario.configPath, "--incremental"]
                + formats.flatMap { ["--report", root.appendingPathComponent("delta.\($0)").path] })
        #expect(delta.status == 0, "\(delta)")
        outputs.append(("delta sync stdout/stderr", delta.stdout + delta.stderr))
        let deltaReport = try String(contentsOf: root.appendingPathComponent("delta.json"), encoding: .utf8)
        #expect(deltaReport.contains("Lead Analyst"), "the delta was not applied: \(deltaReport)")
        #expect(deltaReport.contains("Newcomer"))

        for format in formats {
            for run in ["full", "delta"] {
                let url = root.appendingPathComponent("\(run).\(format)")
                outputs.append(("\(run) report .\(format)", try Data(contentsOf: url)))
                #expect(try Reliability.mode(url.path) == 0o600, "\(url.lastPathComponent) is not private")
            }
        }
        // Every read-only view of the store.
        let store = scenario.storePath
        let commands: [[String]] = [
            ["runs"], ["missing"], ["report", "--run", "1", "--format", "json"], ["report", "--run", "2", "--format", "text"],
            ["report", "--format", "csv"], ["report", "--format", "html"], ["report", "--format", "ldif"],
            ["export", "--format", "jsonl", "--include-marked"], ["export", "--format", "csv", "--include-marked"],
            ["export", "--format", "ldif", "--include-marked"],
            ["show", "EXAMPLE\\ann", "--history"], ["show", "EXAMPLE\\boss", "--history"], ["show", "EXAMPLE\\new"],
        ]
        for command in commands {
            let result = try Reliability.run(command + ["--store", store])
            #expect(result.status == 0, "\(command): \(result)")
            outputs.append((command.joined(separator: " "), result.stdout + result.stderr))
        }
        let show = try #require(outputs.last { $0.0.hasPrefix("show EXAMPLE\\ann") }?.1)
        #expect(String(decoding: show, as: UTF8.self).contains("Lead Analyst"))
        // inspect: records, summary, strict.
        for file in ["export.ldif", "delta.ldif"] {
            for extra in [[], ["--summary"], ["--strict"]] {
                let result = try Reliability.run(["inspect", root.appendingPathComponent(file).path] + extra)
                #expect(result.status == 0, "inspect \(file) \(extra): \(result)")
                outputs.append(("inspect \(file) \(extra)", result.stdout + result.stderr))
            }
        }
        let summary = try Reliability.run(["inspect", root.appendingPathComponent("export.ldif").path, "--summary"])
        #expect(summary.stdoutText.contains("\"secretsDropped\":\(Self.secrets.count * 2 * 3)"), "\(summary.stdoutText)")
        // The store's own files, byte for byte (WAL and shared memory too, when present).
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let path = store + suffix
            if FileManager.default.fileExists(atPath: path) {
                outputs.append(("store file \(suffix.isEmpty ? ".db" : suffix)", try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
        #expect(try Reliability.mode(store) == 0o600)

        // The check itself can fail: the export really holds the secrets.
        let exportBytes = try Data(contentsOf: root.appendingPathComponent("export.ldif"))
        for secret in Self.secrets {
            #expect(Reliability.contains(exportBytes, Data(secret.plain.utf8)))
        }
        for (name, bytes) in outputs {
            #expect(!bytes.isEmpty || name.contains("stdout/stderr") || name.hasPrefix("store file"), "\(name) is empty")
            for secret in Self.secrets {
                for needle in secret.needles {
                    #expect(
                        !Reliability.contains(bytes, needle),
                        "\(name) holds \(secret.attribute)'s value \(String(decoding: needle, as: UTF8.self))")
                }
                #expect(
                    !String(decoding: bytes, as: UTF8.self).lowercased().contains(secret.attribute.lowercased() + ":"),
                    "\(name) names \(secret.attribute) as an attribute")
            }
        }
    }

    @Test(arguments: [
        ("Pwd: example.userPassword", "userPassword"),
        ("Pwd: { from: example.unicodePwd, type: binary }", "unicodePwd"),
        ("Pwd: [example.title, example.msDS-ManagedPassword]", "msDS-ManagedPassword"),
        ("Pwd: { expression: 'Left([example.ntPwdHistory], 4)' }", "ntPwdHistory"),
        ("Pwd: { expression: 'ConvertFromBase64([supplementalCredentials])' }", "supplementalCredentials"),
        ("Pwd: example.lmPwdHistory;binary", "lmPwdHistory"),
    ])
    func mappingASecretIsALocatedConfigurationError(mapping: String, attribute: String) throws {
        let workspace = try Workspace()
        let scenario = workspace.scenario
        defer { scenario.folder.cleanup() }
        try scenario.writeConfig(extra: "  \(mapping)\n")
        // The mapping is the 13th line of the configuration SyncScenario writes.
        let lines = try String(contentsOfFile: scenario.configPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("Pwd:") }) + 1
        for command in [["check", "--config", scenario.configPath], ["sync", "--config", scenario.configPath, "--quiet"]] {
            let result = try Reliability.run(command)
            #expect(result.status == 1, "\(command[0]) accepted \(mapping): \(result)")
            #expect(result.exitedNormally)
            #expect(result.stderrText.contains("profilesync.yaml:\(line):"), "\(command[0]): \(result.stderrText)")
            #expect(result.stderrText.contains(attribute), "\(command[0]): \(result.stderrText)")
        }
        #expect(!FileManager.default.fileExists(atPath: scenario.storePath), "a refused configuration created the store")
    }

    // MARK: - `attr:< file:` URL values

    /// A scenario whose users carry `description:< URL`, mapped to the Description property.
    static func urlScenario(_ urls: [String], allow: Bool?) throws -> SyncScenario {
        let scenario = try SyncScenario(users: (1...urls.count).map { .init(number: $0, sam: "u\($0)", title: "T\($0)") })
        try scenario.writeExport()
        var text = try String(contentsOf: scenario.root.appendingPathComponent("export.ldif"), encoding: .utf8)
        for (index, url) in urls.enumerated() {
            text = text.replacingOccurrences(of: "sAMAccountName: u\(index + 1)\n", with: "sAMAccountName: u\(index + 1)\ndescription:< \(url)\n")
        }
        try scenario.write(text, to: "export.ldif")
        try scenario.writeConfig(extra: "  Description: example.description\n")
        if let allow {
            var config = try String(contentsOfFile: scenario.configPath, encoding: .utf8)
            config = config.replacingOccurrences(of: "    excludeDisabled: true\n", with: "    excludeDisabled: true\n    allowFileURLs: \(allow)\n")
            try scenario.write(config, to: "profilesync.yaml")
        }
        return scenario
    }

    @Test(arguments: [nil, false] as [Bool?])
    func fileURLValuesAreNotFollowedUnlessAllowed(allow: Bool?) throws {
        let scenario = try Self.urlScenario(["file:inside.txt", "file:inside.txt"], allow: allow)
        defer { scenario.folder.cleanup() }
        try scenario.write("InsideMarker7731", to: "inside.txt")
        let lenient = try Reliability.run(["sync", "--config", scenario.configPath, "--quiet"])
        #expect(lenient.exitedNormally && lenient.status == 0, "\(lenient)")
        #expect(lenient.stderrText.contains("export.ldif:"), "the refusal is not located: \(lenient.stderrText)")
        #expect(lenient.stderrText.contains("allowFileURLs") || lenient.stderrText.localizedCaseInsensitiveContains("url"))
        #expect(!Reliability.contains(try Data(contentsOf: URL(fileURLWithPath: scenario.storePath)), Data("InsideMarker7731".utf8)))
        let export = try Reliability.run(["export", "--store", scenario.storePath, "--format", "jsonl", "--include-marked"])
        #expect(!export.stdoutText.contains("InsideMarker7731"))
        let strict = try Reliability.run(["sync", "--config", scenario.configPath, "--quiet", "--strict"])
        #expect(strict.status == 1, "\(strict)")
        // inspect follows the same rule: not without --allow-file-urls.
        let inspect = try Reliability.run(["inspect", scenario.root.appendingPathComponent("export.ldif").path])
        #expect(!inspect.stdoutText.contains("InsideMarker7731"))
    }

    @Test func fileURLValuesInsideTheConfigurationFolderAreFollowedWhenAllowedAndNothingOutside() throws {
        // Outside files: a sibling folder (absolute URL), a relative escape, a symlink out, /etc/hostname.
        let outside = try TemporaryDirectory(prefix: "profilesync-outside")
        defer { outside.cleanup() }
        try "OutsideMarker5519".write(to: outside.url.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        let urls = [
            "file:inside.txt",
            "file://\(outside.url.path)/secret.txt",
            "file:../\(outside.url.lastPathComponent)/secret.txt",
            "file:link.txt",
            "file:///etc/hostname",
            "file://otherhost/etc/hostname",
        ]
        let scenario = try Self.urlScenario(urls, allow: true)
        defer { scenario.folder.cleanup() }
        try scenario.write("InsideMarker7731", to: "inside.txt")
        try FileManager.default.createSymbolicLink(
            atPath: scenario.root.appendingPathComponent("link.txt").path,
            withDestinationPath: outside.url.appendingPathComponent("secret.txt").path)
        try #require(FileManager.default.isReadableFile(atPath: outside.url.appendingPathComponent("secret.txt").path))

        let result = try Reliability.run(["sync", "--config", scenario.configPath])
        #expect(result.status == 0 && result.exitedNormally, "\(result)")
        // Each refusal is located in the export and says why.
        let refusals = result.stderrText.split(separator: "\n").filter { $0.contains("export.ldif:") && $0.contains("error") }
        #expect(refusals.count >= urls.count - 1, "\(result.stderrText)")
        #expect(result.stderrText.contains("outside"), "\(result.stderrText)")

        let inside = try Reliability.run(["show", "--store", scenario.storePath, "EXAMPLE\\u1"])
        #expect(inside.stdoutText.contains("InsideMarker7731"), "the allowed inside file was not followed: \(inside)")
        let everything = try Reliability.run(["export", "--store", scenario.storePath, "--format", "jsonl", "--include-marked"])
        #expect(everything.stdoutText.contains("InsideMarker7731"))
        #expect(!everything.stdoutText.contains("OutsideMarker5519"))
        #expect(!Reliability.contains(try Data(contentsOf: URL(fileURLWithPath: scenario.storePath)), Data("OutsideMarker5519".utf8)))
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if hostname.count >= 6 {
            for number in 5...6 {
                let show = try Reliability.run(["show", "--store", scenario.storePath, "EXAMPLE\\u\(number)"])
                #expect(!show.stdoutText.contains("Description"), "u\(number): \(show.stdoutText)")
            }
        }

        // inspect --allow-file-urls follows only files below the LDIF's own folder.
        let inspect = try Reliability.run(["inspect", "--allow-file-urls", scenario.root.appendingPathComponent("export.ldif").path])
        #expect(inspect.stdoutText.contains(Data("InsideMarker7731".utf8).base64EncodedString()) || inspect.stdoutText.contains("InsideMarker7731"))
        #expect(!inspect.stdoutText.contains("OutsideMarker5519"))
        #expect(!inspect.stdoutText.contains(Data("OutsideMarker5519".utf8).base64EncodedString()))
    }

    @Test func storeLockAndReportsArePrivateEvenUnderAPermissiveUmask() throws {
        let scenario = try SyncScenario(users: SyncScenarioTests.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        let reports = ["txt", "json", "csv", "html", "ldif"].map { scenario.root.appendingPathComponent("r.\($0)").path }
        let exportFile = scenario.root.appendingPathComponent("profiles.jsonl").path
        let reportFile = scenario.root.appendingPathComponent("again.html").path
        let tool = ProfileSyncTool.executable.path
        let script = """
            umask 000
            "$0" sync --config "$1" --quiet \(reports.map { "--report '\($0)'" }.joined(separator: " ")) || exit 10
            "$0" export --store "$2" --format jsonl --output '\(exportFile)' || exit 11
            "$0" report --store "$2" --format html --output '\(reportFile)' || exit 12
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", script, tool, scenario.configPath, scenario.storePath]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        for path in [scenario.storePath, scenario.storePath + ".lock", exportFile, reportFile] + reports {
            let mode = try Reliability.mode(path)
            #expect(mode == 0o600, "\(path) is \(String(mode, radix: 8))")
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: scenario.storePath + suffix) {
            #expect(try Reliability.mode(scenario.storePath + suffix) == 0o600)
        }
        // A control: the same umask makes an ordinary file world-writable, so the check can fail.
        let control = Process()
        control.executableURL = URL(fileURLWithPath: "/bin/sh")
        let controlPath = scenario.root.appendingPathComponent("control").path
        control.arguments = ["-c", "umask 000; : > '\(controlPath)'"]
        try control.run()
        control.waitUntilExit()
        #expect(try Reliability.mode(controlPath) == 0o666)
    }
}
