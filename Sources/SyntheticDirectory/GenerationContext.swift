/// What every writer needs besides the snapshot: the seed, the domain's
/// names and SID, and the naming rules for people.
struct GenerationContext: Sendable {
    let seed: UInt64
    let names: DirectoryNames
    /// The three sub-authorities of the domain SID (S-1-5-21-a-b-c).
    let domainSID: (UInt32, UInt32, UInt32)
    /// `Contoso Ltd.`
    let company: String
    /// Parent-container DNs, indexed by container then department.
    private let containerDNs: [[String]]

    /// RIDs: service accounts from 1100, groups from 1150, people from 1200.
    static let firstPersonRID: UInt32 = 1200

    init(seed: UInt64, domain: String) {
        self.seed = seed
        names = DirectoryNames(domain: domain)
        var random = SeededRandom(seed: seed, stream: 10, index: 0)
        domainSID = (
            UInt32(truncatingIfNeeded: random.next() | 0x1000_0000), UInt32(truncatingIfNeeded: random.next() | 0x1000_0000),
            UInt32(truncatingIfNeeded: random.next() | 0x1000_0000)
        )
        company = names.stem.prefix(1).uppercased() + names.stem.dropFirst() + " Ltd."
        let names = self.names
        containerDNs = [OrgTree.Container.staff, .contractor, .disabled].map { container in
            OrgCatalog.departments.indices.map { names.container(container, department: $0) }
        }
    }

    /// The CN of a person: display name, plus a number for the second and later namesakes.
    func commonName(_ person: Int, _ tree: OrgTree) -> String {
        let display = displayName(person, tree)
        let serial = tree.nameSerial[person]
        return serial == 0 ? display : display + " " + String(serial + 1)
    }

    func displayName(_ person: Int, _ tree: OrgTree) -> String {
        NamePools.given[Int(tree.given[person])].display + " " + NamePools.surnames[Int(tree.surname[person])].display
    }

    func parentDN(_ person: Int, _ tree: OrgTree) -> String {
        containerDNs[Int(tree.container[person])][Int(tree.department[person])]
    }

    /// The DN of a person in a snapshot's tree.
    func distinguishedName(_ person: Int, _ tree: OrgTree) -> String {
        "CN=" + DirectoryNames.escape(commonName(person, tree)) + "," + parentDN(person, tree)
    }

    /// sAMAccountName: given initial + surname (ASCII, ≤ 20 characters), numbered for namesakes.
    func accountName(_ person: Int, _ tree: OrgTree) -> String {
        let given = NamePools.givenLower[Int(tree.given[person])]
        let serial = tree.accountSerial[person]
        let stem = String(given.prefix(1)) + NamePools.surnameLower[Int(tree.surname[person])]
        return serial == 0 ? stem : stem + String(serial + 1)
    }

    /// `E0001234`: people in OU=Staff and Disabled Accounts have one; contractors none.
    func employeeID(_ person: Int, _ tree: OrgTree) -> String? {
        guard tree.container[person] != OrgTree.Container.contractor.rawValue else { return nil }
        let digits = String(person + 1)
        return "E" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    func groupDN(_ group: Int) -> String {
        "CN=" + GroupCatalog.name(group) + "," + names.groupsContainer
    }

    /// objectGUID of a person: 16 bytes from the person's own stream, as a version-4 GUID.
    static func guid(_ random: inout SeededRandom) -> [UInt8] {
        var bytes = random.bytes(16)
        bytes[7] = bytes[7] & 0x0F | 0x40  // version nibble sits in the high half of byte 7 (little-endian group)
        bytes[8] = bytes[8] & 0x3F | 0x80
        return bytes
    }
}
