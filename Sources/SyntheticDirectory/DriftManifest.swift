import JSONText

/// Writes `drift.json`: the machine-readable truth of what the second
/// snapshot changed, for tests and for checking a sync's change report.
///
/// ```
/// {"seed":…,"users":N,"drift":F,"perCategory":k,"domain":…,"accountDomain":…,
///  "baseline":{"ldif":…,"hr":…,"highestUSN":H},"next":{"ldif":…,"hr":…},
///  "delta":{"ldif":"delta.ldif","minUSN":H+1},
///  "counts":{"remove":…,"move":…,"disable":…,"title":…,"telephoneNumber":…,"manager":…,
///            "membership":…,"add":…,"membershipAdded":…,"membershipRemoved":…},
///  "users":[{"anchor":GUID,"account":"CONTOSO\\sam","kind":"update|add|remove|move|disable",
///            "dn":…,"employeeID":…|null,"changes":{"attribute":{"old":…,"new":…}}}],
///  "groups":[{"group":DN,"added":[DN…],"removed":[DN…]}],
///  "unmatchedHRRows":["C000001",…]}
/// ```
/// A person's `kind` is the first that applies of remove, add, move, disable,
/// update. `changes` names LDAP attributes (`dn`, `department`, `manager`,
/// `title`, `telephoneNumber`, `userAccountControl`); a null old or new value
/// means absent. Group DNs of removed people are their baseline DNs.
struct DriftManifest {
    let context: GenerationContext

    struct Files {
        var baselineLDIF: String
        var baselineHR: String
        var nextLDIF: String
        var nextHR: String
        var delta: String
    }

    func write(
        baseline: Snapshot, next: Snapshot, drift: Drift, options: GeneratorOptions, files: Files,
        contractorRows: Int, path: String
    ) throws -> Int {
        let file = try OutputFile(path: path)
        let memberships = MembershipChange.all(from: baseline, to: next)
        var json = JSONWriter(reservingCapacity: 4_096)

        json.beginObject()
        json.key("seed"); json.raw(String(options.seed).utf8)
        json.key("users"); json.int(options.userCount)
        json.key("drift"); json.raw(String(describing: options.drift).utf8)
        json.key("perCategory"); json.int(drift.perCategory)
        json.key("domain"); json.string(context.names.dnsName)
        json.key("accountDomain"); json.string(context.names.netBIOS)
        json.key("baseline"); json.beginObject()
        json.key("ldif"); json.string(files.baselineLDIF)
        json.key("hr"); json.string(files.baselineHR)
        json.key("highestUSN"); json.int(Int(baseline.baselineHighestUSN))
        json.endObject()
        json.key("next"); json.beginObject()
        json.key("ldif"); json.string(files.nextLDIF)
        json.key("hr"); json.string(files.nextHR)
        json.endObject()
        json.key("delta"); json.beginObject()
        json.key("ldif"); json.string(files.delta)
        json.key("minUSN"); json.int(Int(baseline.baselineHighestUSN + 1))
        json.endObject()
        json.key("counts"); json.beginObject()
        for name in ["remove", "move", "disable", "title", "telephoneNumber", "manager", "membership", "add"] {
            json.key(name); json.int(drift.applied[name] ?? 0)
        }
        json.key("membershipAdded"); json.int(memberships.count(where: { $0.added }))
        json.key("membershipRemoved"); json.int(memberships.count(where: { !$0.added }))
        json.endObject()

        // The users array is streamed: one object per changed person, flushed as it grows.
        json.key("users"); json.beginArray()
        file.buffer.append(contentsOf: json.bytes)
        var first = true
        for person in 0..<next.personCount where !next.flags(person).intersection(DriftFlags.entryChanges).isEmpty {
            var entry = JSONWriter(reservingCapacity: 512)
            writeUser(person, baseline: baseline, next: next, into: &entry)
            if !first { file.buffer.append(UInt8(ascii: ",")) }
            first = false
            file.buffer.append(0x0A)
            entry.withBytes { file.buffer.append(contentsOf: $0) }
            try file.flushIfFull()
        }
        file.buffer.append(contentsOf: "],\n\"groups\":[".utf8)

        var index = 0
        first = true
        while index < memberships.count {
            let group = memberships[index].group
            var end = index
            while end < memberships.count && memberships[end].group == group { end += 1 }
            var entry = JSONWriter(reservingCapacity: 1_024)
            entry.beginObject()
            entry.key("group"); entry.string(context.groupDN(group))
            entry.key("added"); entry.beginArray()
            for change in memberships[index..<end] where change.added {
                entry.string(context.distinguishedName(change.person, next.tree))
            }
            entry.endArray()
            entry.key("removed"); entry.beginArray()
            for change in memberships[index..<end] where !change.added {
                entry.string(context.distinguishedName(change.person, baseline.tree))
            }
            entry.endArray()
            entry.endObject()
            if !first { file.buffer.append(UInt8(ascii: ",")) }
            first = false
            file.buffer.append(0x0A)
            entry.withBytes { file.buffer.append(contentsOf: $0) }
            try file.flushIfFull()
            index = end
        }
        file.buffer.append(contentsOf: "],\n\"unmatchedHRRows\":[".utf8)
        for row in 0..<contractorRows {
            if row > 0 { file.buffer.append(UInt8(ascii: ",")) }
            file.buffer.append(contentsOf: ("\"" + HRExtractWriter.contractorID(row) + "\"").utf8)
        }
        file.buffer.append(contentsOf: "]}\n".utf8)
        return try file.finish()
    }

    private func writeUser(_ person: Int, baseline: Snapshot, next: Snapshot, into json: inout JSONWriter) {
        let flags = next.flags(person)
        let old = flags.contains(.added) ? nil : SyntheticUser(person: person, snapshot: baseline, context: context)
        let new = flags.contains(.removed) ? nil : SyntheticUser(person: person, snapshot: next, context: context)
        let any = (new ?? old)!
        let kind =
            flags.contains(.removed) ? "remove"
            : flags.contains(.added) ? "add"
            : flags.contains(.moved) ? "move"
            : flags.contains(.disabled) ? "disable" : "update"
        json.beginObject()
        json.key("anchor"); json.string(ADValues.guidString(any.guid))
        json.key("account"); json.string(context.names.netBIOS + "\\" + any.accountName)
        json.key("kind"); json.string(kind)
        json.key("dn"); json.string(any.dn)
        json.key("employeeID"); json.string(any.employeeID)
        json.key("changes"); json.beginObject()
        func change(_ name: String, _ before: String?, _ after: String?) {
            guard before != after else { return }
            json.key(name); json.beginObject()
            json.key("old"); json.string(before)
            json.key("new"); json.string(after)
            json.endObject()
        }
        change("dn", old?.dn, new?.dn)
        if let old, let new {
            change("department", old.department, new.department)
            change("manager", old.managerDN, new.managerDN)
            change("title", old.title, new.title)
            change("telephoneNumber", old.telephoneNumber, new.telephoneNumber)
            change("userAccountControl", String(old.userAccountControl), String(new.userAccountControl))
        }
        json.endObject()
        json.endObject()
    }
}
