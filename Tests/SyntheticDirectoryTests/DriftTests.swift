import Foundation
import Testing
import TestSupport

@Suite struct DriftTests {
    static let perCategory = 64  // round(0.02 × 3,200)

    private func users(_ fixture: GeneratedFixture) -> [[String: Any]] {
        fixture.drift["users"] as? [[String: Any]] ?? []
    }

    @Test func countsMatchTheRequestedFraction() throws {
        let fixture = try GeneratedFixture.get()
        let counts = fixture.drift["counts"] as? [String: Int] ?? [:]
        for name in ["remove", "move", "disable", "title", "telephoneNumber", "manager", "membership", "add"] {
            #expect(counts[name] == Self.perCategory, "\(name): \(counts[name] ?? -1)")
        }
        #expect(fixture.drift["perCategory"] as? Int == Self.perCategory)
        let kinds = Dictionary(grouping: users(fixture), by: { $0["kind"] as? String ?? "" }).mapValues(\.count)
        for kind in ["remove", "add", "move", "disable"] { #expect(kinds[kind] == Self.perCategory, "\(kind)") }
        #expect((kinds["update"] ?? 0) >= Self.perCategory * 2)
        #expect(Set(kinds.keys).isSubset(of: ["remove", "add", "move", "disable", "update"]))
        #expect((counts["membershipAdded"] ?? 0) > 0 && (counts["membershipRemoved"] ?? 0) > 0)
        let unmatched = fixture.drift["unmatchedHRRows"] as? [String] ?? []
        #expect(unmatched.count == 32 && unmatched.allSatisfy { $0.hasPrefix("C") })
        #expect(Set(unmatched) == Set(fixture.hr.dropFirst().filter { $0[8] == "true" }.map { $0[0] }))
    }

    private func value(_ record: MiniLDIF.Record, _ attribute: String) -> String? {
        attribute == "dn" ? record.dn : record.string(attribute)
    }

    @Test func everyListedChangeIsInTheSnapshots() throws {
        let fixture = try GeneratedFixture.get()
        let before = fixture.baseline.peopleByAnchor
        let after = fixture.next.peopleByAnchor
        for user in users(fixture) {
            let anchor = user["anchor"] as? String ?? ""
            let kind = user["kind"] as? String ?? ""
            let changes = user["changes"] as? [String: [String: Any]] ?? [:]
            let old = before[anchor], new = after[anchor]
            switch kind {
            case "remove": #expect(old != nil && new == nil, "\(anchor)")
            case "add": #expect(old == nil && new != nil, "\(anchor)")
            default: #expect(old != nil && new != nil, "\(anchor)")
            }
            let record = (new ?? old)!
            #expect(user["account"] as? String == "CONTOSO\\" + record.string("sAMAccountName")!)
            for (attribute, pair) in changes {
                #expect((pair["old"] as? String) == old.flatMap { value($0, attribute) }, "\(anchor) \(attribute) old")
                #expect((pair["new"] as? String) == new.flatMap { value($0, attribute) }, "\(anchor) \(attribute) new")
                #expect((pair["old"] as? String) != (pair["new"] as? String))
            }
            switch kind {
            case "move":
                #expect(changes["dn"] != nil && changes["department"] != nil)
                #expect(old?.string("objectGUID") == new?.string("objectGUID"))
            case "disable": #expect(changes["userAccountControl"]?["new"] as? String == "514")
            case "update": #expect(!changes.isEmpty && changes["dn"] == nil)
            default: break
            }
        }
    }

    @Test func nothingElseChanged() throws {
        let fixture = try GeneratedFixture.get()
        let listed = Dictionary(uniqueKeysWithValues: users(fixture).map { ($0["anchor"] as! String, $0) })
        let after = fixture.next.peopleByAnchor
        let volatile: Set<String> = ["whenChanged", "uSNChanged"]
        for (anchor, old) in fixture.baseline.peopleByAnchor {
            guard let new = after[anchor] else {
                #expect(listed[anchor]?["kind"] as? String == "remove", "\(old.dn) vanished unlisted")
                continue
            }
            let changed = Set((listed[anchor]?["changes"] as? [String: Any] ?? [:]).keys)
            if changed.isEmpty {
                #expect(old.dn == new.dn)
                #expect(old.values.map(\.name) == new.values.map(\.name), "\(old.dn)")
                #expect(zip(old.values, new.values).allSatisfy { $0.value == $1.value }, "\(old.dn) changed unlisted")
            } else {
                let skip = volatile.union(changed).union(changed.contains("dn") ? ["distinguishedName"] : [])
                let oldRest = old.values.filter { !skip.contains($0.name) }
                let newRest = new.values.filter { !skip.contains($0.name) }
                #expect(oldRest.map(\.name) == newRest.map(\.name))
                #expect(zip(oldRest, newRest).allSatisfy { $0.value == $1.value }, "\(old.dn): unlisted difference")
            }
        }
        let added = Set(after.keys).subtracting(fixture.baseline.peopleByAnchor.keys)
        #expect(added.allSatisfy { listed[$0]?["kind"] as? String == "add" })
    }

    @Test func membershipChangesAreExactlyTheSnapshotDifferences() throws {
        let fixture = try GeneratedFixture.get()
        func anchors(_ records: [MiniLDIF.Record]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: records.people.map { ($0.dn, $0.anchor!) })
        }
        let beforeAnchors = anchors(fixture.baseline), afterAnchors = anchors(fixture.next)
        let listed = fixture.drift["groups"] as? [[String: Any]] ?? []
        let listedByGroup = Dictionary(uniqueKeysWithValues: listed.map { ($0["group"] as! String, $0) })
        let groupDNs = fixture.baseline.filter { $0.changetype == "add" && $0.strings("objectClass").contains("group") }.map(\.dn)
        var anyChange = false
        for group in groupDNs {
            let old = Set(fixture.baseline.members(of: group).compactMap { beforeAnchors[$0] })
            let new = Set(fixture.next.members(of: group).compactMap { afterAnchors[$0] })
            let entry = listedByGroup[group]
            let added = Set((entry?["added"] as? [String] ?? []).compactMap { afterAnchors[$0] })
            let removed = Set((entry?["removed"] as? [String] ?? []).compactMap { beforeAnchors[$0] })
            #expect(added == new.subtracting(old), "\(group) added")
            #expect(removed == old.subtracting(new), "\(group) removed")
            #expect((entry?["added"] as? [String] ?? []).count == added.count)
            #expect((entry?["removed"] as? [String] ?? []).count == removed.count)
            anyChange = anyChange || !added.isEmpty || !removed.isEmpty
        }
        #expect(anyChange)
        #expect(Set(listedByGroup.keys).isSubset(of: Set(groupDNs)))
    }

    @Test func deltaHoldsExactlyTheChangedEntries() throws {
        let fixture = try GeneratedFixture.get()
        let minUSN = (fixture.drift["delta"] as? [String: Any])?["minUSN"] as? Int ?? 0
        #expect(minUSN > 0)
        let highest = fixture.baseline.compactMap { $0.string("uSNChanged").flatMap(Int.init) }.max() ?? 0
        #expect(highest < minUSN)
        let entries = fixture.delta.filter { $0.changetype == "add" }
        #expect(entries.allSatisfy { Int($0.string("uSNChanged") ?? "") ?? 0 >= minUSN })
        // The rest are ldifde's member continuations of large groups in the delta.
        let continuations = fixture.delta.filter { $0.changetype != "add" }
        let entryDNs = Set(entries.map(\.dn))
        #expect(continuations.allSatisfy { $0.changetype == "modify" && $0.operations == ["member"] && entryDNs.contains($0.dn) })

        let tombstones = fixture.delta.filter { $0.string("isDeleted") == "TRUE" }
        let removed = users(fixture).filter { $0["kind"] as? String == "remove" }
        #expect(tombstones.count == removed.count)
        for tombstone in tombstones {
            let anchor = tombstone.anchor!
            #expect(tombstone.dn.contains("\\0ADEL:" + anchor + ",CN=Deleted Objects,DC=contoso,DC=com"))
            #expect(tombstone.string("cn")?.contains("\nDEL:" + anchor) == true)
            #expect(removed.contains { $0["anchor"] as? String == anchor })
        }
        let listedAnchors = Set(users(fixture).map { $0["anchor"] as! String })
        let deltaAnchors = Set(fixture.delta.filter { $0.strings("objectClass").contains("user") }.compactMap(\.anchor))
        #expect(deltaAnchors == listedAnchors)
        // Moved people appear under their new DN, as in the next snapshot.
        let nextByAnchor = fixture.next.peopleByAnchor
        for record in fixture.delta.people { #expect(nextByAnchor[record.anchor!]?.dn == record.dn) }
        // The delta is what a uSNChanged filter over the next snapshot selects.
        let selected = fixture.next.filter { $0.changetype == "add" && Int($0.string("uSNChanged") ?? "") ?? 0 >= minUSN }
        #expect(Set(selected.map(\.dn)) == Set(fixture.delta.filter { $0.string("isDeleted") == nil }.map(\.dn)))
        let changedGroups = Set((fixture.drift["groups"] as? [[String: Any]] ?? []).map { $0["group"] as! String })
        let deltaGroups = Set(fixture.delta.filter { $0.strings("objectClass").contains("group") }.map(\.dn))
        #expect(deltaGroups == changedGroups)
        // A group in the delta carries its full membership, split like the full export.
        if deltaGroups.contains("CN=All Staff,OU=Groups,DC=contoso,DC=com") {
            #expect(fixture.delta.members(of: "CN=All Staff,OU=Groups,DC=contoso,DC=com")
                == fixture.next.members(of: "CN=All Staff,OU=Groups,DC=contoso,DC=com"))
        }
    }

    @Test func nextHRFollowsTheDrift() throws {
        let fixture = try GeneratedFixture.get()
        let ids = Set(fixture.nextHR.dropFirst().map { $0[0] })
        let nextByID = Dictionary(uniqueKeysWithValues: fixture.nextHR.dropFirst().map { ($0[0], $0) })
        for user in users(fixture) {
            guard let id = user["employeeID"] as? String else { continue }
            switch user["kind"] as? String {
            case "remove": #expect(!ids.contains(id))
            case "add": #expect(ids.contains(id))
            default:
                let changes = user["changes"] as? [String: [String: Any]] ?? [:]
                if let title = changes["title"]?["new"] as? String {
                    #expect(nextByID[id]?[2].hasPrefix(title) == true)
                }
            }
        }
        let nextAD = Set(fixture.next.people.compactMap { $0.string("employeeID") })
        #expect(Set(ids.filter { $0.hasPrefix("E") }) == nextAD)
    }
}
