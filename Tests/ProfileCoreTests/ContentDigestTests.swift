import Testing
@testable import ProfileCore

/// Stored digests decide which profiles a run rewrites: the digest of a
/// profile must stay the digest of its documented fields, whatever
/// shortcuts compute it.
@Suite struct ContentDigestTests {
    /// The algorithm written out byte by byte: each field padded with zeros
    /// to whole little-endian words, each word folded in by the 128-bit
    /// product of (state ^ word) and the word multiplier, the last word
    /// (zero when the field fills its words) carrying the field's length in
    /// its top byte; then one fold by the final multiplier.
    static func reference(fields: [[UInt8]], state start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        reference(parts: fields.map { .field($0) }, state: start)
    }

    /// A field, or a word folded in by itself (no length: a profile's
    /// property names and sources, as their own digests).
    enum Part {
        case field([UInt8])
        case word(UInt64)
    }

    static func reference(parts: [Part], state start: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        func fold(_ value: UInt64, _ multiplier: UInt64) -> UInt64 {
            let product = value.multipliedFullWidth(by: multiplier)
            return product.high ^ product.low
        }
        var state = start
        for part in parts {
            let field: [UInt8]
            switch part {
            case .word(let word):
                state = fold(state ^ word, 0x9E37_79B9_7F4A_7C15)
                continue
            case .field(let bytes):
                field = bytes
            }
            var words: [UInt64] = []
            for wordStart in stride(from: 0, to: field.count, by: 8) {
                var word: UInt64 = 0
                for offset in 0..<min(8, field.count - wordStart) { word |= UInt64(field[wordStart + offset]) << (8 * offset) }
                words.append(word)
            }
            if field.count % 8 == 0 { words.append(0) }
            words[words.count - 1] ^= UInt64(field.count & 0xFF) << 56
            for word in words { state = fold(state ^ word, 0x9E37_79B9_7F4A_7C15) }
        }
        return fold(state, 0xD6E8_FEB8_6659_FD93)
    }

    static func reference(_ fields: [String]) -> UInt64 {
        reference(fields: fields.map { Array($0.utf8) })
    }

    @Test(arguments: [0, 1, 3, 9, 10, 12, 100])
    func aProfileDigestIsItsFieldsInOrder(valueCount: Int) {
        let values = (0..<valueCount).map { "värde \($0)" }
        let profile = Profile(
            key: ProfileKey(connection: "contoso", anchor: "a1"), account: "CONTOSO\\jö", dn: "CN=Jö,DC=x",
            state: .excluded, reason: .filtered,
            properties: [
                ProfileProperty(name: "Title", values: values, source: "hr.Title"),
                ProfileProperty(name: "AccountName", values: ["CONTOSO\\jö"], source: "contoso.sAMAccountName", run: 4),
            ])
        // Names and sources folded in as their own digests.
        func label(_ text: String) -> Part { .word(Self.reference([text])) }
        func text(_ text: String) -> Part { .field(Array(text.utf8)) }
        let expected = Self.reference(
            parts: ["CONTOSO\\jö", "CN=Jö,DC=x", "excluded", "filtered"].map(text)
                + [label("Title"), label("hr.Title"), text(String(valueCount))] + values.map(text)
                + [label("AccountName"), label("contoso.sAMAccountName"), text("1"), text("CONTOSO\\jö")])
        #expect(ContentDigest.of(profile) == expected)
    }

    @Test func numbersAreTheirDecimalDigits() {
        for number in [-12, -1, 0, 5, 9, 10, 99, 123_456] {
            var digest = ContentDigest()
            digest.add(number)
            #expect(digest.value == Self.reference([String(number)]), "\(number)")
        }
    }

    /// Fields of every length around the word size, in every form a field
    /// arrives in: the same digest as written out byte by byte.
    @Test func fieldsOfEveryLengthDigestAsWrittenOut() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 257, 300] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Self.reference(fields: [[9], bytes, [1, 2]])
            var array = ContentDigest()
            array.add([9] as [UInt8])
            array.add(bytes)
            array.add([1, 2] as [UInt8])
            #expect(array.value == expected, "length \(length), array")
            // Not contiguous: collected first.
            var lazy = ContentDigest()
            lazy.add([9] as [UInt8])
            lazy.add(bytes.lazy.map { $0 })
            lazy.add([1, 2] as [UInt8])
            #expect(lazy.value == expected, "length \(length), iterated")
            // A slice that does not start at its array's start.
            let padded = [0xAA] + bytes
            var slice = ContentDigest()
            slice.add([9] as [UInt8])
            slice.add(padded[1...])
            slice.add([1, 2] as [UInt8])
            #expect(slice.value == expected, "length \(length), slice")
        }
        let text = String(repeating: "Jörg Müller, ", count: 7)
        var digest = ContentDigest()
        digest.add(text)
        #expect(digest.value == Self.reference([text]))
    }

    @Test func aContinuedDigestStartsFromTheValue() {
        var first = ContentDigest()
        first.add("CONTOSO\\jdoe")
        var continued = ContentDigest(continuing: first.value)
        continued.add([1, 2, 3] as [UInt8])
        #expect(continued.value == Self.reference(fields: [[1, 2, 3]], state: first.value))
    }

    /// Trailing zero bytes, empty fields, field boundaries and one changed
    /// byte all change the digest.
    @Test func nearlyEqualFieldsDiffer() {
        let digests = [
            Self.reference(fields: []), Self.reference(fields: [[]]), Self.reference(fields: [[], []]),
            Self.reference(fields: [[0]]), Self.reference(fields: [[0, 0]]),
            Self.reference(fields: [Array(repeating: 0, count: 8)]), Self.reference(fields: [[1], [0]]),
            Self.reference(fields: [[1, 0]]), Self.reference(["ab", "c"]), Self.reference(["a", "bc"]),
            Self.reference(["abc"]), Self.reference(["abd"]),
        ]
        #expect(Set(digests).count == digests.count)
    }

    /// Stores hold these digests: a change of algorithm must be a decision
    /// (every row is rewritten once by the next run), not an accident.
    @Test func theAlgorithmIsPinned() {
        var digest = ContentDigest()
        digest.add("CONTOSO\\jdoe")
        digest.add("CN=John Doe,OU=Staff,DC=contoso,DC=com")
        #expect(digest.value == 0xC82A_D820_A219_6922)
        #expect(Self.reference(["CONTOSO\\jdoe", "CN=John Doe,OU=Staff,DC=contoso,DC=com"]) == 0xC82A_D820_A219_6922)
    }
}
