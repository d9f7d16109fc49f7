import Foundation
import Testing
import TestSupport
@testable import SyntheticDirectory

@Suite struct GeneratorStructureTests {
    static let requiredAttributes = [
        "objectClass", "cn", "sn", "givenName", "displayName", "sAMAccountName", "userPrincipalName", "mail",
        "proxyAddresses", "telephoneNumber", "title", "department", "physicalDeliveryOfficeName", "company",
        "userAccountControl", "objectGUID", "objectSid", "whenCreated", "whenChanged", "uSNCreated", "uSNChanged",
        "pwdLastSet", "accountExpires",
    ]

    @Test func everyUserEntryHasTheRequiredAttributes() throws {
        let fixture = try GeneratedFixture.get()
        let people = fixture.baseline.people
        #expect(people.count == GeneratedFixture.userCount)
        for person in people {
            for name in Self.requiredAttributes where !person.has(name) {
                Issue.record("\(person.dn) lacks \(name)")
            }
            #expect(person.strings("objectClass") == ["top", "person", "organizationalPerson", "user"])
            #expect(person.all("objectGUID").first?.count == 16)
            let proxies = person.strings("proxyAddresses")
            #expect(proxies.filter { $0.hasPrefix("SMTP:") }.count == 1)
            #expect(proxies.contains("SMTP:" + person.string("mail")!))
            let sid = person.all("objectSid").first!
            #expect(sid.count == 28 && sid[0] == 1 && sid[1] == 5 && sid[8] == 21)
            let isContractor = person.dn.hasSuffix("OU=Contractors,DC=contoso,DC=com")
            if isContractor {
                #expect(!person.has("employeeID"), "\(person.dn)")
            } else {
                let id = person.string("employeeID") ?? ""
                #expect(id.count == 8 && id.hasPrefix("E") && id.dropFirst().allSatisfy(\.isNumber), "\(person.dn): \(id)")
            }
        }
    }

    @Test func identifiersAreUnique() throws {
        let people = try GeneratedFixture.get().baseline.people
        for name in ["sAMAccountName", "objectGUID", "mail", "userPrincipalName", "objectSid"] {
            let values = people.map { $0.all(name).first ?? [] }
            #expect(Set(values).count == values.count, "\(name) repeats")
        }
        let ids = people.compactMap { $0.string("employeeID") }
        #expect(Set(ids).count == ids.count)
        #expect(Set(people.map(\.dn)).count == people.count)
        #expect(people.allSatisfy { ($0.string("sAMAccountName") ?? "").count <= 20 })
    }

    @Test func managersExistAndFormAHierarchyWithoutCycles() throws {
        let people = try GeneratedFixture.get().baseline.people
        let byDN = Dictionary(uniqueKeysWithValues: people.map { ($0.dn, $0) })
        let roots = people.filter { !$0.has("manager") }
        #expect(roots.count == 1)
        #expect(roots.first?.string("title") == "Chief Executive Officer")
        for person in people {
            var seen: Set<String> = [person.dn]
            var current = person
            while let manager = current.string("manager") {
                guard let next = byDN[manager] else {
                    Issue.record("\(person.dn): manager \(manager) does not exist")
                    break
                }
                #expect(seen.insert(manager).inserted, "cycle through \(manager)")
                if seen.count > 10 { break }
                current = next
            }
        }
        // Levels: a CEO, directors, managers, staff.
        let managerDNs = Set(people.compactMap { $0.string("manager") })
        #expect(managerDNs.count > 100)
    }

    @Test func userAccountControlAndContainers() throws {
        let fixture = try GeneratedFixture.get()
        let people = fixture.baseline.people
        let disabled = people.filter { $0.string("userAccountControl") == "514" }
        #expect(disabled.count > 20 && disabled.count < 150)
        #expect(people.allSatisfy { ["512", "514"].contains($0.string("userAccountControl")) })
        #expect(people.contains { $0.dn.hasSuffix(",OU=Contractors,DC=contoso,DC=com") })
        let services = fixture.baseline.filter { $0.dn.hasSuffix("OU=Service Accounts,DC=contoso,DC=com") }
        #expect(services.count >= 3)
        #expect(services.allSatisfy { $0.string("userAccountControl") == "66048" && $0.string("sAMAccountName")!.hasPrefix("svc-") })
        #expect(people.contains { $0.string("accountExpires") == "9223372036854775807" })
        #expect(people.contains { $0.string("accountExpires") == "0" })
        #expect(people.contains { $0.string("pwdLastSet") == "0" })
        #expect(people.contains { $0.has("thumbnailPhoto") })
        let departments = Set(people.compactMap { $0.dn.split(separator: ",").dropFirst().first })
        #expect(departments.count >= 11)
    }

    @Test func nonASCIIValuesAreBase64AndLinesAreFolded() throws {
        let fixture = try GeneratedFixture.get()
        // MiniLDIF rejects raw non-ASCII values and lines without CRLF; check width and UTF-8 share here.
        let bytes = [UInt8](fixture.baselineData)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        var lineStart = 0
        var longest = 0
        var folded = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            longest = max(longest, index - 1 - lineStart)
            if index + 1 < bytes.count && bytes[index + 1] == 0x20 { folded += 1 }
            lineStart = index + 1
        }
        #expect(longest <= 76)
        #expect(folded > 10)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.hasPrefix("version:"))
        #expect(text.contains("cn:: "))
        let people = fixture.baseline.people
        let accented = people.filter { !$0.string("displayName")!.allSatisfy(\.isASCII) }
        #expect(accented.count > people.count * 3 / 100 && accented.count < people.count * 9 / 100)
        let names = Set(people.flatMap { $0.strings("givenName") + $0.strings("sn") })
        #expect(names.contains("Zoë") || names.contains("Ångström") || names.contains("李"))
        #expect(people.contains { ($0.string("description") ?? "").utf8.count > 76 })
    }

    @Test func allStaffIsSplitLikeLdifde() throws {
        let records = try GeneratedFixture.get().baseline
        let dn = "CN=All Staff,OU=Groups,DC=contoso,DC=com"
        let parts = records.filter { $0.dn == dn }
        #expect(parts.first?.changetype == "add")
        #expect(parts.first?.all("member").count == 1_500)
        #expect(parts.count >= 3)
        for part in parts.dropFirst() {
            #expect(part.changetype == "modify")
            #expect(part.operations == ["member"])
            #expect(part.all("member").count <= 1_500 && part.all("member").count > 0)
        }
        #expect(parts.dropFirst().dropLast().allSatisfy { $0.all("member").count == 1_500 })
        let members = records.members(of: dn)
        let staff = records.people.filter { $0.dn.hasSuffix("OU=Staff,DC=contoso,DC=com") }
        #expect(Set(members) == Set(staff.map(\.dn)))
        #expect(members.count == staff.count)
        // Every member of every group exists; nested groups are members too.
        let groups = records.filter { $0.changetype == "add" && $0.strings("objectClass").contains("group") }
        let known = Set(records.people.map(\.dn) + groups.map(\.dn))
        for group in groups {
            for member in records.members(of: group.dn) where !known.contains(member) {
                Issue.record("\(group.dn): unknown member \(member)")
            }
            #expect(group.has("groupType") && group.has("sAMAccountName") && group.has("objectGUID"))
        }
        let groupDNs = Set(groups.map(\.dn))
        #expect(groups.contains { group in records.members(of: group.dn).contains(where: groupDNs.contains) })
        #expect(groups.count >= 12)
    }

    @Test func hrRowsJoinExceptContractors() throws {
        let fixture = try GeneratedFixture.get()
        #expect(fixture.hr.first == [
            "EmployeeID", "Department", "JobTitle", "CostCenter", "HireDate", "Skills", "ManagerEmployeeID",
            "OfficeLocation", "IsContractor",
        ])
        let rows = fixture.hr.dropFirst()
        #expect(rows.allSatisfy { $0.count == 9 })
        let adByID = Dictionary(
            uniqueKeysWithValues: fixture.baseline.people.compactMap { p in p.string("employeeID").map { ($0, p) } })
        let contractors = rows.filter { $0[0].hasPrefix("C") }
        #expect(contractors.count == 32)
        #expect(contractors.allSatisfy { $0[8] == "true" && adByID[$0[0]] == nil })
        let employees = rows.filter { $0[0].hasPrefix("E") }
        #expect(employees.count == adByID.count)
        var preciser = 0
        for row in employees {
            guard let person = adByID[row[0]] else {
                Issue.record("HR row \(row[0]) joins nobody")
                continue
            }
            #expect(row[8] == "false")
            #expect(row[4].count == 10 && row[4].split(separator: "-").count == 3)
            if row[2] != person.string("title") {
                #expect(row[2].hasPrefix(person.string("title")!))
                preciser += 1
            }
            if !row[6].isEmpty { #expect(fixture.hr.contains { $0[0] == row[6] }) }
        }
        #expect(preciser > employees.count / 20 && preciser < employees.count / 6)
        #expect(employees.contains { $0[7].contains(",") })
    }

    @Test func modelAndConfiguration() throws {
        let fixture = try GeneratedFixture.get()
        let model = fixture.model
        #expect(model.contains("xmlns=\"http://schemas.microsoft.com/windows/2007/BusinessDataCatalog\""))
        #expect(model.contains("Type=\"Database\""))
        #expect(model.contains("Namespace=\"Contoso.HR\""))
        #expect(model.contains("<Identifier TypeName=\"System.String\" Name=\"EmployeeID\" />"))
        #expect(model.contains("TypeName=\"System.DateTime\" Name=\"HireDate\""))
        #expect(model.contains("TypeName=\"System.Boolean\" Name=\"IsContractor\""))
        #expect(model.contains("Type=\"SpecificFinder\" ReturnParameterName=\"Employee\" Default=\"true\""))
        #expect(model.contains("IsCollection=\"true\""))
        let config = fixture.config
        for line in [
            "store: profiles.db", "files: [contoso.ldif]", "accountDomain: CONTOSO", "excludeDisabled: true",
            "- OU=Staff,DC=contoso,DC=com", "- OU=Contractors,DC=contoso,DC=com", "groups: true",
            "model: models/hr.bdcm", "property: EmployeeId", "identifier: EmployeeID",
            "SPS-HireDate: { from: hr.HireDate, type: date }", "threshold: \"5%\"",
            "filter: \"(&(objectClass=user)(!(sAMAccountName=svc-*)))\"",
        ] {
            #expect(config.contains(line), "\(line)")
        }
        let nextConfig = fixture.nextConfig
        #expect(nextConfig.contains("store: ../profiles.db") && nextConfig.contains("model: ../models/hr.bdcm"))
    }
}
