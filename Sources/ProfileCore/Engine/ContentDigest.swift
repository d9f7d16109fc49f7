/// A 64-bit digest of a profile's or group's content: a sequence of fields.
///
/// Unchanged profiles must cost almost nothing on a re-run: the engine
/// compares this digest with the stored one and touches nothing when they
/// agree. A cryptographic hash is unnecessary here (the inputs are the
/// administrator's own exports).
///
/// Each field (`add`) is taken eight bytes at a time, each word
/// (little-endian) folded into the state by one 64 × 64 → 128-bit multiply,
/// then one last word: the field's remaining bytes with its length (modulo
/// 256) in the top byte, so that fields split differently never digest
/// alike. FNV-1a over the fields' bytes, which this replaced, took a
/// multiply per byte: digesting snapshots and properties was a twentieth of
/// a first run's processor time. Stores written before the change hold
/// FNV-1a digests: the first run after it finds every digest different and
/// every property equal, and rewrites each row once without reporting a
/// change.
public struct ContentDigest: Sendable {
    private var state: UInt64

    private static let initialState: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let wordMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let finalMultiplier: UInt64 = 0xD6E8_FEB8_6659_FD93

    public init() {
        state = Self.initialState
    }

    /// A digest whose fields continue those of one that ended with `seed` (`value`).
    public init(continuing seed: UInt64) {
        state = seed
    }

    /// The digest of the fields added so far.
    public var value: UInt64 {
        Self.fold(state, Self.finalMultiplier)
    }

    /// The high and low halves of the full product, exclusive-or'd: every
    /// bit of `value` reaches most bits of the result.
    @inline(__always)
    private static func fold(_ value: UInt64, _ multiplier: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: multiplier)
        return product.high ^ product.low
    }

    /// Adds one field.
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        // Contiguous bytes (arrays, native strings' UTF-8) a word at a time.
        let added: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            add(field: UnsafeRawBufferPointer(buffer))
        }
        if added == nil { Array(bytes).withUnsafeBytes { add(field: $0) } }
    }

    /// Adds the bytes as one field (`add(_:)` without the generic path).
    mutating func add(field buffer: UnsafeRawBufferPointer) {
        let count = buffer.count
        var state = self.state
        var index = 0
        while count - index >= 8 {
            state = Self.fold(state ^ UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)), Self.wordMultiplier)
            index += 8
        }
        let rest = count - index
        var last: UInt64 = 0
        if rest > 0 && count >= 8 {
            // The last eight bytes, shifted down to the `rest` not folded in yet.
            last = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) >> (8 * (8 - rest))
        } else {
            for offset in 0..<rest { last |= UInt64(buffer[index + offset]) << (8 * offset) }
        }
        self.state = Self.fold(state ^ last ^ (UInt64(count & 0xFF) << 56), Self.wordMultiplier)
    }

    /// Adds the text's UTF-8 as one field.
    public mutating func add(_ text: String) {
        add(text.utf8)
    }

    /// Folds one word in, a field of its own where every digest made so
    /// has the same shape (`DirectoryEntry.snapshotDigest`: a word, then a
    /// field, per attribute), without `add(_: UInt64)`'s second fold for the
    /// length.
    @inline(__always)
    mutating func fold(_ word: UInt64) {
        state = Self.fold(state ^ word, Self.wordMultiplier)
    }

    /// Adds the word's eight bytes (little-endian) as one field.
    public mutating func add(_ word: UInt64) {
        withUnsafeBytes(of: word.littleEndian) { add(field: $0) }
    }

    /// Adds the number's decimal digits as one field, like `add(String(number))`.
    public mutating func add(_ number: Int) {
        // Value counts, one per property of every profile, are nearly
        // always a single digit: added without making a string of it.
        if number >= 0 && number < 10 {
            let digit = UInt64(UInt8(truncatingIfNeeded: number) + UInt8(ascii: "0"))
            state = Self.fold(state ^ digit ^ (1 << 56), Self.wordMultiplier)
        } else {
            add(String(number))
        }
    }

    /// The digest of a profile (`of(_:)`) continued by its source
    /// snapshot's digest (`EntrySnapshot.digest(nameDigests:)`): what a run
    /// stores beside the profile and compares on the next.
    public static func of(_ profile: Profile, snapshot: [UInt8]) -> UInt64 {
        of(profile, snapshot: EntrySnapshot(bytes: snapshot))
    }

    public static func of(_ profile: Profile, snapshot: EntrySnapshot) -> UInt64 {
        var labels = PropertyLabelUTF8()
        var nameDigests: [UInt64] = []
        return of(profile, snapshot: snapshot, labels: &labels, nameDigests: &nameDigests)
    }

    /// `of(_:snapshot:)` reading the names and sources through `labels`,
    /// and the snapshot's attribute names' digests through `nameDigests`,
    /// both of which a caller digesting many profiles keeps from one to the
    /// next.
    public static func of(
        _ profile: Profile, snapshot: EntrySnapshot, labels: inout PropertyLabelUTF8, nameDigests: inout [UInt64]
    ) -> UInt64 {
        of(profile, snapshotDigest: snapshot.digest(nameDigests: &nameDigests), labels: &labels)
    }

    /// `of(_:snapshot:)` from the snapshot's digest, which the build has
    /// made already for the profile's input digest.
    ///
    /// The snapshot was digested as its assembled bytes, which the build
    /// assembled for nothing else: about 5,500 instructions a profile, 2% of
    /// a 10k first import's (callgrind). Its digest holds the same (DN, then
    /// each attribute's name, value count and values), so a changed snapshot
    /// still changes the profile's digest. Stores written before hold the
    /// older digests: a run after the change that builds a profile finds its
    /// digest different and every property equal, and rewrites its row once
    /// without reporting a change; profiles whose inputs did not change are
    /// not built and keep theirs.
    static func of(_ profile: Profile, snapshotDigest: UInt64, labels: inout PropertyLabelUTF8) -> UInt64 {
        var digest = ContentDigest(continuing: of(profile, labels: &labels))
        digest.add(snapshotDigest)
        return digest.value
    }

    public static func of(_ profile: Profile) -> UInt64 {
        var labels = PropertyLabelUTF8()
        return of(profile, labels: &labels)
    }

    /// The digest of a profile: account, DN, state and every property's
    /// name, source and values (not the run that set them).
    ///
    /// Names and sources are folded in as their own digests, which `labels`
    /// makes once per label: every profile of a run has the same few dozen,
    /// and digesting their bytes again for each was about half of the
    /// 5,000 instructions a profile's digest took (callgrind, 10k first
    /// import: 2,500 a profile fewer).
    public static func of(_ profile: Profile, labels: inout PropertyLabelUTF8) -> UInt64 {
        var digest = ContentDigest()
        digest.add(profile.account)
        digest.add(profile.dn)
        digest.add(profile.state.rawValue)
        digest.add(profile.reason?.rawValue ?? "")
        labels.forEachPropertyDigest(of: profile.properties) { name, values, source in
            digest.fold(name)
            digest.fold(source)
            digest.add(values.count)
            values.forEachUTF8 { value in digest.add(value) }
        }
        return digest.value
    }
}
