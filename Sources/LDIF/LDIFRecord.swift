/// What a record says: the entry's attributes or the change to apply.
public enum LDIFRecordBody: Hashable, Sendable {
    /// A content record (no `changetype`).
    case content([LDIFAttribute])
    /// `changetype: add` (ldifde writes it on every export entry).
    case add([LDIFAttribute])
    /// `changetype: delete`.
    case delete
    /// `changetype: modify` with its mod-specs in file order.
    case modify([LDIFModification])
    /// `changetype: modrdn` or `moddn`; `keyword` keeps which one was written.
    case modDN(newRDN: String, deleteOldRDN: Bool, newSuperior: String?, keyword: String)
}

/// One LDIF record with the line its `dn:` is on.
public struct LDIFRecord: Hashable, Sendable {
    /// The 1-based line of the record's `dn:` line.
    public var line: Int
    /// The distinguished name (bytes: a base64 DN need not be UTF-8).
    public var dn: LDIFValue
    /// The record's `control:` lines, in order (change records only).
    public var controls: [LDIFControl]
    /// Content or change.
    public var body: LDIFRecordBody

    /// Creates a record.
    public init(line: Int, dn: LDIFValue, controls: [LDIFControl] = [], body: LDIFRecordBody) {
        self.line = line
        self.dn = dn
        self.controls = controls
        self.body = body
    }

    /// The attributes of a content or add record; nil for other change records.
    public var attributes: [LDIFAttribute]? {
        switch body {
        case .content(let attributes), .add(let attributes): attributes
        default: nil
        }
    }

    /// The changetype keyword, nil for a content record.
    public var changeType: String? {
        Self.changeType(of: body)
    }

    static func changeType(of body: LDIFRecordBody) -> String? {
        switch body {
        case .content: nil
        case .add: "add"
        case .delete: "delete"
        case .modify: "modify"
        case .modDN(_, _, _, let keyword): keyword
        }
    }
}
