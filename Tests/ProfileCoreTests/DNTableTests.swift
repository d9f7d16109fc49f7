@testable import ProfileCore
import Testing
import TestSupport

/// The DN table answers as the maps it replaced: a `[String: …]` keyed by
/// `CaseFold.lowercased` DNs, the later value of a DN winning, looked up by
/// a DN's string or its UTF-8 bytes.
@Suite struct DNTableTests {
    static let pieces = ["CN=", "cn=", "OU=", "Staff", "STAFF", "DC=contoso", "dc=COM", ",", "\\,", "Zoë", "ZOË", "İ", "ß", "Ω", "a", "B", " "]

    static func dn(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test func answersAsALowercasedMapDoes() {
        var random = SeededGenerator(seed: 3)
        // Starts small: most sets grow the table.
        var table = AccountsByDN(minimumCapacity: 4)
        var reference: [String: String] = [:]
        for index in 0..<5_000 {
            let key = CaseFold.lowercased(Self.dn(&random))
            let account = "CONTOSO\\u\(index)"
            table.set(account, forKey: key)
            reference[key] = account
        }
        #expect(table.count == reference.count)
        for _ in 0..<20_000 {
            let dn = Self.dn(&random)
            let expected = reference[CaseFold.lowercased(dn)]
            #expect(table.account(forDN: dn) == expected, "\(dn)")
            #expect(table[key: CaseFold.lowercased(dn)] == expected, "\(dn)")
            var bytes = dn
            #expect(bytes.withUTF8 { table.value(forDN: $0) } == expected, "\(dn)")
        }
        // A long ASCII DN, past the stack buffer, takes the general path.
        let long = "CN=" + String(repeating: "Ab", count: 700)
        table.set("CONTOSO\\long", forKey: CaseFold.lowercased(long))
        #expect(table.account(forDN: long.uppercased()) == "CONTOSO\\long")
        #expect(table.account(forDN: long + "x") == nil)
        var longBytes = long.uppercased()
        #expect(longBytes.withUTF8 { table.value(forDN: $0) } == "CONTOSO\\long")
    }

    /// Positions by DN, as group members are named: the table a run fills
    /// with every entry's DN key, looked up by each member value's bytes.
    @Test func positionsByMemberBytes() {
        var random = SeededGenerator(seed: 11)
        var table = DNTable<Int32>(minimumCapacity: 4)
        var reference: [String: Int32] = [:]
        for index in 0..<3_000 {
            let key = CaseFold.lowercased(Self.dn(&random))
            table.set(Int32(index), forKey: key)
            reference[key] = Int32(index)
        }
        for _ in 0..<10_000 {
            var dn = Self.dn(&random)
            let expected = reference[CaseFold.lowercased(dn)]
            #expect(dn.withUTF8 { table.value(forDN: $0) } == expected, "\(dn)")
        }
    }

    /// DNs laid end to end, as an entry's values are, and where each lies.
    static func laidOut(_ dns: [String]) -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for dn in dns {
            let start = bytes.count
            bytes.append(contentsOf: dn.utf8)
            ranges.append(start..<bytes.count)
        }
        return (bytes, ranges)
    }

    /// Looked up a batch at a time (`DNTable.Lookups`), as group members
    /// are: every DN answered as alone, in the order given, in batches full
    /// and not, for positions and for strings, long and non-ASCII DNs (the
    /// general path) among the others, the batch reused.
    @Test func batchedLookupsAnswerAsOneAtATime() {
        var random = SeededGenerator(seed: 29)
        var positions = DNTable<Int32>(minimumCapacity: 4)
        var accounts = AccountsByDN(minimumCapacity: 4)
        let long = "CN=" + String(repeating: "Ab", count: 700)
        for index in 0..<2_000 {
            let key = CaseFold.lowercased(index == 0 ? long : Self.dn(&random))
            positions.set(Int32(index), forKey: key)
            accounts.set("CONTOSO\\u\(index)", forKey: key)
        }
        var lookups = DNTable<Int32>.Lookups()
        var accountLookups = AccountsByDN.Lookups()
        for round in 0..<400 {
            // 0 to 16 DNs: empty, partial and full batches.
            let dns = (0..<Int.random(in: 0...16, using: &random)).map { index in
                index == 3 && round % 7 == 0 ? long.uppercased() : Self.dn(&random)
            }
            let (bytes, ranges) = Self.laidOut(dns)
            bytes.withUnsafeBufferPointer { bytes in
                lookups.ranges = ranges
                positions.resolve(&lookups, in: bytes)
                accountLookups.ranges = ranges
                accounts.resolve(&accountLookups, in: bytes)
            }
            #expect(lookups.values.count == dns.count)
            #expect(accountLookups.values.count == dns.count)
            for (index, dn) in dns.enumerated() {
                #expect(lookups.values[index] == positions.value(forDN: dn), "\(dn)")
                #expect(accountLookups.values[index] == accounts.value(forDN: dn), "\(dn)")
            }
        }
    }

    /// Two DNs whose hashes share the bits a slot keeps and the slot they
    /// start at: a batched look-up of one that finds the other's slot first
    /// compares the keys and probes on, as a single look-up does.
    @Test func batchedLookupsProbeOnPastAnotherKeysMatchingBits() {
        func hash(_ key: String) -> UInt64 {
            var key = key
            return key.withUTF8 { bytes in
                var digest = ContentDigest()
                digest.add(UnsafeRawBufferPointer(bytes))
                return digest.value
            }
        }
        // A table of 16 slots starts at the hash's low 4 bits: a pair
        // alike in those and the high 32 turns up among a few 100,000 keys.
        var seen: [UInt64: String] = [:]
        var pair: (String, String)?
        for index in 0..<2_000_000 {
            let key = "cn=k\(index)"
            let value = hash(key)
            let bits = (value >> 32) << 4 | value & 15
            if let other = seen[bits] {
                pair = (other, key)
                break
            }
            seen[bits] = key
        }
        guard let (first, second) = pair else {
            Issue.record("no two keys alike in the slot's bits")
            return
        }
        var table = DNTable<Int32>(minimumCapacity: 4)
        #expect(table.slotCount == 16)
        table.set(1, forKey: first)
        var lookups = DNTable<Int32>.Lookups()
        func resolve(_ dns: [String]) -> [Int32?] {
            let (bytes, ranges) = Self.laidOut(dns)
            lookups.ranges = ranges
            bytes.withUnsafeBufferPointer { table.resolve(&lookups, in: $0) }
            return lookups.values
        }
        #expect(resolve([second.uppercased(), first.uppercased(), second]) == [nil, 1, nil])
        table.set(2, forKey: second)
        #expect(resolve([second.uppercased(), first, second]) == [2, 1, 2])
    }

    /// Reserving places the entries held once, and the table then takes
    /// as many more as it was told without growing, answering throughout
    /// as a map does.
    @Test func reservingMakesRoomOnceAndKeepsEveryAnswer() {
        var random = SeededGenerator(seed: 11)
        var table = DNTable<Int32>(minimumCapacity: 4)
        var reference: [String: Int32] = [:]
        func add(until count: Int) {
            while reference.count < count {
                let key = CaseFold.lowercased(Self.dn(&random) + "-\(reference.count)")
                let number = table.value(forKey: key, settingIfAbsent: Int32(reference.count))
                if reference[key] == nil { reference[key] = number }
                #expect(number == reference[key])
            }
        }
        add(until: 300)
        table.reserve(4_000)
        let slots = table.slotCount
        #expect(slots >= 8_000)
        for (key, number) in reference { #expect(table[key: key] == number, "\(key)") }
        add(until: 4_000)
        #expect(table.slotCount == slots)
        #expect(table.count == reference.count)
        for (key, number) in reference { #expect(table[key: key] == number, "\(key)") }
        // Told of fewer than it holds, it keeps its slots.
        table.reserve(10)
        #expect(table.slotCount == slots)
    }
}
