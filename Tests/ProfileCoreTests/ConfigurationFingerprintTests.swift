import ProfileCore
import Testing

@Suite struct ConfigurationFingerprintTests {
    static let base = """
        store: profiles.db
        connections:
          - name: contoso
            type: ldif
            files: [contoso.ldif]
            accountDomain: CONTOSO
            containers: ["OU=Staff,DC=contoso,DC=com", "OU=Admins,DC=contoso,DC=com"]
            excludeDisabled: true
            filter: (objectClass=user)
            exclusions:
              users: { match: any, rules: [{ attribute: sn, operator: startsWith, value: T- }] }
          - name: hr
            type: csv
            file: hr.csv
            model: hr.bdcm
            entity: Employee
            join: { property: EmployeeId, identifier: EmployeeID }
        properties:
          EmployeeId: contoso.employeeID
          Department: [hr.Department, contoso.department]
        deletion: { threshold: 500 }
        schedule: Daily at 01:00:00
        """

    static func fingerprint(_ yaml: String) throws -> String {
        try loadConfiguration(yaml).scopeFingerprint
    }

    static func replacing(_ old: String, with new: String) -> String {
        precondition(base.contains(old), "fixture text missing: \(old)")
        return base.replacingOccurrences(of: old, with: new)
    }

    @Test func isSHA256Hex() throws {
        let fingerprint = try Self.fingerprint(Self.base)
        #expect(fingerprint.count == 64)
        #expect(fingerprint.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try Self.fingerprint(Self.base) == fingerprint)
    }

    @Test func reorderingKeysPropertiesAndContainersChangesNothing() throws {
        let reordered = """
            schedule: Daily at 01:00:00
            properties:
              Department: [hr.Department, contoso.department]
              EmployeeId: contoso.employeeID
            connections:
              - type: csv
                join: { identifier: EmployeeID, property: EmployeeId }
                name: hr
                entity: Employee
                model: hr.bdcm
                file: hr.csv
              - exclusions:
                  users: { rules: [{ value: T-, operator: startsWith, attribute: sn }], match: any }
                filter: (objectClass=user)
                excludeDisabled: true
                containers: ["OU=Admins,DC=contoso,DC=com", "OU=Staff,DC=contoso,DC=com"]
                accountDomain: CONTOSO
                files: [contoso.ldif]
                type: ldif
                name: contoso
            deletion: { threshold: 500 }
            store: profiles.db
            """
        #expect(try Self.fingerprint(reordered) == Self.fingerprint(Self.base))
    }

    @Test(arguments: [
        ("store: profiles.db", "store: elsewhere/other.db"),
        ("schedule: Daily at 01:00:00", "schedule: Hourly between 0 and 59"),
        ("threshold: 500", "threshold: \"5%\""),
        ("files: [contoso.ldif]", "files: [delta1.ldif, delta2.ldif]"),
        ("file: hr.csv", "file: hr-2026.csv"),
        ("model: hr.bdcm", "model: models/hr.bdcm"),
    ])
    func whereAndWhenDoNotCount(old: String, new: String) throws {
        #expect(try Self.fingerprint(Self.replacing(old, with: new)) == Self.fingerprint(Self.base))
    }

    @Test(arguments: [
        ("OU=Staff,DC=contoso", "OU=People,DC=contoso"),
        ("excludeDisabled: true", "excludeDisabled: false"),
        ("filter: (objectClass=user)", "filter: (objectClass=person)"),
        ("value: T-", "value: X-"),
        ("match: any", "match: all"),
        ("accountDomain: CONTOSO", "accountDomain: CORP"),
        ("    type: ldif\n", "    type: ldif\n    anchor: dn\n"),
        ("    type: ldif\n", "    type: ldif\n    groups: false\n"),
        ("identifier: EmployeeID", "identifier: PersonnelNumber"),
        ("entity: Employee", "entity: Worker"),
        ("[hr.Department, contoso.department]", "[contoso.department, hr.Department]"),
        ("EmployeeId: contoso.employeeID", "EmployeeId: { from: contoso.employeeID, type: integer }"),
        ("properties:\n", "defaults: false\nproperties:\n"),
        ("properties:\n", "properties:\n  Nick: { expression: 'Left([contoso.cn], 3)' }\n"),
    ])
    func scopeChangesCount(old: String, new: String) throws {
        #expect(try Self.fingerprint(Self.replacing(old, with: new)) != Self.fingerprint(Self.base))
    }
}
