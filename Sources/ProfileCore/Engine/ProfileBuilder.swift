import Foundation

/// Computes a profile's property values from its directory entry, its joined
/// business rows and the property plans. Pure: the same inputs always give
/// the same properties, which is what makes re-runs report nothing.
///
/// A class, read in place by every core: as a struct, each call the build
/// made on it copied it (callgrind: two copies a profile), retaining and
/// releasing its dozen arrays and maps, objects both cores share. Unchecked
/// Sendable: only `dropBusinessData` writes, once every profile is built.
final class ProfileBuilder: @unchecked Sendable {
    let plans: [PropertyPlan]
    private(set) var business: [String: BusinessData]
    /// Names and provenance labels by directory connection: built once, and
    /// shared by every profile's property list.
    private let tables: [String: LabelTable]
    /// The business sources, resolved once, plan by plan and source by
    /// source (the order of a `LabelTable`'s `reads`): an element is the
    /// source's business field when it is one. Plain numbers:
    /// reading the source from the plan, the extract from `business` and the
    /// rows from the joins copied each, retaining and releasing strings and
    /// arrays that every core's builder shares, for every value of every profile.
    struct BusinessSource {
        /// The extract's position in `extracts`.
        var extract: Int
        /// The field's position among the extract's fields.
        var field: Int
        /// The connection's slot in the run's `JoinedRows` (`joinOrder`).
        var join: Int
        /// The field's position in `fieldKeys`.
        var key: Int
    }
    private(set) var extracts: [BusinessData]
    /// `extracts` lent unretained (`extract(_:_:)`), valid until
    /// `dropBusinessData`: a reference read out of `extracts`, a variable
    /// of this class, was retained and released each time, up to five
    /// times a profile, on objects both cores' builders share.
    private let extractRefs: [Unmanaged<BusinessData>]
    private let businessSources: [BusinessSource?]
    /// The extract each of the run's join slots reads (its place in
    /// `extracts`), nil for a connection whose extract is not here.
    let slotExtracts: [Int?]
    /// Per join slot, the positions of the fields some plan reads (a
    /// business source, or an expression's reference), in order.
    let slotFields: [[Int]]
    /// The plans whose type is `person`: their values name other entries.
    let personPlans: [Int]
    /// Where every profile's `inputDigest` starts: what the configuration,
    /// the extracts' fields and this code make of the same inputs.
    let inputSeed: UInt64
    /// Lowercased field names, as `PropertyValueConverter` takes attribute keys.
    private let fieldKeys: [String]

    /// A directory connection's property names and source labels
    /// ("connection.attribute"), as a `PropertyList`'s labels: plan `p`'s
    /// name is `labels[p]`, its sources' labels are in `reads`.
    ///
    /// A class, read in place: every core's builder fetches its connection's
    /// table for every profile, and a struct's copy retained and released
    /// its five arrays, objects both cores share.
    final class LabelTable: Sendable {
        let labels: [String]
        /// Per source, plan by plan (`sourceCounts` apiece): its label's position
        /// and how it is read for this connection. Plain values, read in
        /// place: an array of positions per plan and the plans' source enums
        /// retained and released arrays and key strings that both cores'
        /// builders share, for every source of every profile.
        let reads: [SourceRead]
        /// How many sources each plan has.
        let sourceCounts: [Int]
        /// The keys of `SourceRead.copy` sources.
        let copiedKeys: [CopiedKey]

        init(labels: [String], reads: [SourceRead], sourceCounts: [Int], copiedKeys: [CopiedKey]) {
            self.labels = labels
            self.reads = reads
            self.sourceCounts = sourceCounts
            self.copiedKeys = copiedKeys
        }
    }

    /// An attribute key a source copies, with its number and its first
    /// eight bytes: looked up by those in every entry, the text only named
    /// when a value needs converting.
    struct CopiedKey {
        var text: String
        var prefix: UInt64
        /// The key's number in `AttributeKeyTable.shared`, which entries keep.
        var number: UInt32
        /// The string form its binary values take (a GUID's, a SID's), worked out once.
        var binaryForm: PropertyValueConverter.BinaryTextForm?
    }

    /// How a builder reads one source for one connection.
    struct SourceRead {
        enum Kind {
            /// A directory attribute of this connection whose text values are
            /// the property's as they are: `copiedKeys[key]`.
            case copy
            /// Another directory connection's attribute: nothing.
            case skip
            /// Anything else, through `values(…)`.
            case other
        }
        var label: Int
        var kind: Kind
        var key: Int
        /// The business field an `.other` source reads, when it is one.
        var business: BusinessSource?
    }

    /// `joinOrder` is the business connections in the order the run's
    /// `JoinedRows` numbers them; `scope` is the configuration's
    /// `canonicalScope`, which the input digests start from.
    init(
        plans: [PropertyPlan], business: [String: BusinessData], connections: [String], joinOrder: [String],
        scope: String = ""
    ) {
        self.plans = plans
        self.business = business
        let owners = business.keys.sorted()
        let extracts = owners.map { business[$0]! }
        self.extracts = extracts
        extractRefs = extracts.map { Unmanaged.passUnretained($0) }
        let slotExtracts = joinOrder.map { owners.firstIndex(of: $0) }
        self.slotExtracts = slotExtracts
        personPlans = plans.indices.filter { plans[$0].type == .person }
        let slotFields = joinOrder.map { Self.fieldsRead(by: plans, from: business[$0]) }
        self.slotFields = slotFields
        inputSeed = Self.inputSeed(
            plans: plans, scope: scope, extracts: slotExtracts.map { $0.map { extracts[$0] } }, fields: slotFields)
        var sources: [BusinessSource?] = []
        var keys: [String] = []
        for plan in plans {
            for source in plan.sources {
                guard case .business(let owner, let field) = source, let extract = owners.firstIndex(of: owner),
                    let position = business[owner]!.fieldPosition(field), let join = joinOrder.firstIndex(of: owner)
                else {
                    sources.append(nil)
                    continue
                }
                sources.append(BusinessSource(extract: extract, field: position, join: join, key: keys.count))
                keys.append(CaseFold.lowercased(field))
            }
        }
        businessSources = sources
        fieldKeys = keys
        var tables: [String: LabelTable] = [:]
        for connection in connections {
            tables[connection] = Self.table(plans, connection: connection, business: sources)
        }
        self.tables = tables
    }

    /// `business` is `businessSources`, whose order is the table's `reads`.
    private static func table(_ plans: [PropertyPlan], connection: String, business: [BusinessSource?]) -> LabelTable {
        var table = (
            labels: plans.map(\.name), reads: [SourceRead](), sourceCounts: [Int](), copiedKeys: [CopiedKey]()
        )
        for plan in plans {
            table.sourceCounts.append(plan.sources.count)
            for source in plan.sources {
                let label = Self.label(of: source, connection: connection)
                // By bytes, as `PropertyList` keeps them.
                let position: Int
                if let known = table.labels.firstIndex(where: { PropertyList.sameBytes($0, label) }) {
                    position = known
                } else {
                    position = table.labels.count
                    table.labels.append(label)
                }
                var read = SourceRead(label: position, kind: .other, key: 0, business: business[table.reads.count])
                if case .directory(let owner, let key, _, false) = source, plan.separator?.isEmpty ?? true,
                    Self.keepsText(plan.type), key != "dn", key != "distinguishedname"
                {
                    if let owner, owner != connection {
                        read.kind = .skip
                    } else {
                        read.kind = .copy
                        read.key = table.copiedKeys.count
                        table.copiedKeys.append(
                            CopiedKey(
                                text: key, prefix: DirectoryEntry.prefix(of: key),
                                number: AttributeKeyTable.shared.number(of: key),
                                binaryForm: PropertyValueConverter.BinaryTextForm(attributeKey: key)))
                    }
                }
                table.reads.append(read)
            }
        }
        return LabelTable(
            labels: table.labels, reads: table.reads, sourceCounts: table.sourceCounts, copiedKeys: table.copiedKeys)
    }

    private static func label(of source: PropertyPlan.Source, connection: String) -> String {
        switch source {
        case .accountName: "\(connection).sAMAccountName"
        case .directory(_, _, let attribute, _): "\(connection).\(attribute)"
        case .business(let owner, let field): "\(owner).\(field)"
        case .expression: "expression"
        }
    }

    /// Lets go of the business extracts once every profile is built: the
    /// run frees them before it commits. A builder without them must not
    /// build again.
    func dropBusinessData() {
        business = [:]
        extracts = []
    }

    /// Calls `body` with the extract at `index` in `extracts`, unretained.
    @inline(__always) func extract<Result>(_ index: Int, _ body: (BusinessData) throws -> Result) rethrows -> Result {
        try extractRefs[index]._withUnsafeGuaranteedRef(body)
    }

    /// A value that could not feed its property, for the run's diagnostics.
    struct Problem {
        var property: String
        var message: String
    }

    /// The properties of one profile, in plan order; properties without a value are left out.
    ///
    /// Built in `scratch` (which the caller keeps from one profile to the
    /// next), then copied into a list of exactly their size.
    func properties(
        of entry: DirectoryEntry, connection: String, account: String, joins: JoinedRows.Profile,
        resolvePerson: (String) -> String?, problems: inout [Problem], scratch: inout PropertyList
    ) -> PropertyList {
        let table = self.table(of: connection)
        scratch.removeAll(labels: table.labels)
        // Each plan by its address: `for plan in plans`, and even
        // `plans[index]` handed to a borrowing parameter, copied every plan
        // for every profile, retaining and releasing its name, separator,
        // sources and location: counts that both cores' builders share, a
        // tenth of a drifted run's build samples.
        // The table's labels by pointer too: the table handed to each plan
        // was retained and released for several plans of every profile, an
        // object both cores' builders share.
        plans.withUnsafeBufferPointer { plans in
            table.labels.withUnsafeBufferPointer { labels in
                table.reads.withUnsafeBufferPointer { reads in
                    table.copiedKeys.withUnsafeBufferPointer { keys in
                        table.sourceCounts.withUnsafeBufferPointer { sourceCounts in
                            // Plan `index`'s sources are at `offset` in `reads`.
                            var offset = 0
                            for index in plans.indices {
                                append(
                                    plans.baseAddress! + index, index: index,
                                    reads: UnsafeBufferPointer(rebasing: reads[offset..<(offset + sourceCounts[index])]),
                                    labels: labels, keys: keys, entry: entry,
                                    connection: connection, account: account, joins: joins,
                                    resolvePerson: resolvePerson, problems: &problems, to: &scratch)
                                offset += sourceCounts[index]
                            }
                        }
                    }
                }
            }
        }
        return withUnsafePointer(to: &scratch) { PropertyList(exactlyAt: $0) }
    }

    /// The labels and reads of `connection`'s profiles: every connection
    /// the engine reads has its table; others get one here.
    func table(of connection: String) -> LabelTable {
        tables[connection] ?? Self.table(plans, connection: connection, business: businessSources)
    }

    /// The first value of one plan for a profile, without business data: the
    /// join key of a business connection.
    func joinKey(_ plan: PropertyPlan, entry: DirectoryEntry, connection: String, account: String) -> String? {
        var ignored: [Problem] = []
        return withUnsafePointer(to: plan) { plan in
            for sourceIndex in plan.pointee.sources.indices {
                if let first = Self.firstTextValue(plan, sourceIndex: sourceIndex, entry: entry, connection: connection) {
                    guard let first else { continue }
                    return first
                }
                let values = values(
                    plan, sourceIndex: sourceIndex,
                    label: Self.label(of: plan.pointee.sources[sourceIndex], connection: connection),
                    entry: entry, connection: connection, account: account,
                    joins: JoinedRows.none.of(candidate: 0), resolvePerson: { _ in nil }, problems: &ignored)
                if let first = values.first { return first }
            }
            return nil
        }
    }

    /// The first value `values(…)` would give for a directory attribute that
    /// a text property takes as it is (a join key such as `employeeID`),
    /// read without the arrays `values(…)` makes for every candidate of a
    /// join: .some(nil) when the attribute gives nothing, nil when this is
    /// not such a source (binary values, other types, splitting, people).
    private static func firstTextValue(
        _ plan: UnsafePointer<PropertyPlan>, sourceIndex: Int, entry: DirectoryEntry, connection: String
    ) -> String?? {
        guard keepsText(plan.pointee.type), plan.pointee.type != .person, plan.pointee.separator?.isEmpty ?? true,
            case .directory(let owner, let key, _, let primarySMTP) = plan.pointee.sources[sourceIndex],
            !primarySMTP, key != "dn", key != "distinguishedname"
        else { return nil }
        if let owner, owner != connection { return .some(nil) }
        for value in entry.values(for: plan.pointee.lookups[sourceIndex]!) {
            // A binary value converts (GUID, SID, base64): the general path.
            guard case .text(let text) = value else { return nil }
            if !text.isEmpty { return .some(text) }
        }
        return .some(nil)
    }

    /// Appends the plan's property from the first of its sources with a value, if any has one.
    ///
    /// The plan is read where it is (`properties(of:…)`).
    private func append(
        _ plan: UnsafePointer<PropertyPlan>, index planIndex: Int, reads: UnsafeBufferPointer<SourceRead>,
        labels: UnsafeBufferPointer<String>, keys: UnsafeBufferPointer<CopiedKey>, entry: DirectoryEntry,
        connection: String, account: String, joins: JoinedRows.Profile,
        resolvePerson: (String) -> String?, problems: inout [Problem], to list: inout PropertyList
    ) {
        for sourceIndex in reads.indices {
            let read = reads[sourceIndex]
            let labelPosition = read.label
            switch read.kind {
            case .skip:
                continue
            case .copy:
                if appendAttribute(
                    plan, key: keys.baseAddress! + read.key, name: planIndex, source: labelPosition,
                    entry: entry, problems: &problems, to: &list)
                {
                    return
                }
                continue
            case .other:
                if let business = read.business,
                    let appended = appendBusinessValue(
                        plan, business: business, name: planIndex, source: labelPosition,
                        label: labels[labelPosition], joins: joins, problems: &problems, to: &list)
                {
                    if appended { return }
                    continue
                }
            }
            let values = values(
                plan, sourceIndex: sourceIndex, label: labels[labelPosition], entry: entry, connection: connection,
                account: account, joins: joins, resolvePerson: resolvePerson, problems: &problems,
                business: read.business)
            guard !values.isEmpty else { continue }
            list.beginProperty(nameAt: planIndex, sourceAt: labelPosition, run: 0)
            for value in values { list.appendValue(value) }
            return
        }
    }

    /// A business field's value when the profile joined exactly one row and
    /// the property neither splits nor resolves people (an HR extract's
    /// department, title or hire date): converted and appended with no
    /// array made. `values(…)` built one, copied it to drop empty values and
    /// made another for a single-valued property: for the four such HR
    /// properties of a generated configuration, 12% of the instructions of
    /// building properties (callgrind, 10k). True when appended, false when
    /// the field gives nothing (as `values(…)` would: the next source is
    /// tried), nil when this is not such a case.
    private func appendBusinessValue(
        _ plan: UnsafePointer<PropertyPlan>, business: BusinessSource, name: Int, source: Int,
        label: @autoclosure () -> String, joins: JoinedRows.Profile, problems: inout [Problem],
        to list: inout PropertyList
    ) -> Bool? {
        guard plan.pointee.type != .person, plan.pointee.separator?.isEmpty ?? true else { return nil }
        let positions = joins.rows(slot: business.join)
        guard positions.count == 1 else { return nil }
        // The text is the value: copied from the extract's bytes, with no string made.
        if Self.keepsText(plan.pointee.type) {
            return extract(business.extract) { extract in
                extract.withText(atField: business.field, row: positions[0]) { text -> Bool in
                    guard let text, !text.isEmpty else { return false }
                    list.beginProperty(nameAt: name, sourceAt: source, run: 0)
                    list.appendValue(utf8: text)
                    return true
                }
            }
        }
        guard let text = extract(business.extract, { $0.text(atField: business.field, row: positions[0]) }) else {
            return false
        }
        var problem: String?
        guard
            let converted = PropertyValueConverter.convert(
                text: text, attributeKey: fieldKeys[business.key], type: plan.pointee.type, problem: &problem)
        else {
            if let problem { problems.append(Problem(property: plan.pointee.name, message: "\(label()): \(problem)")) }
            return false
        }
        guard !converted.isEmpty else { return false }
        list.beginProperty(nameAt: name, sourceAt: source, run: 0)
        list.appendValue(converted)
        return true
    }

    /// Types whose property holds a text value as it is (`PropertyValueConverter`).
    private static func keepsText(_ type: PropertyType) -> Bool {
        switch type {
        case .string, .multistring, .email, .url, .html, .binary, .timezone: true
        case .integer, .biginteger, .float, .boolean, .date, .datenoyear, .datetime, .person, .guid: false
        }
    }

    /// A directory attribute whose text values are the property's as they
    /// are: copied from the entry's bytes, with no string made of them. The
    /// same values, order and problems as `values(…)`; false when none.
    private func appendAttribute(
        _ plan: UnsafePointer<PropertyPlan>, key: UnsafePointer<CopiedKey>, name: Int, source: Int, entry: DirectoryEntry, problems: inout [Problem],
        to list: inout PropertyList
    ) -> Bool {
        var begun = false
        entry.forEachEncodedValue(forKeyNumber: key.pointee.number, prefix: key.pointee.prefix) { bytes, isText in
            // Only the first value of a single-valued property is kept, but
            // every value is converted: the later ones' problems are reported too.
            let wanted = !begun || plan.pointee.multiValue
            if isText {
                guard wanted, !bytes.isEmpty else { return }
                if !begun { list.beginProperty(nameAt: name, sourceAt: source, run: 0) }
                begun = true
                list.appendValue(utf8: bytes)
                return
            }
            // A GUID or SID is written into the list as its string form,
            // as `PropertyValueConverter.convert` gives it: an array of its
            // bytes and a string of its text were made for every profile.
            if let form = key.pointee.binaryForm {
                let written = withUnsafeTemporaryAllocation(
                    of: UInt8.self, capacity: PropertyValueConverter.BinaryTextForm.maximumLength
                ) { text -> Bool in
                    guard let length = form.write(bytes, into: text) else { return false }
                    guard wanted, length > 0 else { return true }
                    if !begun { list.beginProperty(nameAt: name, sourceAt: source, run: 0) }
                    begun = true
                    list.appendValue(utf8: UnsafeBufferPointer(rebasing: text[0..<length]))
                    return true
                }
                if written { return }
            }
            var problem: String?
            if let text = PropertyValueConverter.convert(
                .binary(Array(bytes)), attributeKey: key.pointee.text, type: plan.pointee.type, problem: &problem)
            {
                guard wanted, !text.isEmpty else { return }
                if !begun { list.beginProperty(nameAt: name, sourceAt: source, run: 0) }
                begun = true
                list.appendValue(text)
            } else if let problem {
                problems.append(Problem(property: plan.pointee.name, message: "\(list.labels[source]): \(problem)"))
            }
        }
        return begun
    }

    /// One source's values for a plan, converted, split and resolved; empty
    /// when the source has none (or is another connection's).
    @inline(__always) func values(
        _ plan: UnsafePointer<PropertyPlan>, sourceIndex: Int, label: @autoclosure () -> String, entry: DirectoryEntry,
        connection: String, account: String, joins: JoinedRows.Profile, resolvePerson: (String) -> String?,
        problems: inout [Problem], business businessSource: BusinessSource? = nil
    ) -> [String] {
        // A person property converts its values as text; they are resolved below.
        let valueType = plan.pointee.type == .person ? PropertyType.string : plan.pointee.type
        var values: [String] = []
        if let businessSource {
            let positions = joins.rows(slot: businessSource.join)
            guard !positions.isEmpty else { return [] }
            for position in positions {
                guard
                    let text = extract(
                        businessSource.extract, { $0.text(atField: businessSource.field, row: position) })
                else { continue }
                var problem: String?
                if let converted = PropertyValueConverter.convert(
                    text: text, attributeKey: fieldKeys[businessSource.key], type: valueType, problem: &problem)
                {
                    values.append(converted)
                } else if let problem {
                    problems.append(Problem(property: plan.pointee.name, message: "\(label()): \(problem)"))
                }
            }
            return finish(values, plan: plan, resolvePerson: resolvePerson)
        }
        switch plan.pointee.sources[sourceIndex] {
        case .accountName:
            values = [account]
        case .directory(let owner, let key, _, let primarySMTP):
            if let owner, owner != connection { return [] }
            if key == "dn" || key == "distinguishedname" {
                values = [entry.dn]
            } else if primarySMTP {
                // Exchange marks the primary address with upper-case "SMTP:".
                values = entry.values(for: plan.pointee.lookups[sourceIndex]!).compactMap { value in
                    guard let text = value.text, text.hasPrefix("SMTP:") else { return nil }
                    return String(text.dropFirst(5))
                }.prefix(1).map { $0 }
            } else {
                for value in entry.values(for: plan.pointee.lookups[sourceIndex]!) {
                    var problem: String?
                    if let text = PropertyValueConverter.convert(
                        value, attributeKey: key, type: valueType, problem: &problem)
                    {
                        values.append(text)
                    } else if let problem {
                        problems.append(Problem(property: plan.pointee.name, message: "\(label()): \(problem)"))
                    }
                }
            }
        case .business:
            // Resolved in `businessSources` when its extract has the field;
            // otherwise there is nothing to read.
            return []
        case .expression(let expression):
            let context = ExpressionContext { reference in
                self.resolve(reference, entry: entry, connection: connection, joins: joins)
            }
            let result = expression.evaluate(in: context)
            for warning in result.warnings {
                problems.append(Problem(property: plan.pointee.name, message: "expression: \(warning)"))
            }
            values = result.strings
        }
        return finish(values, plan: plan, resolvePerson: resolvePerson)
    }

    /// A source's converted values split, emptied of empty ones, resolved
    /// (person) and cut to one for a single-valued property.
    private func finish(
        _ converted: [String], plan: UnsafePointer<PropertyPlan>, resolvePerson: (String) -> String?
    ) -> [String] {
        var values = converted
        if let separator = plan.pointee.separator, !separator.isEmpty {
            values = values.flatMap { MultiValueSplit.pieces(of: $0, separator: separator) }
        }
        // Only when there is one to remove: `removeAll(where:)` rebuilt the
        // array of every HR property of every profile, empty or not.
        if values.contains(where: \.isEmpty) { values.removeAll { $0.isEmpty } }
        if plan.pointee.type == .person {
            values = values.compactMap { resolvePerson($0) }
        }
        if !plan.pointee.multiValue, values.count > 1 { values = [values[0]] }
        return values
    }

    private func resolve(
        _ reference: AttributeReference, entry: DirectoryEntry, connection: String, joins: JoinedRows.Profile
    ) -> [AttributeValue] {
        if let owner = reference.connection, owner != connection {
            guard let data = business[owner] else { return [] }
            return data.values(of: reference.attribute, in: joins[owner]).map(AttributeValue.text)
        }
        let key = DirectoryEntry.key(reference.attribute)
        if key == "dn" || key == "distinguishedname" { return [.text(entry.dn)] }
        return Array(entry.values(forKey: key))
    }
}
