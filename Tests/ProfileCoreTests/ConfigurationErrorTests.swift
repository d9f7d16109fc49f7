import Foundation
import ProfileCore
import Testing

/// Every class of configuration mistake, with its exact message and place.
@Suite struct ConfigurationErrorTests {
    /// A valid 1:1 business connection on lines 6–11, after ``minimalConfiguration``.
    let hrConnection = """
          - name: hr
            type: csv
            file: hr.csv
            model: hr.bdcm
            entity: Employee
            join: { property: AccountName, identifier: Login }

        """

    @Test func unknownKeySuggestsTheNearestKey() {
        #expect(configurationErrors(minimalConfiguration + "    excludeDisable: true\n") == [
            "profilesync.yaml:6:5: error: unknown key 'excludeDisable' in connection 'contoso' (did you mean 'excludeDisabled'?)"
        ])
        #expect(configurationErrors(minimalConfiguration + "schedul: Daily at 01:00:00\n") == [
            "profilesync.yaml:6:1: error: unknown key 'schedul' at the top level (did you mean 'schedule'?)"
        ])
        #expect(configurationErrors(minimalConfiguration + "    colour: blue\n") == [
            "profilesync.yaml:6:5: error: unknown key 'colour' in connection 'contoso'"
        ])
        // A key of the other connection type is unknown here too.
        #expect(configurationErrors(minimalConfiguration + "    entity: Employee\n") == [
            "profilesync.yaml:6:5: error: unknown key 'entity' in connection 'contoso'"
        ])
    }

    @Test func wrongValueTypes() {
        #expect(configurationErrors(minimalConfiguration + "    excludeDisabled: yes please\n") == [
            "profilesync.yaml:6:22: error: 'excludeDisabled' in connection 'contoso' must be true or false, not 'yes please'"
        ])
        #expect(configurationErrors(minimalConfiguration + "    groups: \"true\"\n") == [
            "profilesync.yaml:6:13: error: 'groups' in connection 'contoso' must be true or false, not 'true'"
        ])
        #expect(configurationErrors(minimalConfiguration + "    filter: [a, b]\n") == [
            "profilesync.yaml:6:13: error: 'filter' in connection 'contoso' must be a string, not a list"
        ])
        #expect(configurationErrors(minimalConfiguration + "    containers: { ou: Staff }\n") == [
            "profilesync.yaml:6:17: error: 'containers' in connection 'contoso' must be a string or a list of strings, not a mapping"
        ])
        #expect(configurationErrors(minimalConfiguration + "    containers: [Staff]\n") == [
            "profilesync.yaml:6:18: error: container 'Staff' in connection 'contoso' is not a distinguished name (e.g. OU=Staff,DC=contoso,DC=com)"
        ])
        #expect(configurationErrors(minimalConfiguration + "    anchor: object GUID\n") == [
            "profilesync.yaml:6:13: error: 'anchor' in connection 'contoso' must be an attribute name or dn, not 'object GUID'"
        ])
        #expect(configurationErrors(minimalConfiguration.replacingOccurrences(of: "profiles.db", with: "\"\"")) == [
            "profilesync.yaml:1:8: error: 'store' at the top level is empty"
        ])
        #expect(configurationErrors(minimalConfiguration.replacingOccurrences(of: "[contoso.ldif]", with: "[]")) == [
            "profilesync.yaml:5:12: error: 'files' in connection 'contoso' must name at least one LDIF file"
        ])
        #expect(configurationErrors(minimalConfiguration.replacingOccurrences(of: "[contoso.ldif]", with: "[a.ldif, '']")) == [
            "profilesync.yaml:5:21: error: an item of 'files' in connection 'contoso' is empty"
        ])
        #expect(configurationErrors(minimalConfiguration + "schedule:\n") == [
            "profilesync.yaml:6:10: error: 'schedule' at the top level must be a string, not an empty value"
        ])
    }

    @Test func missingRequiredKeys() {
        #expect(
            configurationErrors(
                """
                store: profiles.db
                connections:
                  - type: ldif
                    files: [a.ldif]
                  - name: fabrikam
                    files: [b.ldif]
                """) == [
                    "profilesync.yaml:3:5: error: missing required key 'name' in connection 1",
                    "profilesync.yaml:5:5: error: missing required key 'type' in connection 'fabrikam'",
                ])
        #expect(configurationErrors(minimalConfiguration + "  - name: hr\n    type: csv\n") == [
            "profilesync.yaml:6:5: error: missing required key 'file' in connection 'hr'",
            "profilesync.yaml:6:5: error: missing required key 'model' in connection 'hr'",
            "profilesync.yaml:6:5: error: missing required key 'entity' in connection 'hr'",
            "profilesync.yaml:6:5: error: missing required key 'join' in connection 'hr'",
        ])
        #expect(configurationErrors(minimalConfiguration + "  - name: b\n    type: ldif\n") == [
            "profilesync.yaml:6:5: error: missing required key 'files' in connection 'b'"
        ])
        // A connection without a name is still read, and named by its position.
        #expect(
            configurationErrors(
                """
                store: profiles.db
                connections:
                  - type: ldif
                    files: [a.ldif]
                    exclusions: { users: { match: either } }
                """) == [
                    "profilesync.yaml:3:5: error: missing required key 'name' in connection 1",
                    "profilesync.yaml:5:35: error: 'match' in the users exclusions of connection 1 must be any or all, not 'either'",
                ])
        #expect(configurationErrors("defaults: true\n") == [
            "profilesync.yaml:1:1: error: missing required key 'store' at the top level",
            "profilesync.yaml:1:1: error: missing required key 'connections' at the top level",
        ])
    }

    @Test func badEnumValuesListTheAllowedOnes() {
        #expect(configurationErrors(minimalConfiguration + hrConnection + "    encoding: utf8\n") == [
            "profilesync.yaml:12:15: error: 'encoding' in connection 'hr' must be one of auto, utf-8, utf-16le, utf-16be, windows-1252, not 'utf8' (did you mean 'utf-8'?)"
        ])
        #expect(configurationErrors(minimalConfiguration + hrConnection + "    delimiter: ':'\n") == [
            "profilesync.yaml:12:16: error: 'delimiter' in connection 'hr' must be one of auto, \",\", \";\", \"\\t\" (or tab), \"|\", not ':'"
        ])
        #expect(configurationErrors(minimalConfiguration + "    exclusions:\n      users: { match: some }\n") == [
            "profilesync.yaml:7:23: error: 'match' in the users exclusions of connection 'contoso' must be any or all, not 'some'"
        ])
        #expect(
            configurationErrors(
                minimalConfiguration + """
                        exclusions:
                          users:
                            rules:
                              - { attribute: sn, operator: startswith, value: x }
                    """) == [
                        "profilesync.yaml:9:40: error: unknown operator 'startswith' in rule 1 of the users exclusions of connection 'contoso'; expected one of present, notPresent, equals, notEquals, startsWith, notStartsWith, endsWith, notEndsWith, contains, notContains, lessThan, lessOrEqual, greaterThan, greaterOrEqual, bitOn, bitOff (did you mean 'startsWith'?)"
                    ])
        #expect(configurationErrors(minimalConfiguration + "  - name: ad\n    type: ldap\n    files: [x.ldif]\n") == [
            "profilesync.yaml:7:11: error: unknown connection type 'ldap' in connection 'ad'; expected ldif (directory) or csv (business data) (did you mean 'ldif'?)"
        ])
        #expect(
            configurationErrors(minimalConfiguration + "properties:\n  Birthday:\n    from: contoso.birthDate\n    type: dat\n") == [
                "profilesync.yaml:9:11: error: unknown type 'dat' in property 'Birthday'; expected one of string, multistring, integer, biginteger, float, boolean, date, datenoyear, datetime, email, url, html, person, guid, binary, timezone (did you mean 'date'?)"
            ])
    }

    @Test func exclusionRuleValues() {
        #expect(
            configurationErrors(
                minimalConfiguration + """
                        exclusions:
                          users:
                            rules:
                              - { attribute: mail, operator: present, value: x }
                              - { attribute: sn, operator: startsWith }
                              - { attribute: userAccountControl, operator: bitOn, value: two }
                              - { operator: equals, value: x }
                    """) == [
                        "profilesync.yaml:9:51: error: operator 'present' takes no value in rule 1 of the users exclusions of connection 'contoso'",
                        "profilesync.yaml:10:13: error: operator 'startsWith' needs a 'value' in rule 2 of the users exclusions of connection 'contoso'",
                        "profilesync.yaml:11:70: error: 'value' in rule 3 of the users exclusions of connection 'contoso' must be an integer for operator 'bitOn', not 'two'",
                        "profilesync.yaml:12:13: error: missing required key 'attribute' in rule 4 of the users exclusions of connection 'contoso'",
                    ])
    }

    @Test func columnsCountBytesAfterNonASCIIText() {
        let line = "    exclusions: { users: { rules: [{ attribute: sn, operator: equals, value: Zoë }], match: nein } }\n"
        #expect(configurationErrors(minimalConfiguration + line) == [
            "profilesync.yaml:6:94: error: 'match' in the users exclusions of connection 'contoso' must be any or all, not 'nein'"
        ])
    }

    @Test func connectionNames() {
        #expect(configurationErrors(minimalConfiguration + "  - name: Contoso\n    type: ldif\n    files: [b.ldif]\n") == [
            "profilesync.yaml:6:11: error: duplicate connection name 'Contoso' (connection 'contoso' is defined at line 3)"
        ])
        #expect(configurationErrors(minimalConfiguration + "  - name: 2nd.domain\n    type: ldif\n    files: [b.ldif]\n") == [
            "profilesync.yaml:6:11: error: connection name '2nd.domain' must start with a letter and use only letters, digits, '-' and '_'"
        ])
    }

    @Test func propertyReferences() {
        #expect(configurationErrors(minimalConfiguration + hrConnection + "properties:\n  CostCenter: hrx.CostCenter\n") == [
            "profilesync.yaml:13:15: error: property 'CostCenter' refers to unknown connection 'hrx' in 'hrx.CostCenter' (did you mean 'hr'?)"
        ])
        #expect(
            configurationErrors(minimalConfiguration + "properties:\n  Nick:\n    from: contoso.cn\n    expression: \"Left([contoso.cn], 3)\"\n") == [
                "profilesync.yaml:9:5: error: 'expression' and 'from' in property 'Nick' exclude each other; use one"
            ])
        #expect(configurationErrors(minimalConfiguration + "properties:\n  Nick: { type: string }\n") == [
            "profilesync.yaml:7:9: error: property 'Nick' needs 'from' or 'expression'"
        ])
        #expect(configurationErrors(minimalConfiguration + "properties:\n  Nick: { from: contoso.cn, multi: true }\n") == [
            "profilesync.yaml:7:29: error: unknown key 'multi' in property 'Nick' (did you mean 'multiValue'?)"
        ])
        #expect(configurationErrors(minimalConfiguration + "properties:\n  Nick:\n") == [
            "profilesync.yaml:7:3: error: property 'Nick' has no source; write conn.attribute, a ranked list, or a mapping with 'from' or 'expression'"
        ])
        #expect(configurationErrors(minimalConfiguration + "properties:\n  Nick: { expression: '[hrr.Nick]' }\n") == [
            "profilesync.yaml:7:23: error: expression in property 'Nick' refers to unknown connection 'hrr' in '[hrr.Nick]'"
        ])
        #expect(configurationErrors(minimalConfiguration + "properties:\n  department: contoso.dept\n") == [
            "profilesync.yaml:7:3: error: property 'department' differs from the default property 'Department' only in case; write 'Department'"
        ])
        #expect(configurationErrors(minimalConfiguration + "properties:\n  Nick: contoso.cn\n  NICK: contoso.sn\n") == [
            "profilesync.yaml:8:3: error: property 'NICK' is the same as property 'Nick' (names are compared without case)"
        ])
    }

    @Test(arguments: [
        ("abc", "must be a count such as 500 or a percentage such as \"5%\", not 'abc'"),
        ("-1", "must not be negative, not '-1'"),
        ("\"150%\"", "must be a percentage from 0% to 100%, not '150%'"),
        ("\"%\"", "must be a count such as 500 or a percentage such as \"5%\", not '%'"),
        ("[5]", "must be a count such as 500 or a percentage such as \"5%\", not a list"),
    ])
    func badThresholds(written: String, message: String) {
        #expect(configurationErrors(minimalConfiguration + "deletion:\n  threshold: \(written)\n") == [
            "profilesync.yaml:7:14: error: 'threshold' in 'deletion' \(message)"
        ])
    }

    @Test func yamlSyntaxErrorsAreLocated() {
        #expect(configurationErrors(minimalConfiguration + "    files: [a.ldif\n") == [
            "profilesync.yaml:7:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
        ])
        #expect(configurationErrors(minimalConfiguration + "store: other.db\n") == [
            "profilesync.yaml:6:1: error: duplicate key 'store' (first written at line 1)"
        ])
        #expect(configurationErrors(minimalConfiguration + "\tdefaults: false\n") == [
            "profilesync.yaml:6:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token)"
        ])
    }

    @Test func emptyAndShapelessFiles() {
        let empty = "profilesync.yaml:1:1: error: the configuration file is empty; it needs at least 'store' and 'connections'"
        #expect(configurationErrors("") == [empty])
        #expect(configurationErrors("# nothing yet\n\n") == [empty])
        #expect(configurationErrors("- store\n- connections\n") == [
            "profilesync.yaml:1:1: error: the configuration must be a mapping of keys, not a list"
        ])
        #expect(configurationErrors("store: p.db\nconnections: contoso\n") == [
            "profilesync.yaml:2:14: error: 'connections' must be a list of connections, not 'contoso'"
        ])
    }

    @Test func noDirectoryConnection() {
        #expect(configurationErrors("store: p.db\nconnections:\n" + hrConnection) == [
            "profilesync.yaml:2:1: error: no directory connection: profiles come only from directory exports, so at least one connection needs type: ldif"
        ])
    }

    @Test func secretsCannotBeMapped() {
        #expect(
            configurationErrors(
                minimalConfiguration + """
                        anchor: unicodePwd
                        exclusions:
                          users: { rules: [{ attribute: userPassword, operator: present }] }
                    properties:
                      Pwd: contoso.userPassword
                      Hash: { expression: 'Left([unicodePwd], 4)' }
                      Laps: [contoso.mail, contoso.ms-Mcs-AdmPwd]
                      Vault: contoso.vaultPassword
                      LastBad: contoso.badPasswordTime
                      Note: { expression: 'Replace([contoso.info], "[userPassword]", "")' }
                    """) == [
                        "profilesync.yaml:6:13: error: 'anchor' in connection 'contoso' names the secret attribute 'unicodePwd', which is never read",
                        "profilesync.yaml:8:37: error: 'attribute' in rule 1 of the users exclusions of connection 'contoso' names the secret attribute 'userPassword', which is never read",
                        "profilesync.yaml:10:8: error: property 'Pwd' maps the secret attribute 'userPassword'; secrets are never read or stored",
                        "profilesync.yaml:11:23: error: expression in property 'Hash' reads the secret attribute 'unicodePwd'; secrets are never read or stored",
                        "profilesync.yaml:12:24: error: property 'Laps' maps the secret attribute 'ms-Mcs-AdmPwd'; secrets are never read or stored",
                        "profilesync.yaml:13:10: error: property 'Vault' maps the secret attribute 'vaultPassword'; secrets are never read or stored",
                    ])
    }

    @Test func expressionReferencesInsideStringLiteralsAreText() {
        // "" inside a double-quoted literal is an escaped quote, so the literal goes on past it.
        let literalOnly = #"  A: { expression: 'Join("say ""[userPassword]"" [x]", [contoso.cn])' }"#
        #expect(configurationErrors(minimalConfiguration + "properties:\n" + literalOnly + "\n") == [])
        let afterLiteral = #"  B: { expression: 'Join("[", [contoso.ntPwdHistory], "]")' }"#
        #expect(configurationErrors(minimalConfiguration + "properties:\n" + afterLiteral + "\n") == [
            "profilesync.yaml:7:20: error: expression in property 'B' reads the secret attribute 'ntPwdHistory'; secrets are never read or stored"
        ])
    }

    @Test func sourcesThatCannotFeedTheType() {
        #expect(
            configurationErrors(
                minimalConfiguration + hrConnection + """
                    properties:
                      Manager: hr.ManagerId
                      Boss: { expression: '[contoso.manager]', type: person }
                      Photo: { expression: '[contoso.thumbnailPhoto]', type: binary }
                      Tags: { from: hr.Tags, separator: "," }
                      Start: { from: hr.Start, type: date, multiValue: true }
                      Flag: { expression: 'IsBitSet([contoso.userAccountControl], 1)', type: boolean }
                      Count: { expression: 'Count([contoso.memberOf])', type: integer }
                      Lines: { from: hr.Lines, type: multistring, multiValue: false }
                    """) == [
                        "profilesync.yaml:13:12: error: property 'Manager' has type person, which needs a directory attribute holding a DN (such as manager); 'hr.ManagerId' is business data",
                        "profilesync.yaml:14:9: error: property 'Boss' has type person, which needs a directory attribute holding a DN (such as manager), not an expression",
                        "profilesync.yaml:15:10: error: property 'Photo' has type binary, which only attributes can feed, not an expression",
                        "profilesync.yaml:16:9: error: 'separator' in property 'Tags' splits values into several, so the property must be multi-valued (multiValue: true or type multistring)",
                        "profilesync.yaml:17:10: error: property 'Start' has multiValue: true but type date; only multistring holds several values",
                        "profilesync.yaml:20:10: error: property 'Lines' has type multistring but multiValue: false",
                    ])
    }

    @Test func joinRules() {
        #expect(
            configurationErrors(
                minimalConfiguration + """
                      - name: hr
                        type: csv
                        file: hr.csv
                        model: hr.bdcm
                        entity: Employee
                        join: { property: EmployeeId, filter: Owner }
                      - name: crm
                        type: csv
                        file: crm.csv
                        model: crm.bdcm
                        entity: Customer
                        join: { property: AccountName, mode: many }
                      - name: erp
                        type: csv
                        file: erp.csv
                        model: erp.bdcm
                        entity: Employee
                        join: { property: AccountName, identifier: Login, mode: several }
                    """) == [
                        "profilesync.yaml:11:35: error: 'filter' in the join of connection 'hr' needs mode: many (a 1:1 join matches 'identifier')",
                        "profilesync.yaml:17:11: error: missing required key 'filter' in the join of connection 'crm' (a 1:many join matches a filter field)",
                        "profilesync.yaml:23:61: error: 'mode' in the join of connection 'erp' must be one or many, not 'several'",
                    ])
        #expect(
            configurationErrors(
                minimalConfiguration + """
                      - name: hr
                        type: csv
                        file: hr.csv
                        model: hr.bdcm
                        entity: Employee
                        join: { property: EmployeId, identifier: EmployeeID }
                      - name: pay
                        type: csv
                        file: pay.csv
                        model: pay.bdcm
                        entity: Slip
                        join: { property: PayId, identifier: Id, mode: one }
                    properties:
                      EmployeeId: contoso.employeeID
                      PayId: pay.Id
                    """) == [
                        "profilesync.yaml:11:13: error: join property 'EmployeId' of connection 'hr' is not a profile property (did you mean 'EmployeeId'?)",
                        "profilesync.yaml:17:13: error: join property 'PayId' of connection 'pay' is filled only from 'pay' itself; join on a property the directory fills",
                    ])
    }

    @Test func everyErrorOfTheFileIsReportedInFileOrder() {
        let errors = configurationErrors(
            """
            store: profiles.db
            properties:
              Office: ad.office
            connections:
              - name: contoso
                type: ldif
                files: contoso.ldif
                excludeDisabled: perhaps
              - name: contoso
                type: ldif
                files: other.ldif
            deletion: { threshold: 101% }
            """)
        #expect(errors == [
            "profilesync.yaml:3:11: error: property 'Office' refers to unknown connection 'ad' in 'ad.office'",
            "profilesync.yaml:8:22: error: 'excludeDisabled' in connection 'contoso' must be true or false, not 'perhaps'",
            "profilesync.yaml:9:11: error: duplicate connection name 'contoso' (connection 'contoso' is defined at line 5)",
            "profilesync.yaml:12:24: error: 'threshold' in 'deletion' must be a percentage from 0% to 100%, not '101%'",
        ])
    }
}

@Suite struct ContainerListSplitTests {
    @Test func unquotedFlowListOfDNsIsRefusedWithAHint() throws {
        let yaml = """
            store: p.db
            connections:
              - name: contoso
                type: ldif
                files: [a.ldif]
                containers: [OU=Staff,DC=contoso,DC=com]
            """
        var failure: ConfigurationError?
        do {
            _ = try ConfigurationLoader.parse(yaml: yaml, file: "profilesync.yaml", directory: "/tmp")
        } catch {
            failure = error
        }
        let message = try #require(failure?.diagnostics.first?.description)
        #expect(message.hasPrefix("profilesync.yaml:6:"))
        #expect(message.contains("quote each DN"))
    }

    @Test func quotedFlowListAndBlockListAreFine() throws {
        for containers in ["[\"OU=Staff,DC=contoso,DC=com\", \"OU=Sales,DC=contoso,DC=com\"]", "\n      - OU=Staff,DC=contoso,DC=com"] {
            let yaml = """
                store: p.db
                connections:
                  - name: contoso
                    type: ldif
                    files: [a.ldif]
                    containers: \(containers)
                """
            let configuration = try ConfigurationLoader.parse(yaml: yaml, file: "c.yaml", directory: "/tmp")
            #expect(configuration.directoryConnections[0].containers.allSatisfy { $0.contains(",") })
        }
    }
}
