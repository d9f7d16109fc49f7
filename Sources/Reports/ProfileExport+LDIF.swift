import LDIF
import ProfileCore

extension ProfileExportWriter {
    /// One LDIF content record (RFC 2849) per profile: the profile's DN, its
    /// properties as attributes (profile property names, every value). A
    /// profile that is not active gets a comment with its state; a property
    /// whose name is not an LDAP attribute name is left out with a comment,
    /// so other LDIF tools can read the file.
    mutating func appendLDIF(_ profile: Profile) {
        bytes.append(0x0A)
        bytes += LDIFComment.line(profile.account)
        if profile.state != .active {
            let reason = profile.reason.map { " (\($0.rawValue))" } ?? ""
            bytes += LDIFComment.line("state: \(profile.state.rawValue)\(reason)")
        }
        var attributes: [LDIFAttribute] = []
        for property in profile.properties {
            if LDIFAttributeName.isValid(property.name) {
                attributes.append(LDIFAttribute(name: property.name, values: property.values.map(LDIFValue.init)))
            } else {
                bytes += LDIFComment.line("property '\(property.name)' left out: not an LDAP attribute name")
            }
        }
        ldif.write(LDIFRecord(line: 0, dn: LDIFValue(profile.dn), body: .content(attributes)), to: &bytes)
    }
}
