/// A 64-bit FNV-1a digest of a profile's or group's content.
///
/// Unchanged profiles must cost almost nothing on a re-run: the engine
/// compares this digest with the stored one and touches nothing when they
/// agree. A cryptographic hash is unnecessary here (the inputs are the
/// administrator's own exports) and FNV-1a over a few hundred bytes is cheap.
public struct ContentDigest: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The 64-bit FNV prime.
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        // Contiguous bytes (arrays, native strings' UTF-8) without the iterator.
        let hashed: UInt64? = bytes.withContiguousStorageIfAvailable { buffer in
            var hash = value
            for byte in buffer {
                hash ^= UInt64(byte)
                hash &*= Self.prime
            }
            return hash
        }
        if let hashed {
            value = hashed
            return
        }
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= Self.prime
        }
        value = hash
    }

    public mutating func add(_ text: String) {
        add(text.utf8)
        mix(0xFF)  // a byte that never occurs in UTF-8 separates fields
    }

    /// The number's decimal digits as a field, like `add(String(number))`.
    public mutating func add(_ number: Int) {
        // Value counts, one per property of every profile, are nearly
        // always a single digit: hashed without making a string of it.
        if number >= 0 && number < 10 {
            mix(UInt8(truncatingIfNeeded: number) + UInt8(ascii: "0"))
            mix(0xFF)
        } else {
            add(String(number))
        }
    }

    private mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    /// The digest of a profile: account, DN, state and every property's
    /// name, values and source (not the run that set them).
    public static func of(_ profile: Profile, snapshot: [UInt8]) -> UInt64 {
        of(profile, snapshot: EntrySnapshot(bytes: snapshot))
    }

    public static func of(_ profile: Profile, snapshot: EntrySnapshot) -> UInt64 {
        var digest = ContentDigest()
        digest.value = of(profile)
        snapshot.add(to: &digest)
        return digest.value
    }

    public static func of(_ profile: Profile) -> UInt64 {
        var digest = ContentDigest()
        digest.add(profile.account)
        digest.add(profile.dn)
        digest.add(profile.state.rawValue)
        digest.add(profile.reason?.rawValue ?? "")
        profile.properties.forEachProperty { name, values, source, _ in
            digest.add(name)
            digest.add(source)
            digest.add(values.count)
            // As `add(String)`: the bytes, then the separator.
            values.forEachUTF8 { value in
                digest.add(value)
                digest.mix(0xFF)
            }
        }
        return digest.value
    }
}
