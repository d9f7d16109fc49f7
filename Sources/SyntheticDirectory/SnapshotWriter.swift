/// Writes one snapshot: the full ldifde export and the HR extract, in one
/// pass over the people (each person's values are computed once for both).
struct SnapshotWriter {
    let context: GenerationContext

    struct Sizes {
        var ldif: Int
        var hr: Int
    }

    /// The members of every group in `snapshot`, as person indices in index order.
    static func memberLists(_ snapshot: Snapshot) -> [[Int32]] {
        var lists = [[Int32]](repeating: [], count: GroupCatalog.count)
        var groups: [Int] = []
        for person in 0..<snapshot.personCount where snapshot.isPresent(person) {
            GroupCatalog.groups(of: person, in: snapshot, into: &groups)
            for group in groups { lists[group].append(Int32(person)) }
        }
        return lists
    }

    func write(_ snapshot: Snapshot, members: [[Int32]], ldifPath: String, hrPath: String, contractorRows: Int) throws -> Sizes {
        let ldifFile = try OutputFile(path: ldifPath)
        let hrFile = try OutputFile(path: hrPath)
        var emitter = LDIFDEEmitter(file: ldifFile)
        var hr = HRExtractWriter(file: hrFile)

        for account in LDIFDEEmitter.serviceAccounts.indices {
            try emitter.writeServiceAccount(account, context: context)
        }
        for person in 0..<snapshot.personCount where snapshot.isPresent(person) {
            let user = SyntheticUser(person: person, snapshot: snapshot, context: context)
            try emitter.writeUser(user, context: context)
            try hr.writeEmployee(user)
        }
        try hr.writeContractors(count: contractorRows, tree: snapshot.baseline, context: context)
        for group in 0..<GroupCatalog.count {
            try writeGroup(group, snapshot: snapshot, members: members[group], emitter: &emitter)
        }
        try emitter.flush()
        try hr.flush()
        return Sizes(ldif: try ldifFile.finish(), hr: try hrFile.finish())
    }

    /// A group as of `snapshot`, with the uSNChanged drift gave it if it changed.
    func writeGroup(_ group: Int, snapshot: Snapshot, members: [Int32], emitter: inout LDIFDEEmitter) throws {
        let changed = snapshot.isNext && snapshot.groupChangeUSN[group] != 0
        let nested = GroupCatalog.nestedMembers(group)
        let tree = snapshot.tree
        let context = self.context
        try emitter.writeGroup(
            group, memberCount: nested.count + members.count,
            memberDN: { index in
                index < nested.count
                    ? context.groupDN(nested[index]) : context.distinguishedName(Int(members[index - nested.count]), tree)
            },
            usnChanged: changed ? snapshot.groupChangeUSN[group] : snapshot.baselineGroupUSN(group),
            whenChanged: changed ? Snapshot.nextTime - 1_800 : Snapshot.baselineTime - 86_400,
            context: context)
    }
}
