/// SharePoint user-profile property types (DESIGN §3).
public enum PropertyType: String, Sendable, Hashable, CaseIterable, Codable {
    case string
    case multistring
    case integer
    case biginteger
    case float
    case boolean
    case date
    case datenoyear
    case datetime
    case email
    case url
    case html
    case person
    case guid
    case binary
    case timezone

    /// Whether the type holds several values per profile.
    public var isMultiValued: Bool { self == .multistring }
}
