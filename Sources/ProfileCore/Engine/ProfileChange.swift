/// One property's change inside an `update` or `add`.
public struct PropertyChange: Sendable, Hashable, Codable {
    public var name: String
    /// Old values (empty when the property had none).
    public var old: [String]
    /// New values (empty when the property lost its value).
    public var new: [String]
    public var source: String

    public init(name: String, old: [String], new: [String], source: String) {
        self.name = name
        self.old = old
        self.new = new
        self.source = source
    }
}

/// What a run changed, one entry per affected object (DESIGN §5.2 `changes`).
///
/// The cases are exactly the report's `kind` values.
public enum ProfileChange: Sendable, Hashable {
    case add(ProfileRef, properties: PropertyChanges)
    case update(ProfileRef, properties: PropertyChanges)
    case markForDeletion(ProfileRef)
    case exclude(ProfileRef, reason: ExclusionReason)
    case move(ProfileRef, oldDn: String, newDn: String)
    case restore(ProfileRef)
    case membership(group: String, added: [String], removed: [String])

    /// The report's `kind` string.
    public var kind: String {
        switch self {
        case .add: "add"
        case .update: "update"
        case .markForDeletion: "markForDeletion"
        case .exclude: "exclude"
        case .move: "move"
        case .restore: "restore"
        case .membership: "membership"
        }
    }

    /// Whether this is a new profile's add made of its property list
    /// (`PropertyChanges(adding:)`), as the engine makes it. Told in place:
    /// binding the payload to ask copied the change through its value
    /// witnesses, with a retain of each of its strings (`KeptAdds`, once
    /// for every new profile).
    @inlinable
    public var isAddOfPropertyList: Bool {
        guard case .add(_, let properties) = self else { return false }
        return properties.isAdding
    }

    /// The profile the change is about (nil for group memberships).
    public var profile: ProfileRef? {
        switch self {
        case .add(let ref, _), .update(let ref, _), .markForDeletion(let ref), .exclude(let ref, _),
            .move(let ref, _, _), .restore(let ref):
            ref
        case .membership: nil
        }
    }
}

/// How a change names its profile.
public struct ProfileRef: Sendable, Hashable, Codable {
    public var connection: String
    public var anchor: String
    public var account: String
    public var dn: String

    public init(connection: String, anchor: String, account: String, dn: String) {
        self.connection = connection
        self.anchor = anchor
        self.account = account
        self.dn = dn
    }
}

/// The property changes of an `add` or `update`.
///
/// A new profile's changes are all its properties, from no value to theirs:
/// held as the profile's own array rather than a second array of copies
/// (at a million new profiles that copy was over a gigabyte held to the
/// commit). Each change is made when it is read.
public struct PropertyChanges: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    @usableFromInline
    enum Storage: Sendable {
        case changes([PropertyChange])
        case added(PropertyList)
    }

    @usableFromInline
    let storage: Storage

    public init(_ changes: [PropertyChange]) {
        storage = .changes(changes)
    }

    /// Every property of a new profile, as a change from no value.
    public init(adding properties: PropertyList) {
        storage = .added(properties)
    }

    public init(arrayLiteral elements: PropertyChange...) {
        storage = .changes(elements)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .changes(let changes): changes.count
        case .added(let properties): properties.count
        }
    }

    public subscript(position: Int) -> PropertyChange {
        switch storage {
        case .changes(let changes):
            return changes[position]
        case .added(let properties):
            return PropertyChange(
                name: properties.name(at: position), old: [], new: properties.values(at: position).strings,
                source: properties.source(at: position))
        }
    }

    /// The profile's properties when these are a new profile's (every
    /// old value none), for readers that go through them by label
    /// (`PropertyList.forEachPropertyAt`); nil for an update's changes.
    public var addedProperties: PropertyList? {
        if case .added(let properties) = storage { properties } else { nil }
    }

    /// Whether these are a new profile's properties (`init(adding:)`),
    /// without copying them out.
    @inlinable
    public var isAdding: Bool {
        if case .added = storage { true } else { false }
    }

    /// Calls `body` with each change's name, old values, new values and
    /// source, in order, borrowing them where they are (making a
    /// `PropertyChange` retains its four references and, for a new profile,
    /// makes a string of every value; renderers call this for every property
    /// of every profile). Inlinable, so the renderer's and the store's `body`
    /// is inlined here rather than called per property with its four
    /// arguments retained.
    @inlinable
    public func forEachChange(_ body: (String, PropertyValues, PropertyValues, String) throws -> Void) rethrows {
        switch storage {
        case .changes(let changes):
            try changes.withUnsafeBufferPointer { changes in
                for index in changes.indices {
                    try body(
                        changes[index].name, PropertyValues(changes[index].old), PropertyValues(changes[index].new),
                        changes[index].source)
                }
            }
        case .added(let properties):
            let none = PropertyValues([])
            try properties.forEachProperty { name, values, source, _ in
                try body(name, none, values, source)
            }
        }
    }

    /// By the changes they hold, however they hold them.
    public static func == (lhs: PropertyChanges, rhs: PropertyChanges) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for change in self { hasher.combine(change) }
    }
}
