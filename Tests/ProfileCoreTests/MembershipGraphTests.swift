import ProfileCore
import Testing

/// Groups: All ⊇ Sales ⊇ Sales-EU ⊇ {ann}; Sales ⊇ {bob}; Loop-A ⇄ Loop-B with
/// carl in Loop-B; Loop-A inside All as well.
@Suite struct MembershipGraphTests {
    static func dn(_ text: String) -> DistinguishedName { try! DistinguishedName(text) }
    static let all = dn("CN=All,OU=Groups,DC=contoso,DC=com")
    static let sales = dn("CN=Sales,OU=Groups,DC=contoso,DC=com")
    static let salesEU = dn("CN=Sales-EU,OU=Groups,DC=contoso,DC=com")
    static let loopA = dn("CN=Loop-A,OU=Groups,DC=contoso,DC=com")
    static let loopB = dn("CN=Loop-B,OU=Groups,DC=contoso,DC=com")
    static let empty = dn("CN=Empty,OU=Groups,DC=contoso,DC=com")
    static let ann = dn("CN=Ann,OU=Staff,DC=contoso,DC=com")
    static let bob = dn("CN=Bob,OU=Staff,DC=contoso,DC=com")
    static let carl = dn("CN=Carl,OU=Staff,DC=contoso,DC=com")
    static let dora = dn("CN=Dora,OU=Staff,DC=contoso,DC=com")

    static let graph = MembershipGraph(groups: [
        (dn: all, members: [sales, loopA]),
        (dn: sales, members: [salesEU, bob]),
        (dn: salesEU, members: [ann]),
        (dn: loopA, members: [loopB]),
        (dn: loopB, members: [loopA, carl]),
        (dn: empty, members: []),
    ])

    @Test func directMembership() {
        let graph = Self.graph
        #expect(graph.isMember(Self.ann, ofGroup: Self.salesEU, transitively: false))
        #expect(!graph.isMember(Self.ann, ofGroup: Self.sales, transitively: false))
        #expect(graph.groups(containing: Self.ann, transitively: false) == [Self.salesEU])
    }

    @Test func nestedThreeLevels() {
        let graph = Self.graph
        #expect(graph.isMember(Self.ann, ofGroup: Self.sales, transitively: true))
        #expect(graph.isMember(Self.ann, ofGroup: Self.all, transitively: true))
        #expect(graph.isMember(Self.salesEU, ofGroup: Self.all, transitively: true))
        #expect(!graph.isMember(Self.bob, ofGroup: Self.salesEU, transitively: true))
        #expect(!graph.isMember(Self.ann, ofGroup: Self.loopA, transitively: true))
        #expect(graph.groups(containing: Self.ann, transitively: true) == [Self.salesEU, Self.sales, Self.all])
        #expect(!graph.isMember(Self.dora, ofGroup: Self.all, transitively: true))
        #expect(graph.groups(containing: Self.dora, transitively: true).isEmpty)
    }

    @Test func cyclesTerminateAndIncludeEachOther() {
        let graph = Self.graph
        #expect(graph.isMember(Self.carl, ofGroup: Self.loopA, transitively: true))
        #expect(graph.isMember(Self.carl, ofGroup: Self.all, transitively: true))
        #expect(graph.isMember(Self.loopA, ofGroup: Self.loopA, transitively: true))
        #expect(!graph.isMember(Self.loopA, ofGroup: Self.loopA, transitively: false))
        #expect(graph.groups(containing: Self.carl, transitively: true) == [Self.loopA, Self.loopB, Self.all])
        #expect(!graph.isMember(Self.sales, ofGroup: Self.sales, transitively: true))
    }

    @Test func builderMergesRepeatedGroupsAndLookupIgnoresSpelling() {
        var builder = MembershipGraph.Builder()
        builder.addGroup(Self.sales, members: [Self.bob])
        builder.addMember(Self.ann, toGroup: Self.dn("cn=sales, ou=groups, dc=contoso, dc=com"))
        builder.addGroup(Self.all, members: [Self.sales])
        let graph = builder.build()
        #expect(graph.isMember(Self.dn("cn=ANN,ou=staff,dc=contoso,dc=com"), ofGroup: Self.all, transitively: true))
        #expect(graph.isMember(Self.bob, ofGroup: Self.sales, transitively: false))
        #expect(Set(graph.groups) == [Self.sales, Self.all])
    }

    // MARK: LDAP_MATCHING_RULE_IN_CHAIN through filters

    static func user(_ dn: DistinguishedName, memberOf: [DistinguishedName]) -> ScopeTestEntry {
        ScopeTestEntry(dn: dn.description, ["memberOf": memberOf.map(\.description)])
    }

    @Test func memberOfInChain() throws {
        let context = FilterContext(membership: Self.graph)
        let inAll = try LDAPFilter("(memberOf:1.2.840.113556.1.4.1941:=CN=All,OU=Groups,DC=contoso,DC=com)")
        let inSales = try LDAPFilter("(memberOf:1.2.840.113556.1.4.1941:=cn=sales, ou=groups, dc=contoso, dc=com)")
        let ann = Self.user(Self.ann, memberOf: [Self.salesEU])
        let carl = Self.user(Self.carl, memberOf: [Self.loopB])
        let dora = Self.user(Self.dora, memberOf: [])
        #expect(inAll.matches(ann, context: context))
        #expect(inAll.matches(carl, context: context))
        #expect(!inAll.matches(dora, context: context))
        #expect(inSales.matches(ann, context: context))
        #expect(!inSales.matches(carl, context: context))
        // Without a graph, only direct memberOf values count.
        #expect(!inAll.matches(ann))
        #expect(try LDAPFilter("(memberOf:1.2.840.113556.1.4.1941:=CN=Sales-EU,OU=Groups,DC=contoso,DC=com)").matches(ann))
    }

    @Test func memberOfInChainUsesBackLinksWhenTheEntryIsNotInAMemberList() throws {
        // Eve's memberOf names Sales-EU, but Sales-EU's exported member list omits her.
        let eve = ScopeTestEntry(dn: "CN=Eve,OU=Staff,DC=contoso,DC=com", ["memberOf": [Self.salesEU.description]])
        let filter = try LDAPFilter("(memberOf:1.2.840.113556.1.4.1941:=CN=All,OU=Groups,DC=contoso,DC=com)")
        #expect(filter.matches(eve, context: FilterContext(membership: Self.graph)))
    }

    @Test func memberInChain() throws {
        let context = FilterContext(membership: Self.graph)
        let hasAnn = try LDAPFilter("(member:1.2.840.113556.1.4.1941:=CN=Ann,OU=Staff,DC=contoso,DC=com)")
        func group(_ dn: DistinguishedName, _ members: [DistinguishedName]) -> ScopeTestEntry {
            ScopeTestEntry(dn: dn.description, ["member": members.map(\.description)])
        }
        #expect(hasAnn.matches(group(Self.all, [Self.sales, Self.loopA]), context: context))
        #expect(hasAnn.matches(group(Self.salesEU, [Self.ann]), context: context))
        #expect(!hasAnn.matches(group(Self.loopA, [Self.loopB]), context: context))
        #expect(!hasAnn.matches(group(Self.all, [Self.sales, Self.loopA])))
        #expect(hasAnn.matches(group(Self.salesEU, [Self.ann])))
    }

    @Test func deepNestingDoesNotExhaustTheStack() {
        // 20,000 groups, each inside the next, and the last inside the first.
        let chain = (0..<20_000).map { Self.dn("CN=N\($0),OU=Deep,DC=com") }
        var groups = chain.indices.dropLast().map { (dn: chain[$0 + 1], members: [chain[$0]]) }
        groups.append((dn: chain[0], members: [Self.ann]))
        let graph = MembershipGraph(groups: groups)
        #expect(graph.isMember(Self.ann, ofGroup: chain[19_999], transitively: true))
        #expect(!graph.isMember(Self.ann, ofGroup: chain[19_999], transitively: false))
        #expect(graph.groups(containing: Self.ann, transitively: true).count == 20_000)
        let cyclic = MembershipGraph(groups: groups + [(dn: chain[0], members: [chain[19_999]])])
        #expect(cyclic.isMember(chain[5], ofGroup: chain[4], transitively: true))
        #expect(!graph.isMember(chain[5], ofGroup: chain[4], transitively: true))
    }

    @Test func inChainOnOtherAttributesComparesDirectValues() throws {
        let filter = try LDAPFilter("(manager:1.2.840.113556.1.4.1941:=CN=Ann,OU=Staff,DC=contoso,DC=com)")
        let direct = ScopeTestEntry(dn: "CN=Bob,OU=Staff,DC=contoso,DC=com", ["manager": ["cn=ann, ou=staff, dc=contoso, dc=com"]])
        let other = ScopeTestEntry(dn: "CN=Bob,OU=Staff,DC=contoso,DC=com", ["manager": ["CN=Carl,OU=Staff,DC=contoso,DC=com"]])
        #expect(filter.matches(direct, context: FilterContext(membership: Self.graph)))
        #expect(!filter.matches(other, context: FilterContext(membership: Self.graph)))
    }
}
