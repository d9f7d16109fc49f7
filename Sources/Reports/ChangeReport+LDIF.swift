import LDIF
import ProfileCore

extension ChangeReport {
    /// The LDIF change records (RFC 2849) that would bring a directory in
    /// line with the store after this run, attribute names being profile
    /// property names: `add` → `changetype: add` with the new values;
    /// `update` → `changetype: modify` with a `replace:` per property
    /// (`delete:` when it lost its value); `markForDeletion` →
    /// `changetype: delete`; `move` → `changetype: moddn` (newrdn,
    /// deleteoldrdn: 1, newsuperior); `membership` → `modify` of `member`
    /// with `add:`/`delete:`. `exclude` and `restore` change nothing in a
    /// directory and are written as comments.
    ///
    /// Records are ordered so that each applies to the directory as the
    /// previous ones left it: moves first (later records name the new DN),
    /// then adds (members must exist before groups name them), updates,
    /// memberships, and deletions last. Within a kind, report order.
    public func renderLDIF() -> [UInt8] {
        let writer = LDIFWriter()
        var output = LDIFWriter.versionLine
        output += LDIFComment.line(
            "ProfileSync change report: run \(run.id) (\(run.kind.rawValue), \(run.status.rawValue)), "
                + "finished \(ChangeReport.timestamp(run.finished))")
        for section in Self.ldifOrder {
            for change in changes where ChangeSection(change) == section {
                var block: [UInt8] = []
                Self.writeLDIF(change, with: writer, to: &block)
                guard !block.isEmpty else { continue }
                output.append(0x0A)
                output += block
            }
        }
        return output
    }

    private static let ldifOrder: [ChangeSection] = [.move, .add, .update, .membership, .markForDeletion, .exclude, .restore]

    private static func writeLDIF(_ change: ProfileChange, with writer: LDIFWriter, to output: inout [UInt8]) {
        func record(_ dn: String, _ body: LDIFRecordBody) {
            writer.write(LDIFRecord(line: 0, dn: LDIFValue(dn), body: body), to: &output)
        }
        func values(_ strings: [String]) -> [LDIFValue] { strings.map(LDIFValue.init) }
        func writable(_ properties: PropertyChanges) -> [PropertyChange] {
            for property in properties where !LDIFAttributeName.isValid(property.name) {
                output += LDIFComment.line("property '\(property.name)' left out: not an LDAP attribute name")
            }
            return properties.filter { LDIFAttributeName.isValid($0.name) }
        }
        switch change {
        case .add(let ref, let properties):
            let attributes = writable(properties).filter { !$0.new.isEmpty }
                .map { LDIFAttribute(name: $0.name, values: values($0.new)) }
            // RFC 2849 has an add carry at least one attribute.
            if attributes.isEmpty {
                output += LDIFComment.line("add \(ref.account) (\(ref.dn)): no attribute expressible in LDIF")
            } else {
                record(ref.dn, .add(attributes))
            }
        case .update(let ref, let properties):
            let modifications = writable(properties).map { property in
                property.new.isEmpty
                    ? LDIFModification(operation: .delete, attribute: property.name)
                    : LDIFModification(operation: .replace, attribute: property.name, values: values(property.new))
            }
            if modifications.isEmpty {
                output += LDIFComment.line("update \(ref.account) (\(ref.dn)): nothing expressible in LDIF")
            } else {
                record(ref.dn, .modify(modifications))
            }
        case .markForDeletion(let ref):
            output += LDIFComment.line("markForDeletion \(ref.account)")
            record(ref.dn, .delete)
        case .move(let ref, let oldDn, let newDn):
            let (rdn, parent) = DistinguishedNameSplit.firstRDN(of: newDn)
            output += LDIFComment.line("move \(ref.account)")
            record(oldDn, .modDN(newRDN: rdn, deleteOldRDN: true, newSuperior: parent, keyword: "moddn"))
        case .membership(let group, let added, let removed):
            var modifications: [LDIFModification] = []
            if !added.isEmpty { modifications.append(LDIFModification(operation: .add, attribute: "member", values: values(added))) }
            if !removed.isEmpty {
                modifications.append(LDIFModification(operation: .delete, attribute: "member", values: values(removed)))
            }
            guard !modifications.isEmpty else { return }
            record(group, .modify(modifications))
        case .exclude(let ref, let reason):
            output += LDIFComment.line("exclude \(ref.account) (\(ref.dn)): \(reason.rawValue); no directory change")
        case .restore(let ref):
            output += LDIFComment.line("restore \(ref.account) (\(ref.dn)): no directory change")
        }
    }
}
