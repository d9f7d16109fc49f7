import Foundation
import TestSupport

/// A small directory written to a temporary folder, with a configuration,
/// for end-to-end runs of `profilesync sync`.
struct SyncScenario {
    struct User {
        var number: Int
        var sam: String
        var title: String
        var ou: String = "OU=Staff"
        var disabled = false
        var manager: Int?
        var employeeID: String?

        var cn: String { "User \(number)" }
        var dn: String { "CN=\(cn),\(ou),DC=example,DC=com" }
        /// objectGUID bytes: 16 bytes derived from the number.
        var guidBytes: [UInt8] { [UInt8(number)] + Array(repeating: 0xA0, count: 14) + [0x01] }
        /// The GUID string form (MS-DTYP 2.3.4.2: first three groups little-endian).
        var anchor: String {
            let b = guidBytes
            func hex(_ range: [Int]) -> String { range.map { String(format: "%02x", b[$0]) }.joined() }
            return "\(hex([3, 2, 1, 0]))-\(hex([5, 4]))-\(hex([7, 6]))-\(hex([8, 9]))-\(hex(Array(10...15)))"
        }
    }

    let folder: TemporaryDirectory
    var users: [User]
    var groupMembers: [Int] = []

    init(users: [User]) throws {
        folder = try TemporaryDirectory(prefix: "profilesync-sync")
        self.users = users
    }

    var root: URL { folder.url }
    var configPath: String { root.appendingPathComponent("profilesync.yaml").path }
    var storePath: String { root.appendingPathComponent("profiles.db").path }

    func userRecord(_ user: User, usn: Int) -> String {
        var lines = [
            "dn: \(user.dn)", "changetype: add", "objectClass: top", "objectClass: person",
            "objectClass: organizationalPerson", "objectClass: user", "cn: \(user.cn)", "sAMAccountName: \(user.sam)",
            "title: \(user.title)", "userAccountControl: \(user.disabled ? 514 : 512)",
            "objectGUID:: \(Data(user.guidBytes).base64EncodedString())", "uSNChanged: \(usn)",
        ]
        if let manager = user.manager, let boss = users.first(where: { $0.number == manager }) {
            lines.append("manager: \(boss.dn)")
        }
        if let id = user.employeeID {
            // Past ASCII, base64 (RFC 2849's SAFE-STRING is ASCII).
            lines.append(
                id.utf8.allSatisfy { $0 < 0x80 }
                    ? "employeeID: \(id)" : "employeeID:: \(Data(id.utf8).base64EncodedString())")
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// Writes `export.ldif` with every user (and the group when it has members).
    func writeExport(name: String = "export.ldif", usnBase: Int = 1000) throws {
        var text = exportHeader(users, usnBase: usnBase)
        if !groupMembers.isEmpty {
            let members = groupMembers.compactMap { number in users.first { $0.number == number }?.dn }
            text += Self.groupRecord(cn: "Team", guid: Array(repeating: 0xEE, count: 16), members: members)
        }
        try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// The version line and `users`' records, uSNChanged counting from `usnBase`.
    func exportHeader(_ users: [User], usnBase: Int = 1000) -> String {
        var text = "version: 1\n\n"
        for (index, user) in users.enumerated() { text += userRecord(user, usn: usnBase + index) }
        return text
    }

    /// A group `CN=cn,OU=Staff,DC=example,DC=com` with objectGUID `guid`
    /// (16 bytes) and `members`, as written, followed by a blank line.
    static func groupRecord(cn: String, guid: [UInt8], members: [String]) -> String {
        var text = "dn: CN=\(cn),OU=Staff,DC=example,DC=com\nchangetype: add\nobjectClass: group\ncn: \(cn)\n"
        text += "objectGUID:: \(Data(guid).base64EncodedString())\n"
        for member in members { text += "member: \(member)\n" }
        return text + "\n"
    }

    func write(_ text: String, to name: String) throws {
        try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Writes the configuration; `extra` is appended verbatim (properties, deletion…).
    func writeConfig(files: [String] = ["export.ldif"], threshold: String? = nil, extra: String = "") throws {
        var text = """
            store: profiles.db
            connections:
              - name: example
                type: ldif
                files: [\(files.joined(separator: ", "))]
                accountDomain: EXAMPLE
                containers: ["OU=Staff,DC=example,DC=com"]
                excludeDisabled: true
            defaults: false
            properties:
              Title: example.title
              Manager: { from: example.manager, type: person }

            """
        if let threshold { text += "deletion:\n  threshold: \(threshold)\n" }
        text += extra
        try write(text, to: "profilesync.yaml")
    }

    /// Runs `sync` with `arguments` and returns the result and the JSON report.
    func sync(_ arguments: [String] = []) throws -> (ToolResult, [String: Any]?) {
        let report = root.appendingPathComponent("report-\(UUID().uuidString).json")
        let result = try ProfileSyncTool.run(
            ["sync", "--config", configPath, "--report", report.path, "--quiet"] + arguments)
        guard let data = try? Data(contentsOf: report) else { return (result, nil) }
        return (result, try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

extension Dictionary where Key == String, Value == Any {
    var summary: [String: Int] { (self["summary"] as? [String: Int]) ?? [:] }
    var changes: [[String: Any]] { (self["changes"] as? [[String: Any]]) ?? [] }
    var run: [String: Any] { (self["run"] as? [String: Any]) ?? [:] }

    /// `kind account` for each change (membership: `membership group`), in report order.
    var changeLines: [String] {
        changes.map { change in
            let kind = change["kind"] as? String ?? "?"
            if kind == "membership" { return "membership \(change["group"] as? String ?? "")" }
            var line = "\(kind) \(change["account"] as? String ?? change["anchor"] as? String ?? "")"
            if let reason = change["reason"] as? String { line += " \(reason)" }
            if let properties = change["properties"] as? [[String: Any]], kind == "update" {
                line += " " + properties.map { "\($0["name"] as? String ?? ""):\($0["new"] as? String ?? "-")" }.joined(separator: ",")
            }
            return line
        }
    }
}
