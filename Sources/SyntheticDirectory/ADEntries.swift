/// How AD objects look in an ldifde export: attribute names and order, as
/// `ldifde -f` writes users, groups and (with `-x`) deleted-object tombstones.
extension LDIFDEEmitter {
    /// ldifde writes at most this many values of one attribute per record; a
    /// larger group continues in `changetype: modify` / `add: member` records.
    static let valuesPerRecord = 1_500

    mutating func writeUser(_ user: SyntheticUser, context: GenerationContext) throws {
        try beginEntry(dn: user.dn)
        for objectClass in ["top", "person", "organizationalPerson", "user"] { attribute("objectClass", objectClass) }
        attribute("cn", user.cn)
        attribute("sn", user.surname)
        if let description = user.description { attribute("description", description) }
        attribute("title", user.title)
        attribute("physicalDeliveryOfficeName", user.office)
        attribute("telephoneNumber", user.telephoneNumber)
        attribute("givenName", user.givenName)
        attribute("distinguishedName", user.dn)
        attribute("instanceType", 4)
        attribute("whenCreated", ADValues.generalizedTime(user.whenCreated))
        attribute("whenChanged", ADValues.generalizedTime(user.whenChanged))
        attribute("displayName", user.displayName)
        attribute("uSNCreated", user.usnCreated)
        attribute("uSNChanged", user.usnChanged)
        attribute("department", user.department)
        attribute("company", user.company)
        for address in user.proxyAddresses { attribute("proxyAddresses", address) }
        if let employeeID = user.employeeID { attribute("employeeID", employeeID) }
        attribute("name", user.cn)
        attribute("objectGUID", binary: user.guid)
        attribute("userAccountControl", user.userAccountControl)
        attribute("pwdLastSet", user.pwdLastSet)
        attribute("primaryGroupID", 513)
        attribute("objectSid", binary: user.sid)
        attribute("accountExpires", user.accountExpires)
        attribute("sAMAccountName", user.accountName)
        attribute("sAMAccountType", 805_306_368)
        attribute("userPrincipalName", user.userPrincipalName)
        attribute("objectCategory", context.names.personCategory)
        attribute("mail", user.mail)
        if let manager = user.managerDN { attribute("manager", manager) }
        if let photo = user.thumbnailPhoto { attribute("thumbnailPhoto", binary: photo) }
        endRecord()
    }

    /// A group: the first 1,500 members in the `add` record, the rest in
    /// `changetype: modify` records of up to 1,500 `add: member` values each.
    mutating func writeGroup(
        _ group: Int, memberCount: Int, memberDN: (Int) -> String, usnChanged: Int64, whenChanged: Int64,
        context: GenerationContext
    ) throws {
        let dn = context.groupDN(group)
        let name = GroupCatalog.name(group)
        var random = SeededRandom(seed: context.seed, stream: 12, index: group)
        try beginEntry(dn: dn)
        attribute("objectClass", "top")
        attribute("objectClass", "group")
        attribute("cn", name)
        attribute("description", Self.groupDescription(group))
        // Member DNs are produced one at a time: All Staff of a million people is
        // never held as a million strings.
        let firstChunk = min(memberCount, Self.valuesPerRecord)
        for member in 0..<firstChunk { attribute("member", memberDN(member)) }
        attribute("distinguishedName", dn)
        attribute("instanceType", 4)
        attribute("whenCreated", ADValues.generalizedTime(Snapshot.baselineTime - 15 * 365 * 86_400 + Int64(group) * 3_600))
        attribute("whenChanged", ADValues.generalizedTime(whenChanged))
        attribute("uSNCreated", Snapshot.groupCreatedUSN(group))
        attribute("uSNChanged", usnChanged)
        attribute("name", name)
        attribute("objectGUID", binary: GenerationContext.guid(&random))
        attribute("objectSid", binary: ADValues.sidBytes(domain: context.domainSID, rid: 1150 + UInt32(group)))
        attribute("sAMAccountName", GroupCatalog.accountName(group))
        let type = GroupCatalog.groupType(group)
        attribute("sAMAccountType", type < 0 ? 268_435_456 : 268_435_457)
        attribute("groupType", type)
        attribute("objectCategory", context.names.groupCategory)
        endRecord()
        var start = firstChunk
        while start < memberCount {
            let end = min(start + Self.valuesPerRecord, memberCount)
            try beginEntry(dn: dn, changetype: "modify")
            line("add: member")
            for member in start..<end {
                attribute("member", memberDN(member))
                try flushIfFull()
            }
            line("-")
            endRecord()
            start = end
        }
    }

    static func groupDescription(_ group: Int) -> String {
        switch group {
        case GroupCatalog.allStaff: "Everyone in OU=Staff (distribution list)"
        case GroupCatalog.contractors: "External contractors"
        case GroupCatalog.leadership: "CEO and department directors"
        case GroupCatalog.managers: "People managers"
        case GroupCatalog.peopleLeaders: "Leadership Team and Managers (nested)"
        case GroupCatalog.allCompany: "All Staff and Contractors (nested)"
        case GroupCatalog.firstDepartment..<GroupCatalog.firstProject:
            "Members of the " + OrgCatalog.departments[group - GroupCatalog.firstDepartment].name + " department"
        default: "Project team " + GroupCatalog.projectNames[group - GroupCatalog.firstProject]
        }
    }

    static let serviceAccounts: [(name: String, purpose: String)] = [
        ("svc-sharepoint", "SharePoint farm account"), ("svc-sqlserver", "SQL Server engine"),
        ("svc-backup", "Backup agent"), ("svc-profilesync", "User Profile synchronization"),
        ("svc-exchange", "Exchange hybrid connector"),
    ]

    mutating func writeServiceAccount(_ index: Int, context: GenerationContext) throws {
        let account = Self.serviceAccounts[index]
        let dn = "CN=" + account.name + "," + context.names.serviceContainer
        var random = SeededRandom(seed: context.seed, stream: 9, index: index)
        let created = Snapshot.baselineTime - 16 * 365 * 86_400 + Int64(index) * 86_400
        try beginEntry(dn: dn)
        for objectClass in ["top", "person", "organizationalPerson", "user"] { attribute("objectClass", objectClass) }
        attribute("cn", account.name)
        attribute("description", account.purpose)
        attribute("distinguishedName", dn)
        attribute("instanceType", 4)
        attribute("whenCreated", ADValues.generalizedTime(created))
        attribute("whenChanged", ADValues.generalizedTime(created + 86_400))
        attribute("uSNCreated", Snapshot.serviceAccountUSN(index))
        attribute("uSNChanged", Snapshot.serviceAccountUSN(index) + 1)
        attribute("name", account.name)
        attribute("objectGUID", binary: GenerationContext.guid(&random))
        attribute("userAccountControl", SyntheticUser.serviceAccount)
        attribute("pwdLastSet", ADValues.fileTime(created + 86_400))
        attribute("primaryGroupID", 513)
        attribute("objectSid", binary: ADValues.sidBytes(domain: context.domainSID, rid: 1100 + UInt32(index)))
        attribute("accountExpires", ADValues.never)
        attribute("sAMAccountName", account.name)
        attribute("sAMAccountType", 805_306_368)
        attribute("userPrincipalName", account.name + "@" + context.names.dnsName)
        attribute("objectCategory", context.names.personCategory)
        endRecord()
    }

    /// What `ldifde -x` shows of a deleted user: the tombstone under Deleted
    /// Objects, its RDN mangled to `<cn>\0ADEL:<guid>`, same objectGUID.
    mutating func writeTombstone(_ user: SyntheticUser, usnChanged: Int64, whenChanged: Int64, context: GenerationContext) throws {
        let guid = ADValues.guidString(user.guid)
        let dn = "CN=" + DirectoryNames.escape(user.cn) + "\\0ADEL:" + guid + "," + context.names.deletedObjects
        let mangled = user.cn + "\nDEL:" + guid
        try beginEntry(dn: dn)
        for objectClass in ["top", "person", "organizationalPerson", "user"] { attribute("objectClass", objectClass) }
        attribute("cn", mangled)
        attribute("distinguishedName", dn)
        attribute("instanceType", 4)
        attribute("whenCreated", ADValues.generalizedTime(user.whenCreated))
        attribute("whenChanged", ADValues.generalizedTime(whenChanged))
        attribute("uSNCreated", user.usnCreated)
        attribute("isDeleted", "TRUE")
        attribute("uSNChanged", usnChanged)
        attribute("name", mangled)
        attribute("objectGUID", binary: user.guid)
        attribute("objectSid", binary: user.sid)
        attribute("sAMAccountName", user.accountName)
        attribute("lastKnownParent", user.parentDN)
        attribute("objectCategory", context.names.personCategory)
        endRecord()
    }
}
