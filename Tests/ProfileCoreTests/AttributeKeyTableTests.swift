import Dispatch
import Synchronization
import Testing

@testable import ProfileCore

/// Entries keep their attribute keys as numbers: one key, one number, for
/// every thread, and every number reads back as its key.
@Suite struct AttributeKeyTableTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func number(_ text: String, in table: AttributeKeyTable) -> UInt32 {
        bytes(text).withUnsafeBufferPointer { table.number(of: $0) }
    }

    @Test func aKeyKeepsItsNumberAndReadsBack() {
        let table = AttributeKeyTable()
        let keys = ["cn", "samaccountname", "samaccounttype", "", "mail", "mai", "zoë", "memberof"]
        let numbers = keys.map { Self.number($0, in: table) }
        #expect(Set(numbers).count == keys.count)
        #expect(numbers == keys.indices.map(UInt32.init))
        #expect(keys.map { Self.number($0, in: table) } == numbers)
        #expect(table.count == keys.count)
        for (key, number) in zip(keys, numbers) {
            #expect(Array(table.key(number).bytes) == Self.bytes(key))
            #expect(table.key(number).prefix == DirectoryEntry.prefix(of: key))
        }
    }

    /// Past the first index (256 slots) and the first chunk of keys (1,024).
    @Test func manyKeysAllReadBack() {
        let table = AttributeKeyTable()
        let keys = (0..<5_000).map { "attribute\($0)" }
        let numbers = keys.map { Self.number($0, in: table) }
        #expect(numbers == keys.indices.map(UInt32.init))
        for (key, number) in zip(keys, numbers) { #expect(Array(table.key(number).bytes) == Self.bytes(key)) }
        #expect(keys.map { Self.number($0, in: table) } == numbers)
    }

    /// Threads numbering the same keys in different orders, each through its
    /// own cache, as the reading threads' entry builders do: every thread
    /// gets the same number for a key, and the table holds each key once.
    @Test func threadsAgreeOnEveryNumber() {
        let table = AttributeKeyTable()
        let keys = (0..<3_000).map { "k\($0 * 7919 % 3_000)" }
        let results = Mutex<[[String: UInt32]]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            var cache = AttributeKeyCache(table: table)
            var seen: [String: UInt32] = [:]
            let order = thread % 2 == 0 ? keys : keys.reversed()
            for round in 0..<3 {
                for key in order.dropFirst(round * 100) {
                    let number = Self.bytes(key).withUnsafeBufferPointer { cache.number(of: $0) }
                    if let earlier = seen[key] { precondition(earlier == number, "a key changed its number") }
                    seen[key] = number
                }
            }
            results.withLock { $0.append(seen) }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 4)
        #expect(all.allSatisfy { $0 == all[0] })
        #expect(table.count == Set(keys).count)
        for (key, number) in all[0] { #expect(Array(table.key(number).bytes) == Self.bytes(key)) }
    }

    /// A position met for the first time past the ones seen so far (none of
    /// the positions between has a key yet) is looked up, not guessed.
    @Test func aPositionPastTheLastSeenIsLookedUp() {
        let table = AttributeKeyTable()
        var cache = AttributeKeyCache(table: table)
        #expect(Self.bytes("mail").withUnsafeBufferPointer { cache.number(of: $0, at: 5) } == 0)
        #expect(Self.bytes("cn").withUnsafeBufferPointer { cache.number(of: $0, at: 2) } == 1)
        #expect(Self.bytes("cn").withUnsafeBufferPointer { cache.number(of: $0, at: 5) } == 1)
        #expect(table.count == 2)
    }

    /// A cache answers as its table does, for keys it has seen and ones it
    /// has not, and by position whether the key there is last time's or not.
    @Test func aCacheAgreesWithItsTable() {
        let table = AttributeKeyTable()
        var cache = AttributeKeyCache(table: table)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let key = "a\(Int.random(in: 0..<2_000, using: &random))"
            let cached = Self.bytes(key).withUnsafeBufferPointer { cache.number(of: $0) }
            #expect(cached == Self.number(key, in: table))
        }
        // Entries of mostly one layout: the same keys at the same positions,
        // now and then another key, a shorter one ("a1" for "a10") or none.
        let layout = ["cn", "mail", "a10", "samaccountname", "samaccounttype"]
        for _ in 0..<5_000 {
            var keys = layout
            if Bool.random(using: &random) { keys[Int.random(in: 0..<keys.count, using: &random)] = ["a1", "", "mai", "zoë"].randomElement(using: &random)! }
            if Int.random(in: 0..<4, using: &random) == 0 { keys.append("extra\(Int.random(in: 0..<3, using: &random))") }
            for (position, key) in keys.enumerated() {
                let cached = Self.bytes(key).withUnsafeBufferPointer { cache.number(of: $0, at: position) }
                #expect(cached == Self.number(key, in: table))
            }
        }
    }
}
