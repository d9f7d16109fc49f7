/// The people of the company and who reports to whom, in compact arrays
/// (one entry per person, indexed by person number).
///
/// Person 0 is the CEO, 1...10 the department directors, then ~1/15 of the
/// rest are managers, and everyone else is staff. A manager always has a
/// lower index than the person reporting to them, so the hierarchy has no cycles.
/// Indices `baselineCount..<count` are the people the second snapshot hires.
struct OrgTree: Sendable {
    enum Level: UInt8 { case ceo = 0, director, manager, staff }
    enum Container: UInt8 { case staff = 0, contractor, disabled }

    static let projectGroupCount = 12

    let baselineCount: Int
    let count: Int
    let managerCount: Int
    var level: [UInt8]
    var department: [UInt8]
    var manager: [Int32]
    var container: [UInt8]
    var site: [UInt8]
    var project: [UInt8]
    var given: [UInt16]
    var surname: [UInt16]
    /// 0 for the first person with this (given, surname) pair, n for the n+1-th:
    /// CN and mail get the suffix n+1.
    var nameSerial: [UInt32]
    /// The same for the (given initial, surname) account-name stem.
    var accountSerial: [UInt32]

    /// First index of the managers and of the staff.
    static let firstManager = 1 + OrgCatalog.workingCount
    var firstStaff: Int { Self.firstManager + managerCount }

    init(seed: UInt64, baselineCount: Int, count: Int) {
        self.baselineCount = baselineCount
        self.count = count
        managerCount = baselineCount > Self.firstManager ? (baselineCount - Self.firstManager) / 15 : 0
        level = [UInt8](repeating: 0, count: count)
        department = [UInt8](repeating: 0, count: count)
        manager = [Int32](repeating: -1, count: count)
        container = [UInt8](repeating: 0, count: count)
        site = [UInt8](repeating: 0, count: count)
        project = [UInt8](repeating: 0, count: count)
        given = [UInt16](repeating: 0, count: count)
        surname = [UInt16](repeating: 0, count: count)
        nameSerial = [UInt32](repeating: 0, count: count)
        accountSerial = [UInt32](repeating: 0, count: count)

        let surnameCount = NamePools.surnames.count
        var nameCounts = [UInt32](repeating: 0, count: NamePools.given.count * surnameCount)
        var accountCounts = [UInt32](repeating: 0, count: 26 * surnameCount)
        let initials: [Int] = NamePools.givenLower.map { Int($0.utf8.first! &- UInt8(ascii: "a")) }

        for index in 0..<count {
            var random = SeededRandom(seed: seed, stream: 1, index: index)
            let names = NamePools.draw(&random)
            given[index] = UInt16(names.given)
            surname[index] = UInt16(names.surname)
            let nameKey = names.given * surnameCount + names.surname
            nameSerial[index] = nameCounts[nameKey]
            nameCounts[nameKey] += 1
            let accountKey = initials[names.given] * surnameCount + names.surname
            accountSerial[index] = accountCounts[accountKey]
            accountCounts[accountKey] += 1

            if index == 0 {
                level[index] = Level.ceo.rawValue
            } else if index < Self.firstManager && index < baselineCount {
                level[index] = Level.director.rawValue
                department[index] = UInt8(index)
                manager[index] = 0
            } else if index < firstStaff && index < baselineCount {
                level[index] = Level.manager.rawValue
                let dept = 1 + (index - Self.firstManager) % OrgCatalog.workingCount
                department[index] = UInt8(dept)
                manager[index] = Int32(dept)
                site[index] = UInt8(random.below(OrgCatalog.sites.count))
            } else {
                level[index] = Level.staff.rawValue
                let dept = OrgCatalog.drawDepartment(&random)
                department[index] = UInt8(dept)
                manager[index] = Int32(pickManager(department: dept, &random, excluding: -1))
                site[index] = UInt8(random.below(OrgCatalog.sites.count))
                if index < baselineCount {
                    if random.chance(0.03) {
                        container[index] = Container.contractor.rawValue
                    } else if random.chance(0.02) {
                        container[index] = Container.disabled.rawValue
                    }
                }
                if container[index] != Container.disabled.rawValue {
                    let slot = random.below(2 * Self.projectGroupCount)
                    if slot < Self.projectGroupCount { project[index] = UInt8(slot + 1) }
                }
            }
        }
    }

    /// Number of managers of working department `department` (1...10).
    func managers(in department: Int) -> Int {
        let offset = department - 1
        return managerCount > offset ? (managerCount - offset + OrgCatalog.workingCount - 1) / OrgCatalog.workingCount : 0
    }

    /// A manager of `department` other than `excluding`: one of its managers,
    /// else its director. Every candidate has a lower index than any staff member.
    func pickManager(department: Int, _ random: inout SeededRandom, excluding: Int) -> Int {
        let available = managers(in: department)
        // Candidates: the department's managers, then its director.
        let candidateCount = available + (department < baselineCount ? 1 : 0)
        guard candidateCount > 0 else { return 0 }
        func candidate(_ k: Int) -> Int {
            k < available ? Self.firstManager + (department - 1) + k * OrgCatalog.workingCount : department
        }
        let pick = random.below(candidateCount)
        if candidate(pick) != excluding { return candidate(pick) }
        // Step to the next candidate so a manager change always changes something.
        return candidateCount > 1 ? candidate((pick + 1) % candidateCount) : 0
    }

    func isStaffLevel(_ index: Int) -> Bool { level[index] == Level.staff.rawValue }
}
