/// What an LDAP filter may consult beyond the entry itself.
public struct FilterContext: Sendable {
    /// Group memberships of the whole export, for the in-chain matching rule
    /// (1.2.840.113556.1.4.1941). Without it, in-chain compares the entry's
    /// direct `memberOf` / `member` values only.
    public var membership: MembershipGraph?

    public init(membership: MembershipGraph? = nil) {
        self.membership = membership
    }
}
