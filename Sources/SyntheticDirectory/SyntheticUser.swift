/// Everything written about one person in one snapshot: the AD attributes and
/// the matching HR row.
///
/// Built from the person's own random stream, so the same person comes out
/// identical in both snapshots except for what drift changed.
struct SyntheticUser {
    var person: Int
    var dn: String
    var parentDN: String
    var cn: String
    var givenName: String
    var surname: String
    var displayName: String
    var accountName: String
    var userPrincipalName: String
    var mail: String
    var proxyAddresses: [String]
    var telephoneNumber: String
    var title: String
    var department: String
    var office: String
    var company: String
    var employeeID: String?
    var managerDN: String?
    var userAccountControl: Int64
    var guid: [UInt8]
    var sid: [UInt8]
    var whenCreated: Int64
    var whenChanged: Int64
    var usnCreated: Int64
    var usnChanged: Int64
    var pwdLastSet: Int64
    var accountExpires: Int64
    var description: String?
    var thumbnailPhoto: [UInt8]?

    // The HR system's view of the person.
    var hrDepartment: String
    var hrTitle: String
    var costCenter: String
    var hireDate: String
    var skills: [String]
    var managerEmployeeID: String?

    /// uAC: NORMAL_ACCOUNT 0x200, + ACCOUNTDISABLE 0x2; service accounts add DONT_EXPIRE_PASSWORD 0x10000.
    static let normalAccount: Int64 = 512
    static let disabledAccount: Int64 = 514
    static let serviceAccount: Int64 = 66_048

    private static let longDescriptionTail =
        " transformation programme until further notice; responsibilities include vendor onboarding, "
        + "quarterly access reviews and the migration of legacy file shares to SharePoint Online."

    init(person: Int, snapshot: Snapshot, context: GenerationContext) {
        let tree = snapshot.tree
        let base = snapshot.baseline
        let flags = snapshot.flags(person)
        self.person = person
        var random = SeededRandom(seed: context.seed, stream: 2, index: person)

        cn = context.commonName(person, tree)
        parentDN = context.parentDN(person, tree)
        dn = "CN=" + DirectoryNames.escape(cn) + "," + parentDN
        givenName = NamePools.given[Int(tree.given[person])].display
        surname = NamePools.surnames[Int(tree.surname[person])].display
        displayName = givenName + " " + surname
        accountName = context.accountName(person, tree)
        userPrincipalName = accountName + "@" + context.names.dnsName
        let serial = tree.nameSerial[person]
        let local = NamePools.givenLower[Int(tree.given[person])] + "." + NamePools.surnameLower[Int(tree.surname[person])]
            + (serial == 0 ? "" : String(serial + 1))
        mail = local + "@" + context.names.dnsName
        proxyAddresses = [
            "SMTP:" + mail, "smtp:" + accountName + "@" + context.names.dnsName,
            "smtp:" + local + "@" + context.names.stem + ".mail.onmicrosoft.com",
        ]

        guid = GenerationContext.guid(&random)
        sid = ADValues.sidBytes(domain: context.domainSID, rid: GenerationContext.firstPersonRID + UInt32(person))

        // Titles are drawn from the baseline department, so a move keeps the title.
        let baseDepartment = OrgCatalog.departments[Int(base.department[person])]
        let titleIndex = random.below(baseDepartment.staffTitles.count)
        let isContractor = tree.container[person] == OrgTree.Container.contractor.rawValue
        switch OrgTree.Level(rawValue: tree.level[person])! {
        case .ceo: title = baseDepartment.directorTitle
        case .director: title = baseDepartment.directorTitle
        case .manager: title = baseDepartment.managerTitle
        case .staff: title = baseDepartment.staffTitles[titleIndex]
        }
        if flags.contains(.title) {
            var change = SeededRandom(seed: context.seed, stream: Drift.Stream.title, index: person)
            let titles = baseDepartment.staffTitles
            title = titles[(titleIndex + 1 + change.below(max(1, titles.count - 1))) % titles.count]
        }
        let departmentEntry = OrgCatalog.departments[Int(tree.department[person])]
        department = departmentEntry.name
        let site = OrgCatalog.sites[Int(tree.site[person])]
        office = site.office
        var phoneDigits = random.below(10_000)
        if flags.contains(.phone) {
            var change = SeededRandom(seed: context.seed, stream: Drift.Stream.phone, index: person)
            phoneDigits = (phoneDigits + 1 + change.below(9_999)) % 10_000
        }
        let phoneText = String(phoneDigits)
        telephoneNumber = site.phonePrefix + " " + String(repeating: "0", count: 4 - phoneText.count) + phoneText
        employeeID = context.employeeID(person, tree)
        let managerIndex = Int(tree.manager[person])
        managerDN = managerIndex >= 0 ? context.distinguishedName(managerIndex, tree) : nil
        managerEmployeeID = managerIndex >= 0 ? context.employeeID(managerIndex, tree) : nil

        userAccountControl =
            tree.container[person] == OrgTree.Container.disabled.rawValue || flags.contains(.disabled)
            ? Self.disabledAccount : Self.normalAccount

        // Accounts were created in index order over fifteen years; hires during the drift week.
        let baselineCount = Int64(max(base.baselineCount, 1))
        let span: Int64 = 15 * 365 * 86_400 - 30 * 86_400
        let jitter = Int64(random.below(3 * 86_400))
        if person < base.baselineCount {
            whenCreated = Snapshot.baselineTime - 15 * 365 * 86_400 + Int64(person) * span / baselineCount + jitter
        } else {
            whenCreated = Snapshot.baselineTime + 86_400 + jitter
        }
        whenChanged = min(whenCreated + Int64(random.below(400 * 86_400)), Snapshot.baselineTime - 3600)
        // Taken before drift's whenChanged: a title change does not reset the password.
        let passwordBase = person < base.baselineCount ? whenChanged : whenCreated
        usnCreated = Snapshot.createdUSN(person)
        usnChanged = usnCreated + 1 + Int64(random.below(3))
        let changeUSN = snapshot.changeUSN.isEmpty ? 0 : snapshot.changeUSN[person]
        if changeUSN != 0 {
            whenChanged = Snapshot.nextTime - 3600 + changeUSN % 3600
            usnChanged = changeUSN
            if flags.contains(.added) {
                usnCreated = changeUSN
                whenCreated = min(whenCreated, whenChanged)
            }
        }

        pwdLastSet = random.chance(0.01) ? 0 : ADValues.fileTime(passwordBase - Int64(random.below(90 * 86_400)))
        let expiresNever = random.chance(0.6)
        let contractDays = Int64(random.within(30...365))
        if isContractor {
            accountExpires = ADValues.fileTime(Snapshot.baselineTime + contractDays * 86_400)
            company = OrgCatalog.contractorAgencies[person % OrgCatalog.contractorAgencies.count]
        } else {
            accountExpires = expiresNever ? ADValues.never : 0
            company = context.company
        }
        description = random.chance(0.005) ? "Seconded to the " + baseDepartment.name + Self.longDescriptionTail : nil

        // HR: some titles more precise, some departments under HR's own names.
        let precise = random.chance(0.10)
        let suffix = random.pick(OrgCatalog.precisionSuffixes)
        hrTitle = precise ? title + suffix : title
        hrDepartment = random.chance(0.05) ? departmentEntry.hrName : departmentEntry.name
        hireDate = ADValues.isoDate(whenCreated - Int64(random.below(20 * 86_400)))
        // Skills and cost center follow the baseline department: a move changes the
        // department alone, as drift.json says.
        let skillPool = baseDepartment.skills
        let skillCount = random.within(1...min(4, skillPool.count))
        var skills: [String] = []
        var skillStart = random.below(skillPool.count)
        while skills.count < skillCount {
            skills.append(skillPool[skillStart % skillPool.count])
            skillStart += 1
        }
        self.skills = skills
        costCenter = "CC-" + String(baseDepartment.costCenterBase + Int(tree.site[person]) * 10 + random.below(10))

        // Last, because its length varies: nothing drawn after it can shift.
        if random.chance(0.01) {
            let size = random.within(2_000...6_000)
            var photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00]
            photo += random.bytes(size - photo.count - 2)
            photo += [0xFF, 0xD9]
            thumbnailPhoto = photo
        } else {
            thumbnailPhoto = nil
        }
    }
}
