/// The groups of the synthetic directory and who belongs to which.
///
/// Groups are numbered: All Staff, Contractors, Leadership Team, Managers,
/// People Leaders (nested: Leadership Team + Managers), All Company (nested:
/// All Staff + Contractors), one `GRP-<Department>` per department, and the
/// project groups. All Staff holds every person in OU=Staff, so it exceeds
/// ldifde's 1,500-value split for any N above that.
enum GroupCatalog {
    static let allStaff = 0
    static let contractors = 1
    static let leadership = 2
    static let managers = 3
    static let peopleLeaders = 4
    static let allCompany = 5
    static let firstDepartment = 6
    static var firstProject: Int { firstDepartment + OrgCatalog.departments.count }
    static var count: Int { firstProject + OrgTree.projectGroupCount }

    static let projectNames = [
        "Aurora", "Borealis", "Cascade", "Dynamo", "Everest", "Fjord",
        "Glacier", "Horizon", "Ironwood", "Juniper", "Kestrel", "Lighthouse",
    ]

    /// `GROUP_TYPE_*` values as AD stores them (signed 32-bit).
    static let globalSecurity: Int64 = -2_147_483_646
    static let universalSecurity: Int64 = -2_147_483_640
    static let universalDistribution: Int64 = 8

    static func name(_ group: Int) -> String {
        switch group {
        case allStaff: "All Staff"
        case contractors: "Contractors"
        case leadership: "Leadership Team"
        case managers: "Managers"
        case peopleLeaders: "People Leaders"
        case allCompany: "All Company"
        case firstDepartment..<firstProject: "GRP-" + OrgCatalog.departments[group - firstDepartment].name
        default: "Project " + projectNames[group - firstProject]
        }
    }

    static func accountName(_ group: Int) -> String {
        String(name(group).replacingOccurrences(of: " ", with: "-").prefix(20))
    }

    static func groupType(_ group: Int) -> Int64 {
        switch group {
        case allStaff, allCompany: universalDistribution
        case firstProject...: universalSecurity
        default: globalSecurity
        }
    }

    /// Groups whose members are other groups.
    static func nestedMembers(_ group: Int) -> [Int] {
        switch group {
        case peopleLeaders: [leadership, managers]
        case allCompany: [allStaff, contractors]
        default: []
        }
    }

    /// The groups a present person belongs to in `snapshot`, appended to `into`.
    static func groups(of person: Int, in snapshot: Snapshot, into groups: inout [Int]) {
        groups.removeAll(keepingCapacity: true)
        let tree = snapshot.tree
        switch OrgTree.Container(rawValue: tree.container[person])! {
        case .disabled: return
        case .contractor: groups.append(contractors)
        case .staff:
            groups.append(allStaff)
            groups.append(firstDepartment + Int(tree.department[person]))
        }
        switch OrgTree.Level(rawValue: tree.level[person])! {
        case .ceo, .director: groups.append(leadership)
        case .manager: groups.append(managers)
        case .staff: break
        }
        let project = Int(tree.project[person])
        if project > 0 { groups.append(firstProject + project - 1) }
    }
}
