extension ProfileBuilder {
    /// Names what a profile's build reads and this code makes of it. Bump it
    /// whenever a change to the builder, `PropertyValueConverter`, the
    /// expression functions or the default mappings makes the same inputs
    /// give different properties: stored input digests then stop matching,
    /// and the next run builds every profile once, as after a changed
    /// configuration, rewriting those whose content differs. Left as it was,
    /// profiles whose inputs did not change would keep what the older code
    /// made of them. Bumped too when the digest itself is made differently
    /// (2: the entry digested by `DirectoryEntry.snapshotDigest`, not as
    /// its assembled snapshot's bytes), which costs the first run after it
    /// the same.
    static let inputRevision = "profilesync profile inputs 2"

    /// The positions of `extract`'s fields that `plans` read, ascending.
    static func fieldsRead(by plans: [PropertyPlan], from extract: BusinessData?) -> [Int] {
        guard let extract else { return [] }
        var read = Set<Int>()
        for plan in plans {
            for source in plan.sources {
                switch source {
                case .business(let owner, let field) where owner == extract.connection.name:
                    if let position = extract.fieldPosition(field) { read.insert(position) }
                case .expression(let expression):
                    for reference in expression.references where reference.connection == extract.connection.name {
                        if let position = extract.fieldPosition(reference.attribute) { read.insert(position) }
                    }
                default: break
                }
            }
        }
        return read.sorted()
    }

    /// The digest every profile's `inputDigest` continues: the revision, the
    /// configuration's scope (mappings, joins, connections), the plans in
    /// their order (the order of a profile's properties), and each join
    /// slot's extract fields and which of them the plans read.
    static func inputSeed(plans: [PropertyPlan], scope: String, extracts: [BusinessData?], fields: [[Int]]) -> UInt64 {
        var digest = ContentDigest()
        digest.add(inputRevision)
        digest.add(scope)
        digest.add(plans.count)
        for plan in plans {
            digest.add(plan.name)
            digest.add(plan.type.rawValue)
            digest.add(plan.multiValue ? "multi" : "single")
            digest.add(plan.separator ?? "")
        }
        digest.add(extracts.count)
        for (extract, read) in zip(extracts, fields) {
            let names = extract?.entity.fields.map(\.name) ?? []
            digest.add(names.count)
            for name in names { digest.add(name) }
            digest.add(read.count)
            for position in read { digest.add(position) }
        }
        return digest.value
    }

    /// The digest of everything `properties(of:…)` reads for one profile:
    /// its connection and account, its entry (as the snapshot the store
    /// keeps, DN included), the fields its plans read in its joined business
    /// rows, and what its person values resolved to (`PersonLookups`: a
    /// manager renamed or gone changes them while this entry stays as it
    /// was). The builder is pure, so a profile whose digest and scope
    /// decision match the store's would be built exactly as stored: the
    /// engine then skips building it.
    ///
    /// `snapshot` is the entry's `snapshotDigest(nameDigests:)`; `lookups`
    /// is `personLookups(…)`, or what a build recorded.
    func inputDigest(
        snapshot: UInt64, connection: String, account: String, joins: JoinedRows.Profile, lookups: UInt64
    ) -> UInt64 {
        var digest = ContentDigest(continuing: inputSeed)
        digest.add(connection)
        digest.add(account)
        digest.add(snapshot)
        for slot in slotExtracts.indices {
            let rows = joins.rows(slot: slot)
            digest.add(rows.count)
            guard let extract = slotExtracts[slot], !rows.isEmpty else { continue }
            self.extract(extract) { $0.add(rows: rows, fields: slotFields[slot], to: &digest) }
        }
        digest.add(lookups)
        return digest.value
    }

    /// The person lookups that `properties(of:…)` would make for this
    /// profile, made in the same order (plan by plan, each plan's sources
    /// up to the first that gives a value), and recorded. `resolvePerson`
    /// takes a DN's UTF-8, and must answer as the build's resolver does.
    func personLookups(
        of entry: DirectoryEntry, connection: String, account: String, joins: JoinedRows.Profile,
        resolvePerson: (UnsafeBufferPointer<UInt8>) -> String?
    ) -> UInt64 {
        var lookups = PersonLookups()
        guard !personPlans.isEmpty else { return lookups.value }
        let table = table(of: connection)
        var ignored: [Problem] = []
        plans.withUnsafeBufferPointer { plans in
            for index in personPlans {
                // This plan's sources are at `offset` in the table's reads.
                let offset = table.sourceCounts[..<index].reduce(0, +)
                for sourceIndex in plans[index].sources.indices {
                    let read = table.reads[offset + sourceIndex]
                    guard read.kind != .skip else { continue }
                    if read.business == nil,
                        let found = Self.lookUpInPlace(
                            plans.baseAddress! + index, sourceIndex: sourceIndex, entry: entry, connection: connection,
                            lookups: &lookups, resolvePerson: resolvePerson)
                    {
                        if found { break }
                        continue
                    }
                    let values = values(
                        plans.baseAddress! + index, sourceIndex: sourceIndex, label: "", entry: entry,
                        connection: connection, account: account, joins: joins,
                        resolvePerson: { dn in
                            lookups.resolve(dn) { dn in
                                var dn = dn
                                return dn.withUTF8(resolvePerson)
                            }
                        },
                        problems: &ignored, business: read.business)
                    if !values.isEmpty { break }
                }
            }
        }
        return lookups.value
    }

    /// The lookups of a person plan's source that is a plain directory
    /// attribute (text values, no splitting, not the DN), made from the
    /// values' bytes as they lie: `values(…)` made a string of each value
    /// and arrays around them, most of what a skipped profile cost. True
    /// when some value named a known person (the source gives a value),
    /// false when none did, nil when this is not such a source.
    private static func lookUpInPlace(
        _ plan: UnsafePointer<PropertyPlan>, sourceIndex: Int, entry: DirectoryEntry, connection: String,
        lookups: inout PersonLookups, resolvePerson: (UnsafeBufferPointer<UInt8>) -> String?
    ) -> Bool? {
        guard plan.pointee.separator?.isEmpty ?? true,
            case .directory(let owner, let key, _, false) = plan.pointee.sources[sourceIndex],
            key != "dn", key != "distinguishedname"
        else { return nil }
        if let owner, owner != connection { return false }
        let values = entry.values(for: plan.pointee.lookups[sourceIndex]!)
        // A binary value converts (to base64) before it is looked up: the general path.
        var allText = true
        values.forEachEncoded { _, isText in allText = allText && isText }
        guard allText else { return nil }
        // Every value is looked up, in order, as `finish` resolves them all.
        var found = false
        values.forEachEncoded { dn, _ in
            guard !dn.isEmpty else { return }
            if lookups.resolve(utf8: dn, through: resolvePerson) != nil { found = true }
        }
        return found
    }
}

/// The answers a profile's build got from `resolvePerson`, in order.
///
/// They are all a build reads besides its entry, its rows and the
/// configuration: given those, the same answers make the same lookups and
/// the same properties.
struct PersonLookups {
    private var digest = ContentDigest()

    /// Looks `dn` up through `resolve` and records the answer.
    mutating func resolve(_ dn: String, through resolve: (String) -> String?) -> String? {
        record(resolve(dn))
    }

    /// `resolve(_:through:)` for a DN's UTF-8.
    mutating func resolve(
        utf8 dn: UnsafeBufferPointer<UInt8>, through resolve: (UnsafeBufferPointer<UInt8>) -> String?
    ) -> String? {
        record(resolve(dn))
    }

    private mutating func record(_ account: String?) -> String? {
        if let account {
            digest.add(1)
            digest.add(account)
        } else {
            digest.add(0)
        }
        return account
    }

    var value: UInt64 { digest.value }
}
