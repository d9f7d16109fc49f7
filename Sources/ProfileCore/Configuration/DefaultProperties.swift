/// The profile properties SharePoint Active Directory Import maps without
/// being told (DESIGN §3), in the order DESIGN lists them.
///
/// Each reads the directory connection the profile came from: their sources
/// name ``SourceReference/eachDirectoryConnection`` (`*`) rather than a
/// configured connection, so one catalogue serves every domain.
public enum DefaultProperties {
    /// `AccountName`: the profile's identity, present even with `defaults: false`.
    public static let accountName = PropertyMapping(
        name: "AccountName", source: .accountName, type: .string, isDefault: true)

    /// Every default property, `AccountName` first.
    public static let all: [PropertyMapping] = [
        accountName,
        mapping("UserName", "sAMAccountName"),
        mapping("SID", "objectSid", type: .binary),
        mapping("ADGuid", "objectGUID", type: .binary),
        mapping("SPS-DistinguishedName", "dn"),
        mapping("SPS-UserPrincipalName", "userPrincipalName"),
        mapping("FirstName", "givenName"),
        mapping("LastName", "sn"),
        mapping("PreferredName", "displayName"),
        PropertyMapping(
            name: "WorkEmail",
            source: .attributes([
                each("mail"),
                // AD Import falls back to the primary address Exchange keeps in proxyAddresses.
                each("proxyAddresses", selection: .primarySMTPAddress),
            ]),
            type: .email, isDefault: true),
        mapping("WorkPhone", "telephoneNumber"),
        mapping("Office", "physicalDeliveryOfficeName"),
        mapping("Department", "department"),
        mapping("SPS-Department", "department"),
        mapping("Title", "title"),
        mapping("SPS-JobTitle", "title"),
        mapping("Manager", "manager", type: .person),
        mapping("PublicSiteRedirect", "wWWHomePage", type: .url),
        mapping("SPS-ProxyAddresses", "proxyAddresses", type: .multistring),
    ]

    /// The default property called `name`, compared case-insensitively as
    /// SharePoint compares property names.
    public static func named(_ name: String) -> PropertyMapping? {
        let lowered = name.lowercased()
        return all.first { $0.name.lowercased() == lowered }
    }

    private static func each(
        _ attribute: String, selection: SourceReference.Selection = .values
    ) -> SourceReference {
        SourceReference(
            connection: SourceReference.eachDirectoryConnection, attribute: attribute, selection: selection)
    }

    private static func mapping(_ name: String, _ attribute: String, type: PropertyType = .string) -> PropertyMapping {
        PropertyMapping(
            name: name, source: .attributes([each(attribute)]), type: type,
            multiValue: type.isMultiValued, isDefault: true)
    }
}
