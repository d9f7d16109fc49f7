/// Interns attribute descriptions seen in a file.
///
/// An export repeats the same few hundred attribute names millions of times;
/// building a String, lowercasing it and classifying it (secret or not) once
/// per distinct spelling instead of once per line is most of what keeps the
/// reader fast. Lookups hash the raw bytes, so a hit allocates nothing.
struct AttributeNameTable {
    struct Entry {
        var bytes: [UInt8]
        /// The description as written.
        var name: String
        /// Same for every spelling that differs only in case (values of
        /// `cn` and `CN` belong to one attribute).
        var group: Int
        var isSecret: Bool
        var next: Int  // next entry with the same hash, or -1
    }

    private(set) var entries: [Entry] = []
    private var firstByHash: [UInt64: Int] = [:]
    private var groups: [String: Int] = [:]
    private(set) var groupCount = 0

    /// The entry index for the name bytes, adding it on first sight.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var candidate = firstByHash[hash] ?? -1
        while candidate >= 0 {
            if entries[candidate].bytes.elementsEqual(name) { return candidate }
            candidate = entries[candidate].next
        }
        let bytes = Array(name)
        let text = String(decoding: bytes, as: UTF8.self)
        let lowered = text.lowercased()
        let group: Int
        if let known = groups[lowered] {
            group = known
        } else {
            group = groupCount
            groups[lowered] = group
            groupCount += 1
        }
        let entry = Entry(
            bytes: bytes, name: text, group: group,
            isSecret: SecretAttributes.isSecret(baseName: AttributeDescription.baseName(of: text)),
            next: firstByHash[hash] ?? -1)
        entries.append(entry)
        firstByHash[hash] = entries.count - 1
        return entries.count - 1
    }
}
