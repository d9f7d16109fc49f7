import BDCModel
import Diagnostics
import Foundation
import Synchronization

/// Runs one synchronization (DESIGN §4): reads the connections, computes
/// every profile and group, and diffs them against the store's prior state.
/// It writes nothing: the caller commits the `RunResult` (or not).
public struct SyncEngine {
    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// A directory user or group found in this run.
    ///
    /// A class: the stages after classification read candidates on every
    /// core and in several loops, and a struct copy retained each of its
    /// strings and the entry's buffers every time.
    private final class Candidate: Sendable {
        let key: ProfileKey
        let entry: DirectoryEntry
        let account: String
        let decision: ScopeDecision

        /// The connection's name (the key's; a copy of it here was 16 bytes
        /// a candidate, and the member key, which groups take from the run's
        /// list by position, another 16 and a string held).
        var connection: String { key.connection }

        init(key: ProfileKey, entry: DirectoryEntry, account: String, decision: ScopeDecision) {
            self.key = key
            self.entry = entry
            self.account = account
            self.decision = decision
        }
    }

    /// What a classified entry became (`run`, classify and scope).
    private enum Classified {
        case user(Candidate)
        case group(Candidate)
        /// A user outside the configured containers that the store does not hold: only counted.
        case outside
        /// Out of scope, or neither user nor group.
        case skipped
    }

    /// The business extracts as read on the other core, with their diagnostics.
    /// Unchecked Sendable: handed over whole, used by one thread at a time.
    private struct BusinessReadResult: @unchecked Sendable {
        var business: [String: BusinessData]
        var log: DiagnosticLog
    }

    /// What classification learns of an entry, before the maps are filled in order.
    private struct EntryIdentity {
        var kind: ObjectKind
        var anchor: String?
        var dnKey: String
        /// `connection/anchor`: how group memberships name this entry.
        var memberKey: String?
        var account: String?
    }

    /// One group as built from its entry, before the diff.
    private struct BuiltGroup: Sendable {
        var members: [String]
        var name: String
        var snapshot: EntrySnapshot
        var digest: ContentDigest
        /// Nil when the stored digest matches: nothing to write or report.
        var diff: GroupDiff?
    }

    /// How a group's members changed since the store's copy.
    private struct GroupDiff: Sendable {
        var isNew: Bool
        var movedOrChanged: Bool
        var added: Int
        var removed: Int
        var change: ProfileChange?
    }

    /// What each chunk of a build window reuses from one profile to the next.
    private struct BuildScratch {
        var properties = PropertyList()
        var labels = PropertyLabelUTF8()
        /// Attribute names' digests by key number (`DirectoryEntry.snapshotDigest`).
        var nameDigests: [UInt64] = []
    }

    /// One profile as built from its sources, before the diff.
    private struct BuiltProfile {
        /// Nil once moved into the run's writes, or when the stored profile
        /// was not built (`skipped`): putting an empty profile in its place
        /// copied one, eight calls to `swift_retain` a profile (on the
        /// runtime's empty objects, but calls all the same).
        var profile: Profile?
        var problems: [ProfileBuilder.Problem]
        var snapshot: EntrySnapshot
        var digest: UInt64
        /// Its input digest, to record: nil when its build reported problems.
        var inputs: UInt64?
        /// The stored profile, read in place in the prior state's array
        /// (`PriorProfiles.withUnsafeBufferPointer`, held through the build):
        /// a copy retained its key, account and DN, twice per profile.
        var old: UnsafePointer<PriorProfile>?
        var addChange: ProfileChange?
        /// A stored profile that changed: its property changes (the DN of a
        /// move left out), or why its stored properties could not be read.
        var update: Result<[PropertyChange], any Error>?
        /// A stored profile whose inputs and scope decision were the store's:
        /// not built (`profile` is nil and `snapshot` empty), and unchanged.
        var skipped: Bool
    }

    /// A value every core reads for every entry or profile, as one object
    /// that the run lends them unretained (`Unmanaged`), holding it until
    /// they are done. Each connection's scope: read out of an array, each
    /// decision copied it and retained its six references. The accounts by
    /// DN: read from the run's variable, a decision copied the table and
    /// retained its four arrays, and the build's person resolvers were
    /// closures holding it, whose context every profile retained two or
    /// three times. Objects both cores share, each time.
    private final class Shared<Value: Sendable>: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Candidates built at once before they are taken into the run's writes
    /// and changes (`run`): enough for every core to have many chunks, few
    /// enough that the built profiles waiting to be taken stay a few MB.
    /// `PROFILESYNC_BUILD_WINDOW` overrides (a positive integer).
    static let buildWindow = TuningVariable.positiveInteger("PROFILESYNC_BUILD_WINDOW", default: 1 << 16)

    public func run(prior: PriorState, runID: Int, options: SyncOptions) throws(Diagnostic) -> SyncOutcome {
        let started = options.now()
        var log = DiagnosticLog(policy: options.policy)
        var notes: [String] = []
        let fingerprint = configuration.scopeFingerprint

        var kind = options.requestedKind ?? .full
        if kind == .incremental {
            if prior.lastRunID == nil {
                kind = .full
                notes.append("this store has no run yet: the first run is full")
            } else if prior.fingerprint != fingerprint {
                kind = .full
                notes.append("mappings, containers, filters or joins changed since the last run: this run is full")
            }
        }

        options.stage?("compile configuration")
        let plans = try PropertyPlan.compile(configuration, log: &log)
        var scopes: [String: ConnectionScope] = [:]
        for connection in configuration.directoryConnections {
            scopes[connection.name] = try ConnectionScope(connection, file: configuration.file)
        }
        options.stage?("read business models")
        // Models first: a field that cannot feed its property stops the run
        // before any export is read.
        var entities: [String: BDCEntity] = [:]
        for connection in configuration.businessConnections {
            entities[connection.name] = try BusinessData.entity(of: connection, log: &log)
        }
        try BusinessFieldCheck.validate(plans, entities: entities, configuration: configuration)
        // The extracts are read on another core while the exports are read;
        // their diagnostics keep their place before the exports' in the log.
        let businessConnections = configuration.businessConnections
        let policy = options.policy
        let businessEntities = entities
        let businessReading = BackgroundTask { () throws(Diagnostic) -> BusinessReadResult in
            var businessLog = DiagnosticLog(policy: policy)
            var business: [String: BusinessData] = [:]
            for connection in businessConnections {
                business[connection.name] = try BusinessData(
                    connection, entity: businessEntities[connection.name]!, policy: policy, log: &businessLog)
            }
            return BusinessReadResult(business: business, log: businessLog)
        }
        func waitForBusinessData() throws(Diagnostic) -> [String: BusinessData] {
            do {
                let read = try businessReading.wait()
                log.merge(read.log)
                return read.business
            } catch let diagnostic as Diagnostic {
                throw diagnostic
            } catch {
                throw .error("\(error)")
            }
        }
        var directoryLog = DiagnosticLog(policy: options.policy)

        options.stage?("read directory exports")
        // Read every directory connection.
        var inputs: [RunInput] = []
        var candidates: [Candidate] = []
        var groups: [Candidate] = []
        var deletedAnchors: [String: Set<String>] = [:]
        var watermarks = prior.watermarks
        // Group members name entries by DN: each classified entry's position
        // (in `classified`) by its lowercased DN, and its member key by
        // position. Positions, not keys: a group's members are checked for
        // repeats and named by position, without hashing or retaining their
        // key strings (2.5 million members at a million users).
        var memberByDN = DNTable<Int32>()
        var memberKeys: [String] = []
        var loads: [(DirectoryConnectionConfig, [DirectoryEntry], [DirectoryLoader.EntryKeys])] = []
        for connection in configuration.directoryConnections {
            var retained = DirectoryLoader.requiredKeys.union(PropertyPlan.directoryKeys(plans, connection: connection.name))
            retained.insert(DirectoryEntry.key(connection.anchor))
            for rule in connection.userExclusions.rules + connection.groupExclusions.rules {
                retained.insert(DirectoryEntry.key(rule.attribute))
            }
            if let filter = connection.filter { retained.formUnion(LDAPFilterAttributes.keys(in: filter)) }
            let loader = DirectoryLoader(
                connection: connection, retainedKeys: retained, policy: options.policy,
                configurationFolder: configuration.directory)
            var snapshots: [DirectoryLoader.StoredEntry]? = nil
            if kind == .incremental {
                let stored: StoredSnapshots
                do {
                    stored = try prior.loadSnapshots(connection.name)
                } catch {
                    throw .error("cannot read the store's snapshots: \(error)")
                }
                // Decoded on every core: 100,000 stored entries took half a
                // second on one.
                snapshots = try loader.decode(stored)
            }
            let progress = options.progress
            var loaded: DirectoryLoader.Result
            do {
                loaded = try loader.load(
                    incrementalFrom: consume snapshots,
                    watermark: kind == .incremental ? prior.watermarks[connection.name] : nil,
                    log: &directoryLog,
                    progress: { records, done, total in
                        progress?(
                            SyncProgress(phase: "reading \(connection.name)", records: records, done: done, total: total))
                    })
            } catch {
                // In file order the extracts come first: their error, if any, is the one to report.
                _ = try waitForBusinessData()
                throw error
            }
            inputs += loaded.inputs
            deletedAnchors[connection.name] = loaded.deletedAnchors
            watermarks[connection.name] = max(prior.watermarks[connection.name] ?? 0, loaded.highestUSN)
            if loaded.skippedBelowWatermark > 0 {
                notes.append(
                    "\(connection.name): \(loaded.skippedBelowWatermark) entries at or below the uSNChanged watermark were skipped")
            }
            // The entries move out with each one's anchor and DN key, which
            // classification reads; the loader's maps of those keys are freed
            // here, not kept for `keepWorkingData`: at a million users their
            // tables are tens of MB that nothing after this reads, and the
            // run's peak memory counts.
            let (entries, keys) = loaded.takeEntriesInFileOrder()
            loads.append((connection, entries, keys))
        }

        options.stage?("read business data")
        var business = try waitForBusinessData()
        log.merge(directoryLog)
        // The joins below number business connections in this order too.
        let businessOrder = configuration.businessConnections.map(\.name)
        let builder = ProfileBuilder(
            plans: plans, business: business, connections: configuration.directoryConnections.map(\.name),
            joinOrder: businessOrder, scope: configuration.canonicalScope)

        options.stage?("classify and scope")
        // Classify, anchor and name every entry first: managers and group
        // members may appear anywhere in the export.
        var outsideCount = 0
        // Connections by position: a configuration per entry would copy (and
        // retain) a dozen fields for every one of 100,000s of entries.
        let connections = loads.map(\.0)
        // Each scope lent to the cores without a copy or a retain: reading a
        // `ConnectionScope` out of an array copied it for every decision,
        // retaining its six references (objects both cores share).
        let sharedScopes = connections.map { Shared(scopes[$0.name]!) }
        let connectionScopes = sharedScopes.map { Unmanaged.passUnretained($0) }
        let entryLists = loads.map(\.1)
        var keyLists = loads.map(\.2)
        // Each connection's entries' identities, and the entries that have an
        // anchor, by position. Positions, not copies: each copy of an entry or
        // of its identity retained (and later released) seven objects spread
        // over the whole export, on one core, three times per entry.
        var identityLists: [[EntryIdentity?]] = []
        var classified: [(connection: Int, entry: Int)] = []
        // Sized once: growing these maps of 100,000s of keys rehashes them again and again.
        let entryCount = entryLists.reduce(0) { $0 + $1.count }
        classified.reserveCapacity(entryCount)
        memberByDN = DNTable(minimumCapacity: entryCount)
        memberKeys.reserveCapacity(entryCount)
        candidates.reserveCapacity(entryCount)
        for (connectionIndex, connection) in connections.enumerated() {
            let entries = entryLists[connectionIndex]
            let keys = keyLists[connectionIndex]
            // Kind, member key and account are per entry: computed on every
            // core. The anchor and DN key are the loader's. Entries are read
            // where they lie: a copy of each retained and released its DN,
            // file name and both buffers.
            identityLists.append(
                entries.withUnsafeBufferPointer { entries in
                    ParallelChunks.map(count: entries.count) { index -> EntryIdentity? in
                        // Read once for both readers below, which borrow it: the
                        // entry was copied for each (its DN, file name and two
                        // buffers retained), `ObjectKind`'s initializer taking
                        // its argument owned.
                        let entry = entries[index]
                        let kind = ObjectKind(entry)
                        guard kind != .other else { return nil }
                        let anchor = keys[index].anchor
                        return EntryIdentity(
                            kind: kind, anchor: anchor, dnKey: keys[index].dnKey,
                            memberKey: anchor.map { "\(connection.name)/\($0)" },
                            account: kind == .user && anchor != nil
                                ? Self.account(of: entry, domain: connection.accountDomain, anchor: anchor!)
                                : nil)
                    }
                })
        }
        // The two maps of every entry's DN are filled at once, one on each
        // core: each is 100,000s of inserts at random places, and the loop
        // that filled both on one core was a fifth of this stage at a million
        // users. Only users with an anchor have an account, so the accounts
        // map gets the same entries in the same order as in that loop.
        let allIdentities = identityLists
        let accountsTask = BackgroundTask { () -> AccountsByDN in
            var accounts = AccountsByDN(minimumCapacity: entryCount)
            for identities in allIdentities {
                identities.withUnsafeBufferPointer { identities in
                    for index in identities.indices {
                        guard let account = identities[index]?.account else { continue }
                        accounts.set(account, forKey: identities[index]!.dnKey)
                    }
                }
            }
            return accounts
        }
        for (connectionIndex, connection) in connections.enumerated() {
            let entries = entryLists[connectionIndex]
            // Identities read in place: a copy retained and released their four strings.
            try identityLists[connectionIndex].withUnsafeBufferPointer { identities throws(Diagnostic) in
                for index in identities.indices {
                    let identity = identities.baseAddress! + index
                    guard identity.pointee != nil else { continue }
                    // An entry has a member key exactly when it has an anchor.
                    guard let memberKey = identity.pointee!.memberKey else {
                        try log.report(
                            .error(
                                "entry '\(entries[index].dn)' has no \(connection.anchor) (the anchor); skipped",
                                at: SourceLocation(file: entries[index].file, line: entries[index].line)))
                        continue
                    }
                    memberByDN.set(Int32(classified.count), forKey: identity.pointee!.dnKey)
                    memberKeys.append(memberKey)
                    classified.append((connectionIndex, index))
                }
            }
        }
        // Lent to every core unretained (`Shared`) through the scope
        // decisions and the build.
        let sharedAccounts = Shared(accountsTask.value())
        let accounts = Unmanaged.passUnretained(sharedAccounts)
        let membership = configuration.directoryConnections.contains { $0.filter?.contains("1.2.840.113556.1.4.1941") == true }
            ? Self.membershipGraph(
                classified.filter { identityLists[$0.connection][$0.entry]!.kind == .group }.map {
                    entryLists[$0.connection][$0.entry]
                }) : nil
        let context = FilterContext(membership: membership)

        // Scope decisions read only the entry and the (finished) membership graph.
        // A user's account is looked up here too, on every core: the map is
        // finished, and the loop below runs on one.
        // Identities are read where they lie: a copy of each retained its
        // four strings. (Each entry is still copied once, to be handed to
        // the scope: read through a pointer or not, callgrind counts one
        // copy per decision.)
        let importGroups = connections.map(\.importGroups)
        // The lists by pointer too: each entry read out of the run's arrays
        // retained them, objects both cores share.
        var decisions = Self.withBuffers(identityLists) { identities in
            Self.withBuffers(entryLists) { entryLists in
                classified.withUnsafeBufferPointer { classified in
                    ParallelChunks.map(count: classified.count) { index -> (decision: ScopeDecision?, account: String?) in
                        let (connection, position) = classified[index]
                        let identity = identities[connection].baseAddress! + position
                        let entry = entryLists[connection][position]
                        switch identity.pointee!.kind {
                        case .user:
                            return (
                                connectionScopes[connection]._withUnsafeGuaranteedRef {
                                    $0.value.decide(user: entry, context: context)
                                },
                                accounts._withUnsafeGuaranteedRef { $0.value[key: identity.pointee!.dnKey] }
                                    ?? identity.pointee!.anchor!
                            )
                        case .group:
                            let included =
                                importGroups[connection]
                                && connectionScopes[connection]._withUnsafeGuaranteedRef { $0.value.includes(group: entry) }
                            return (included ? .inScope : nil, nil)
                        case .other: return (nil, nil)
                        }
                    }
                }
            }
        }
        // The scopes were lent unretained: held to here.
        withExtendedLifetime(sharedScopes) {}
        let connectionNames = connections.map(\.name)
        // Each classified entry's candidate or group, made on every core: a
        // million candidates made on one thread were most of this stage's
        // critical path at a million users (perf: its thread spent 165 of
        // 954 samples retaining their parts and 264 in the kernel zeroing
        // the new memory they took). Taken in order below.
        var made = Self.withBuffers(identityLists) { identities in
            Self.withBuffers(entryLists) { entryLists in
                classified.withUnsafeBufferPointer { classified in
                    decisions.withUnsafeBufferPointer { decisions in
                        ParallelChunks.map(count: classified.count) { index -> Classified in
                            let (connectionIndex, position) = classified[index]
                            // Classified entries have an identity with an anchor.
                            // Read in place: a copy of the identity retained its four strings.
                            let identity = identities[connectionIndex].baseAddress! + position
                            let (kind, anchor) = (identity.pointee!.kind, identity.pointee!.anchor!)
                            let connection = connectionNames[connectionIndex]
                            let key = ProfileKey(connection: connection, anchor: anchor)
                            switch kind {
                            case .user:
                                guard var decision = decisions[index].decision else { return .skipped }
                                if decision == .outsideContainers {
                                    // Never in scope: only counted. A profile the store already
                                    // holds has moved out of the containers: excluded, reason scope.
                                    guard prior.profiles.ordinal(of: key) != nil else { return .outside }
                                    decision = .excluded(.scope)
                                }
                                return .user(
                                    Candidate(
                                        key: key, entry: entryLists[connectionIndex][position],
                                        account: decisions[index].account!, decision: decision))
                            case .group:
                                guard decisions[index].decision != nil else { return .skipped }
                                return .group(
                                    Candidate(
                                        key: key, entry: entryLists[connectionIndex][position], account: "",
                                        decision: .inScope))
                            case .other:
                                return .skipped
                            }
                        }
                    }
                }
            }
        }
        // Which classified entries became candidates or groups: a member is
        // named by its entry's DN exactly when it did (`MemberNames`).
        var listed = [Bool](repeating: false, count: classified.count)
        // Moved out, not copied: a copy retained each candidate and freeing
        // `made` released it again, a million objects long out of the cache.
        made.withUnsafeMutableBufferPointer { made in
            for index in made.indices {
                switch (made.baseAddress! + index).move() {
                case .user(let candidate):
                    candidates.append(candidate)
                    listed[index] = true
                case .group(let group):
                    groups.append(group)
                    listed[index] = true
                case .outside:
                    outsideCount += 1
                case .skipped:
                    break
                }
                (made.baseAddress! + index).initialize(to: .skipped)
            }
        }
        made = []
        if outsideCount > 0 {
            notes.append("\(outsideCount) users outside the configured containers were not imported")
        }
        // Each entry's identity and scope decision are done with: two
        // arrays of an element per entry (110 MB at a million users) freed
        // before the profiles are built, not kept to the end. Their strings
        // live on in the maps and candidates, so this is two frees.
        identityLists = []
        decisions = []
        // So are the loader's keys of each entry (its anchor and DN key,
        // which the maps and candidates hold too): an array of two strings
        // per entry, freed on another thread before the profiles are built,
        // whose lists then reuse the memory, instead of after the groups.
        let entryKeys = Parting([loads, keyLists])
        loads = []
        keyLists = []
        _ = BackgroundTask(priority: .yielding) { entryKeys.empty() }

        // Groups need only what classification found: they are built on
        // another thread while this one joins business data and builds the
        // profiles, in core time those stages leave idle (the join and the
        // loop after the build run on one thread).
        let groupsTask = BackgroundTask {
            [groups, memberByDN, memberKeys, listed, classified] () -> (MemberNames, [BuiltGroup]) in
            // The store names a group's members by their keys: a changed
            // group's old members are found among this run's entries, and
            // the members it lost named, through a map from member key to
            // position. Only a store with groups has members to compare.
            var positionByMemberKey: [String: Int32] = [:]
            if !prior.groups.isEmpty {
                positionByMemberKey.reserveCapacity(memberKeys.count)
                for position in memberKeys.indices { positionByMemberKey[memberKeys[position]] = Int32(position) }
            }
            let names = MemberNames(
                positionByMemberKey: positionByMemberKey, listed: listed, classified: classified,
                entryLists: entryLists, memberKeys: memberKeys, prior: prior)
            // Resolving members, snapshots and digests is per group: on every core.
            // Each chunk of groups marks the positions of a group's members in
            // its own bit set (cleared after each group) to skip a repeated
            // member: a set of key strings hashed every member's key. A
            // changed group's old members are marked in a second one.
            let positionWords = (memberKeys.count + 63) / 64
            let built = ParallelChunks.map(
                count: groups.count, minimumChunk: 1,
                state: { (bits: MemberBits(words: positionWords), lookups: DNTable<Int32>.Lookups()) }
            ) { index, scratch -> BuiltGroup in
                let group = groups[index]
                var members: [String] = []
                // Each member's position in `classified`, or -1 for a DN no entry has.
                var positions: [Int32] = []
                var unknown: Set<String> = []
                // Each member looked up by its stored bytes, lowered into a
                // buffer (`DNTable`): a lowercased string made per member and
                // hashed with SipHash was most of naming members. Looked up 16
                // at a time (`DNTable.Lookups`), taken in the group's order.
                group.entry.values(forKey: "member").withEncodedRanges { storage, values in
                    while true {
                        scratch.lookups.ranges.removeAll(keepingCapacity: true)
                        while !scratch.lookups.isFull, let value = values.next() {
                            if value.isText { scratch.lookups.ranges.append(value.range) }
                        }
                        if scratch.lookups.ranges.isEmpty { break }
                        memberByDN.resolve(&scratch.lookups, in: storage)
                        for index in scratch.lookups.ranges.indices {
                            if let position = scratch.lookups.values[index] {
                                guard scratch.bits.current.insert(position) else { continue }
                                positions.append(position)
                                members.append(memberKeys[Int(position)])
                            } else {
                                let bytes = UnsafeBufferPointer(rebasing: storage[scratch.lookups.ranges[index]])
                                let member = "dn:" + String(decoding: bytes, as: UTF8.self)
                                guard unknown.insert(member).inserted else { continue }
                                positions.append(-1)
                                members.append(member)
                            }
                        }
                    }
                }
                defer { scratch.bits.current.clear(positions) }
                func nameOfMember(_ index: Int) -> String {
                    positions[index] >= 0 ? names.name(position: Int(positions[index])) : String(members[index].dropFirst(3))
                }
                let name = group.entry.values(forKey: "cn").first?.text
                    ?? group.entry.values(forKey: "samaccountname").first?.text ?? group.entry.dn
                let snapshot = EntrySnapshot(group.entry)
                var digest = ContentDigest()
                digest.add(group.entry.dn)
                digest.add(name)
                for member in members { digest.add(member) }
                snapshot.add(to: &digest)
                // The diff and the members' names too: a first run names 100,000s
                // of members, which on one core was most of this stage.
                let old = prior.groups[group.key]
                guard old?.digest != digest.value else {
                    return BuiltGroup(members: members, name: name, snapshot: snapshot, digest: digest, diff: nil)
                }
                var added: [String] = []
                var removed: [String] = []
                if let old, !old.members.isEmpty {
                    let diff = MemberListDiff(
                        old: old.members, members: members, positions: positions, unknown: unknown,
                        positionByMemberKey: positionByMemberKey, bits: &scratch.bits)
                    added = diff.added.map(nameOfMember)
                    removed = diff.removed.map(names.formerName)
                } else {
                    added = members.indices.map(nameOfMember)
                }
                let changed = !added.isEmpty || !removed.isEmpty
                let diff = GroupDiff(
                    isNew: old == nil, movedOrChanged: changed || old?.dn != group.entry.dn, added: added.count,
                    removed: removed.count,
                    change: changed ? .membership(group: group.entry.dn, added: added, removed: removed) : nil)
                return BuiltGroup(members: members, name: name, snapshot: snapshot, digest: digest, diff: diff)
            }
            return (names, built)
        }
        // Only the groups read the map of entries by DN: the task's copy is
        // freed when it ends, during the build, not after the groups stage.
        memberByDN = DNTable()

        options.stage?("join business data")
        // Join business data: each connection's rows by the profile's join property.
        var joins = JoinedRows(
            connections: businessOrder, rowsByKey: businessOrder.map { business[$0]?.rowsByKey ?? .empty },
            candidates: candidates.count)
        for connection in configuration.businessConnections {
            guard let data = business[connection.name] else { continue }
            guard let plan = plans.first(where: { $0.name.lowercased() == connection.join.property.lowercased() }) else {
                throw .error(
                    "connection '\(connection.name)': join property '\(connection.join.property)' is not a mapped property",
                    at: connection.location)
            }
            // Each profile's key, and its number among the extract's keys
            // (-1 for none, or a key no row has), worked out on every core:
            // profiles are then grouped by that number in arrays, not by
            // their key strings in a map. At a million users a `[String: Int]`
            // of every key, hashed and probed out of the cache on one core,
            // was a fifth of this stage's thread (perf: hashing and probing
            // 180 of its 784 samples), and the extract's table was probed
            // again per key there. Grouped by number, a profile joins the
            // rows whose key has its bytes (after case folding), as the
            // extract's table matches them: the map also grouped keys that
            // Swift's `==` finds canonically equivalent, so a key spelled in
            // another normalization form joined or not by which profile came first.
            let keyNumbers = ParallelChunks.map(count: candidates.count) { position -> Int32 in
                let candidate = candidates[position]
                guard
                    let key = builder.joinKey(
                        plan, entry: candidate.entry, connection: candidate.connection, account: candidate.account
                    ).map(CaseFold.lowercased),
                    let number = data.keyNumber(forKey: key)
                else { return -1 }
                return Int32(number)
            }
            // Each key's first profile, and each profile's next one with the
            // same key (-1 after the last), in candidate order: nearly every
            // key has one profile, and an array per key was an allocation per
            // profile (a million at 1M).
            var firstWithKey = [Int32](repeating: -1, count: data.keyCount)
            var lastWithKey = [Int32](repeating: -1, count: data.keyCount)
            var nextWithKey = [Int](repeating: -1, count: candidates.count)
            for position in keyNumbers.indices where keyNumbers[position] >= 0 {
                let number = Int(keyNumbers[position])
                if firstWithKey[number] < 0 {
                    firstWithKey[number] = Int32(position)
                } else {
                    nextWithKey[Int(lastWithKey[number])] = position
                }
                lastWithKey[number] = Int32(position)
            }
            // Each key is taken at its first profile, in candidate order.
            // Warnings wait here and are reported in the extract's row order
            // (each row belongs to one key, which warns at most once).
            var warnings: [(row: Int, diagnostic: Diagnostic)] = []
            for first in keyNumbers.indices
            where keyNumbers[first] >= 0 && Int(firstWithKey[Int(keyNumbers[first])]) == first {
                // Where the key's rows lie in `data.rowsByKey`: at least one.
                let rows = data.rowsByKey.range(ofKey: Int(keyNumbers[first]))
                let firstRow = data.rowsByKey[rows.lowerBound]
                // Only a warning names the key: made again for it.
                func key() -> String {
                    let candidate = candidates[first]
                    return builder.joinKey(
                        plan, entry: candidate.entry, connection: candidate.connection, account: candidate.account
                    ).map(CaseFold.lowercased) ?? ""
                }
                if connection.join.mode == .one && nextWithKey[first] >= 0 {
                    var users: [Int] = []
                    var user = first
                    while user >= 0 {
                        users.append(user)
                        user = nextWithKey[user]
                    }
                    let accounts = users.map { candidates[$0].account }.joined(separator: ", ")
                    warnings.append(
                        (
                            firstRow,
                            .warning(
                                "\(connection.join.property) '\(key())' joins \(users.count) profiles (\(accounts)); row not applied",
                                at: SourceLocation(file: connection.file, line: data.line(of: firstRow)))
                        ))
                    continue
                }
                if connection.join.mode == .one && rows.count > 1 {
                    let secondRow = data.rowsByKey[rows.lowerBound + 1]
                    warnings.append(
                        (
                            secondRow,
                            .warning(
                                "\(connection.join.identifier ?? "identifier") '\(key())' appears in \(rows.count) rows; the first (line \(data.line(of: firstRow))) is used",
                                at: SourceLocation(file: connection.file, line: data.line(of: secondRow)))
                        ))
                }
                // A one-row join uses the key's first row.
                let used = connection.join.mode == .one ? rows.prefix(1) : rows
                var user = first
                while user >= 0 {
                    joins.set(used, connection: connection.name, candidate: user)
                    user = nextWithKey[user]
                }
                for position in rows { data.matched[data.rowsByKey[position]] = true }
            }
            for warning in warnings.sorted(by: { $0.row < $1.row }) { try log.report(warning.diagnostic) }
        }
        var summary = RunSummary()
        for connection in configuration.businessConnections {
            guard let data = business[connection.name] else { continue }
            inputs.append(data.input)
            let keyField = connection.join.mode == .one ? (connection.join.identifier ?? "") : (connection.join.filter ?? "")
            for (position, matched) in data.matched.enumerated() where !matched {
                summary.unmatchedRows += 1
                let key = data.values(of: keyField, in: [position]).first ?? ""
                try log.report(
                    .warning(
                        "row with \(keyField) '\(key)' joins no profile",
                        at: SourceLocation(file: connection.file, line: data.line(of: position))))
            }
        }

        options.stage?("build and diff profiles")
        // Build every profile and diff it against the store.
        var changes: [ProfileChange] = []
        var profileWrites: [ProfileWrite] = []
        var stateUpdates: [StateUpdate] = []
        var inputsUpdates: [InputsUpdate] = []
        // Which stored profiles this run saw, by `PriorProfile.ordinal`.
        var seen = [Bool](repeating: false, count: prior.profiles.count)
        // Building is pure per profile: every core builds a share; diffing
        // against the store and reporting stay in candidate order below.
        let builtCount = Atomic<Int>(0)
        // Room for the changes a run makes in the usual case: one per
        // candidate, per stored profile that can vanish, per group and per
        // stored group. Sized for the candidates alone, the array was full
        // when the groups' membership changes came last, and growing it held
        // a second copy at the run's peak (104 bytes a change: 104 MB at a
        // million users). Room nothing is written to is never touched, and
        // costs no memory.
        changes.reserveCapacity(candidates.count + prior.profiles.count + groups.count + prior.groups.count)
        profileWrites.reserveCapacity(candidates.count)
        // Built a window of candidates at a time, each window taken into the
        // run's writes and changes before the next is built: a built profile
        // is about 390 bytes besides what it moves on, and all of them at
        // once were 390 MB of a million-user run's peak, held only until
        // they were taken. The taking is one thread's work either way.
        try prior.profiles.withUnsafeBufferPointer { priorProfiles throws(Diagnostic) in
            var windowStart = 0
            while windowStart < candidates.count {
                let window = windowStart..<min(windowStart + Self.buildWindow, candidates.count)
                try buildAndTake(window, priorProfiles: priorProfiles)
                windowStart = window.upperBound
            }
        }
        // The accounts were lent unretained: held to here.
        withExtendedLifetime(sharedAccounts) {}
        /// Builds the candidates in `window` on every core, then takes them in order.
        func buildAndTake(_ window: Range<Int>, priorProfiles: UnsafeBufferPointer<PriorProfile>) throws(Diagnostic) {
            // Each chunk builds its profiles' properties in one scratch list,
            // and digests them reading labels through its own `PropertyLabelUTF8`.
            var built = ParallelChunks.map(count: window.count, state: { BuildScratch() }) {
                offset, chunk -> BuiltProfile in
                let position = window.lowerBound + offset
                let candidate = candidates[position]
                if position & 0x3FF == 0x3FF {
                    let done = builtCount.add(0x400, ordering: .relaxed).newValue
                    options.progress?(
                        SyncProgress(phase: "building profiles", records: done, done: Int64(done), total: Int64(candidates.count)))
                }
                let old = prior.profiles.ordinal(of: candidate.key).map { priorProfiles.baseAddress! + $0 }
                var state = ProfileState.active
                var reason: ExclusionReason?
                if case .excluded(let excluded) = candidate.decision {
                    state = .excluded
                    reason = excluded
                }
                let joined = joins.of(candidate: position)
                // One copy for the checks below: each `candidate.entry` passed on was a copy of its own.
                let entry = candidate.entry
                let entryDigest = entry.snapshotDigest(nameDigests: &chunk.nameDigests)
                // A stored profile read and decided as the store's copy was
                // would be built as it was: it is not built.
                var inputDigest: UInt64?
                if let old, old.pointee.inputs != nil, old.pointee.state == state, old.pointee.reason == reason {
                    let lookups = builder.personLookups(
                        of: entry, connection: candidate.connection, account: candidate.account,
                        joins: joined,
                        // The same answers from a DN's bytes (`DNTable`).
                        resolvePerson: { dn in accounts._withUnsafeGuaranteedRef { $0.value.value(forDN: dn) } })
                    let inputs = builder.inputDigest(
                        snapshot: entryDigest, connection: candidate.connection,
                        account: candidate.account, joins: joined, lookups: lookups)
                    if old.pointee.inputs == inputs {
                        return BuiltProfile(
                            profile: nil, problems: [], snapshot: EntrySnapshot(bytes: []),
                            digest: old.pointee.digest, inputs: inputs, old: old, addChange: nil, update: nil, skipped: true)
                    }
                    inputDigest = inputs
                }
                let snapshot = EntrySnapshot(entry)
                var problems: [ProfileBuilder.Problem] = []
                // The build's person lookups are recorded for the input digest.
                var lookups = PersonLookups()
                var properties = builder.properties(
                    of: candidate.entry, connection: candidate.connection, account: candidate.account,
                    joins: joined, resolvePerson: { dn in
                        lookups.resolve(dn) { dn in accounts._withUnsafeGuaranteedRef { $0.value.account(forDN: dn) } }
                    }, problems: &problems,
                    scratch: &chunk.properties)
                // New: every value is set by this run. The run is not digested.
                if old == nil { properties.setRuns(runID) }
                var profile = Profile(
                    key: candidate.key, account: candidate.account, dn: candidate.entry.dn, properties: properties)
                profile.state = state
                profile.reason = reason
                // `ContentDigest.of(_:snapshot:)`, from the snapshot's digest made above.
                let digest = ContentDigest.of(profile, snapshotDigest: entryDigest, labels: &chunk.labels)
                let inputs =
                    inputDigest
                    ?? builder.inputDigest(
                        snapshot: entryDigest, connection: candidate.connection,
                        account: candidate.account, joins: joined, lookups: lookups.value)
                var addChange: ProfileChange?
                if old == nil {
                    // An active new profile is reported whole.
                    if profile.state == .active {
                        let ref = ProfileRef(
                            connection: candidate.connection, anchor: candidate.key.anchor, account: candidate.account,
                            dn: candidate.entry.dn)
                        addChange = .add(ref, properties: PropertyChanges(adding: profile.properties))
                    }
                }
                // A stored profile that changed is diffed here too, on every
                // core: a 2% drift at 100k reads and diffs 10,000 profiles, which
                // took a third of a second on one core after the build.
                var update: Result<[PropertyChange], any Error>?
                if let old,
                    !(old.pointee.digest == digest && old.pointee.state == profile.state
                        && old.pointee.reason == profile.reason)
                {
                    update = Result { try Self.diff(old.pointee, profile: &profile, prior: prior, runID: runID) }
                }
                // A build that reported problems records no inputs: it is
                // built, and its problems reported, every run. The profile
                // moves into its result: a copy retained its key, DN and
                // property lists, and the end of this closure released them.
                return BuiltProfile(
                    profile: consume profile, problems: problems, snapshot: snapshot, digest: digest,
                    inputs: problems.isEmpty ? inputs : nil, old: old, addChange: addChange, update: update,
                    skipped: false)
            }
            // The profile, snapshot and add change of each built profile are
            // moved out of `built` (empty ones left in their place) into the
            // run's writes and changes, and candidates are read where they are:
            // copying them retained every string and buffer of each, objects
            // long out of the cache at a million profiles, on one core.
            try candidates.withUnsafeBufferPointer { candidates throws(Diagnostic) in
                try built.withUnsafeMutableBufferPointer { built throws(Diagnostic) in
                    for offset in built.indices {
                        try takeBuilt(
                            built.baseAddress! + offset, candidate: candidates.baseAddress! + window.lowerBound + offset)
                    }
                }
            }
            // Only emptied profiles are left: released with the window.
        }
        // The business rows, and the joins that point into them, are done
        // with once every profile is built: about 0.4 GB at a million users,
        // freed on another thread while this one goes on to the groups and
        // the commit, whose buffers then reuse the memory instead of adding
        // to the run's peak.
        let parting = Parting([business, joins])
        business = [:]
        builder.dropBusinessData()
        joins = .none
        // Only `parting` holds them now: emptied on the other thread, they are freed there.
        _ = BackgroundTask(priority: .yielding) { parting.empty() }
        /// Reports a built profile's problems and turns it into the run's write and changes.
        func takeBuilt(_ item: UnsafeMutablePointer<BuiltProfile>, candidate: UnsafePointer<Candidate>) throws(Diagnostic) {
            if item.pointee.skipped, let old = item.pointee.old {
                seen[old.pointee.ordinal] = true
                if old.pointee.state == .active { summary.unchanged += 1 }
                return
            }
            for problem in item.pointee.problems {
                try log.report(
                    .warning(
                        "\(candidate.pointee.account): \(problem.property): \(problem.message)",
                        at: SourceLocation(file: candidate.pointee.entry.file, line: candidate.pointee.entry.line)))
            }
            let digest = item.pointee.digest
            let inputs = item.pointee.inputs
            let profile = item.pointer(to: \.profile)!.move()!
            item.pointer(to: \.profile)!.initialize(to: nil)
            let snapshot = item.pointer(to: \.snapshot)!.move()
            item.pointer(to: \.snapshot)!.initialize(to: EntrySnapshot(bytes: []))
            let state = profile.state
            let reason = profile.reason
            // Made only for the changes that name the profile.
            func ref() -> ProfileRef {
                ProfileRef(
                    connection: candidate.pointee.connection, anchor: candidate.pointee.key.anchor,
                    account: candidate.pointee.account, dn: candidate.pointee.entry.dn)
            }
            guard let old = item.pointee.old else {
                // The add is made of this profile's own properties (`build`),
                // bound as it is moved out: moved into a local, then compared
                // with nil and bound by `if let`, it was copied, its strings
                // and property lists retained, eight retains a new profile.
                var addedAt: Int?
                if let addChange = item.pointer(to: \.addChange)!.move() {
                    addedAt = changes.count
                    summary.added += 1
                    changes.append(addChange)
                } else if let reason {
                    summary.excluded += 1
                    changes.append(.exclude(ref(), reason: reason))
                }
                item.pointer(to: \.addChange)!.initialize(to: nil)
                profileWrites.append(
                    ProfileWrite(
                        profile: consume profile, digest: digest, snapshot: consume snapshot, inputs: inputs,
                        addedAt: addedAt))
                return
            }
            // Only what the store held can vanish.
            seen[old.pointee.ordinal] = true
            // A state-only change (marked, then back) leaves the stored digest as it was.
            if old.pointee.digest == digest && old.pointee.state == state && old.pointee.reason == reason {
                if state == .active { summary.unchanged += 1 }
                if old.pointee.inputs != inputs { inputsUpdates.append(InputsUpdate(key: old.pointee.key, inputs: inputs)) }
                return
            }
            let propertyChanges: [PropertyChange]
            switch item.pointee.update {
            case .success(let changes)?: propertyChanges = changes
            case .failure(let error)?:
                throw .error("cannot read profile \(candidate.pointee.account) from the store: \(error)")
            case nil: preconditionFailure("a changed stored profile is diffed while it is built")
            }
            let newDn = profile.dn
            let moved = old.pointee.dn != newDn
            let contentOnly = !moved && old.pointee.account == profile.account && old.pointee.state == state && old.pointee.reason == reason
            profileWrites.append(
                ProfileWrite(
                    profile: consume profile, digest: digest, snapshot: consume snapshot, contentOnly: contentOnly,
                    inputs: inputs))

            var reported = false
            if state == .active {
                if old.pointee.state != .active {
                    summary.restored += 1
                    changes.append(.restore(ref()))
                    reported = true
                }
                if moved {
                    summary.moved += 1
                    changes.append(.move(ref(), oldDn: old.pointee.dn, newDn: newDn))
                    reported = true
                }
                if !propertyChanges.isEmpty {
                    summary.updated += 1
                    changes.append(.update(ref(), properties: PropertyChanges(propertyChanges)))
                    reported = true
                }
                if !reported { summary.unchanged += 1 }
            } else if let reason, old.pointee.state != .excluded || old.pointee.reason != reason {
                summary.excluded += 1
                changes.append(.exclude(ref(), reason: reason))
            }
        }

        // Profiles that are gone: absent from a full export, or deleted by a delta.
        let ownConnections = Set(configuration.directoryConnections.map(\.name))
        var vanished: [PriorProfile] = []
        // Read in place, and only the profiles not seen: a copy of each of
        // a million retained its key, account and DN.
        prior.profiles.withUnsafeBufferPointer { profiles in
            for ordinal in seen.indices where !seen[ordinal] {
                let old = profiles.baseAddress! + ordinal
                let key = old.pointee.key
                guard ownConnections.contains(key.connection) else { continue }
                let gone = kind == .full || deletedAnchors[key.connection]?.contains(key.anchor) == true
                if gone && old.pointee.state != .markedForDeletion { vanished.append(old.pointee) }
            }
        }
        vanished.sort { ($0.account.lowercased(), $0.key) < ($1.account.lowercased(), $1.key) }
        for old in vanished {
            summary.markedForDeletion += 1
            changes.append(
                .markForDeletion(ProfileRef(connection: old.key.connection, anchor: old.key.anchor, account: old.account, dn: old.dn)))
            stateUpdates.append(StateUpdate(key: old.key, state: .markedForDeletion, reason: nil))
        }

        options.stage?("groups and memberships")
        // Groups and their memberships.
        var groupWrites: [GroupWrite] = []
        var groupDeletes: [ProfileKey] = []
        var membershipChanges: [ProfileChange] = []
        let (names, builtGroups) = groupsTask.value()
        var seenGroups: Set<ProfileKey> = []
        for (group, builtGroup) in zip(groups, builtGroups) {
            seenGroups.insert(group.key)
            guard let diff = builtGroup.diff else { continue }
            groupWrites.append(
                GroupWrite(
                    key: group.key, dn: group.entry.dn, name: builtGroup.name, members: builtGroup.members,
                    digest: builtGroup.digest.value, snapshot: builtGroup.snapshot))
            if diff.isNew { summary.groupsAdded += 1 } else if diff.movedOrChanged { summary.groupsUpdated += 1 }
            if let change = diff.change {
                summary.membershipsAdded += diff.added
                summary.membershipsRemoved += diff.removed
                membershipChanges.append(change)
            }
        }
        for (key, old) in prior.groups where ownConnections.contains(key.connection) && !seenGroups.contains(key) {
            let gone = kind == .full || deletedAnchors[key.connection]?.contains(key.anchor) == true
            guard gone else { continue }
            groupDeletes.append(key)
            if !old.members.isEmpty {
                summary.membershipsRemoved += old.members.count
                membershipChanges.append(.membership(group: old.dn, added: [], removed: old.members.map(names.formerName)))
            }
        }
        membershipChanges.sort { lhs, rhs in
            if case .membership(let a, _, _) = lhs, case .membership(let b, _, _) = rhs { return a.lowercased() < b.lowercased() }
            return false
        }
        changes += membershipChanges

        // What classification made is done with once the groups are (the
        // accounts' DN table with every entry's lowercased DN, the lists by
        // position; the loader's keys and the members' DN table went before
        // the build, above). Held to the end, they were part of the commit's peak;
        // freed on another thread while the commit runs, their memory is
        // there for its page cache and buffers instead (1M peak 3,639 and
        // 3,656 MB against 3,739 MB, two pairs). The lists of entries are
        // kept to the end: freed here too, they released every entry on that
        // thread while the commit read the same entries, and a 100k first
        // run was slower in 6 of 8 alternating pairs.
        let classification = Parting([classified, memberKeys, listed, sharedAccounts])
        classified = []
        memberKeys = []
        listed = []
        // Only `classification` holds them now: emptied on the other thread, they are freed there.
        _ = BackgroundTask(priority: .yielding) { classification.empty() }

        // The deletion threshold (DESIGN §4.1): stop before writing anything.
        var thresholdExceeded = false
        var limit: Int?
        if let threshold = configuration.deletionThreshold {
            limit = threshold.limit(forExisting: prior.activeProfiles)
            if let limit, summary.markedForDeletion > limit, !options.forceDeletes {
                thresholdExceeded = true
                notes.append(
                    "stopped: this run would mark \(summary.markedForDeletion) profiles for deletion, more than the threshold allows (\(limit)); nothing was written. Use --force-deletes to apply it.")
            }
        }

        summary.errors = log.errorCount
        let status: RunStatus = thresholdExceeded ? .stoppedByThreshold : (options.dryRun ? .dryRun : .completed)
        let record = RunRecord(
            id: runID, kind: kind, dryRun: options.dryRun, started: started, finished: options.now(), status: status,
            inputs: inputs, summary: summary, notes: notes)
        var diagnostics = log.diagnostics
        if log.droppedCount > 0 {
            diagnostics.append(.warning("\(log.droppedCount) more diagnostics were not kept"))
        }
        var result = RunResult(
            record: record, fingerprint: fingerprint, watermarks: watermarks, changes: changes,
            diagnostics: diagnostics, profileWrites: profileWrites, groupWrites: groupWrites, groupDeletes: groupDeletes)
        result.stateUpdates = stateUpdates
        result.inputsUpdates = inputsUpdates
        if let keep = options.keepWorkingData {
            keep(
                WorkingData([entryLists, candidates, groups, builtGroups, names, seen]))
        }
        return SyncOutcome(result: result, thresholdExceeded: thresholdExceeded, thresholdLimit: limit)
    }

    /// The attributes an account is named by, in order.
    private enum AccountNames {
        static let samAccountName = AttributeKey("samaccountname")
        static let uid = AttributeKey("uid")
        static let cn = AttributeKey("cn")
    }

    /// `DOMAIN\sAMAccountName` (DESIGN §3); without sAMAccountName, uid or cn stands in.
    static func account(of entry: DirectoryEntry, domain: String?, anchor: String) -> String {
        let name = entry.values(for: AccountNames.samAccountName).first?.text
            ?? entry.values(for: AccountNames.uid).first?.text
            ?? entry.values(for: AccountNames.cn).first?.text
            ?? anchor
        if let domain, !domain.isEmpty { return "\(domain)\\\(name)" }
        return name
    }

    /// A changed stored profile against its stored properties: the property
    /// changes to report (a move's DN left to the move), with each of
    /// `profile`'s properties marked as set by this run when it changed or
    /// is new, and by the run that set it before otherwise.
    private static func diff(
        _ old: PriorProfile, profile: inout Profile, prior: PriorState, runID: Int
    ) throws -> [PropertyChange] {
        let stored = try prior.loadProperties(profile.key)
        if let changes = diffInPlace(old: stored, oldDN: old.dn, profile: &profile, runID: runID) {
            return changes
        }
        let oldProperties = Array(stored)
        var propertyChanges = diff(old: oldProperties, new: Array(profile.properties))
        if old.dn != profile.dn {
            // The move carries the DN; don't report it twice as a property.
            propertyChanges.removeAll { $0.old == [old.dn] && $0.new == [profile.dn] }
        }
        let changedNames = Set(propertyChanges.map(\.name))
        let oldByName = Dictionary(oldProperties.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in profile.properties.indices {
            let name = profile.properties.name(at: index)
            profile.properties.setRun(
                changedNames.contains(name) || oldByName[name] == nil ? runID : (oldByName[name]?.run ?? runID),
                at: index)
        }
        return propertyChanges
    }

    /// `diff(_:profile:prior:runID:)` when the stored properties have the
    /// profile's names at the same places (nil otherwise), which is nearly
    /// every changed profile: a run's properties follow the configuration's
    /// order, and a profile's names are unique (the configuration's mapping
    /// keys). The values of both, the stored ones read into a packed list
    /// too, are compared where they lie, and strings are made only for the
    /// properties that changed.
    static func diffInPlace(old: PropertyList, oldDN: String, profile: inout Profile, runID: Int)
        -> [PropertyChange]?
    {
        guard old.count == profile.properties.count else { return nil }
        for index in old.indices where old.name(at: index) != profile.properties.name(at: index) { return nil }
        let moved = oldDN != profile.dn
        var changes: [PropertyChange] = []
        for index in old.indices {
            let values = profile.properties.values(at: index)
            let oldValues = old.values(at: index)
            var changed = !values.isEqual(to: oldValues)
            if changed {
                let new = values.strings
                let was = oldValues.strings
                // The move carries the DN; don't report it twice as a property.
                changed = !(moved && was == [oldDN] && new == [profile.dn])
                if changed {
                    changes.append(
                        PropertyChange(
                            name: old.name(at: index), old: was, new: new, source: profile.properties.source(at: index)))
                }
            }
            profile.properties.setRun(changed ? runID : old.run(at: index), at: index)
        }
        return changes
    }

    /// Property-by-property differences, in the new profile's order, then properties that lost their value.
    static func diff(old: [ProfileProperty], new: [ProfileProperty]) -> [PropertyChange] {
        var oldByName: [String: ProfileProperty] = [:]
        for property in old { oldByName[property.name] = property }
        var changes: [PropertyChange] = []
        var newNames: Set<String> = []
        for property in new {
            newNames.insert(property.name)
            let before = oldByName[property.name]
            if before?.values != property.values {
                changes.append(
                    PropertyChange(name: property.name, old: before?.values ?? [], new: property.values, source: property.source))
            }
        }
        for property in old where !newNames.contains(property.name) {
            changes.append(PropertyChange(name: property.name, old: property.values, new: [], source: property.source))
        }
        return changes
    }

    /// Calls `body` with the elements of each of `lists` in place, valid while it runs.
    static func withBuffers<Element, Result>(
        _ lists: [[Element]], _ body: ([UnsafeBufferPointer<Element>]) throws -> Result
    ) rethrows -> Result {
        var buffers: [UnsafeBufferPointer<Element>] = []
        buffers.reserveCapacity(lists.count)
        func nest(_ index: Int, _ buffers: inout [UnsafeBufferPointer<Element>]) throws -> Result {
            guard index < lists.count else { return try body(buffers) }
            return try lists[index].withUnsafeBufferPointer { buffer in
                buffers.append(buffer)
                return try nest(index + 1, &buffers)
            }
        }
        return try nest(0, &buffers)
    }

    static func membershipGraph(_ groups: [DirectoryEntry]) -> MembershipGraph {
        var edges: [(dn: DistinguishedName, members: [DistinguishedName])] = []
        for group in groups {
            guard let dn = try? DistinguishedName(group.dn) else { continue }
            let members = group.values(forKey: "member").compactMap { $0.text.flatMap { try? DistinguishedName($0) } }
            edges.append((dn: dn, members: members))
        }
        return MembershipGraph(groups: edges)
    }
}

/// Data a run is done with, to be freed by whichever thread empties it: the
/// parcel holds the only references, so its emptying is what frees them, on
/// that thread, whenever the thread that filled it lets go of the parcel.
/// (A task that merely captured the data freed nothing when it ended before
/// the run had dropped its own references; the run's thread then freed it
/// all, 0.5 s at a million users.)
private final class Parting: @unchecked Sendable {
    // Unchecked: filled by one thread, then only emptied, by one other.
    private var contents: [Any]

    init(_ contents: [Any]) {
        self.contents = contents
    }

    func empty() {
        contents = []
    }
}

/// What a run built on its way to the result and still holds when it ends
/// (entries, candidates, groups, the maps that named their members), handed
/// to `SyncOptions.keepWorkingData` whole. Parts done with earlier (each
/// entry's identity, the business rows, the built profiles) are freed as
/// the run goes.
public final class WorkingData: @unchecked Sendable {
    // Never read: holding it is the point. Unchecked: nothing touches it after the run.
    private let parts: [Any]

    init(_ parts: [Any]) {
        self.parts = parts
    }
}
