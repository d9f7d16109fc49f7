/// Writes `delta.ldif`: what `ldifde -x -r "(uSNChanged>=N)"` gives for N one
/// above the baseline's highest USN — every changed or new entry in full as
/// `changetype: add` (moved ones under their new DN), every deleted user as its
/// `isDeleted: TRUE` tombstone, and every group whose membership changed.
struct DeltaWriter {
    let context: GenerationContext

    func write(baseline: Snapshot, next: Snapshot, nextMembers: [[Int32]], path: String) throws -> Int {
        let file = try OutputFile(path: path)
        var emitter = LDIFDEEmitter(file: file)
        for person in 0..<next.personCount where next.changeUSN[person] != 0 {
            if next.flags(person).contains(.removed) {
                let old = SyntheticUser(person: person, snapshot: baseline, context: context)
                try emitter.writeTombstone(
                    old, usnChanged: next.changeUSN[person],
                    whenChanged: Snapshot.nextTime - 3_600 + next.changeUSN[person] % 3_600, context: context)
            } else {
                try emitter.writeUser(SyntheticUser(person: person, snapshot: next, context: context), context: context)
            }
        }
        let groups = SnapshotWriter(context: context)
        for group in 0..<GroupCatalog.count where next.groupChangeUSN[group] != 0 {
            try groups.writeGroup(group, snapshot: next, members: nextMembers[group], emitter: &emitter)
        }
        try emitter.flush()
        return try file.finish()
    }
}
