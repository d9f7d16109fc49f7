import Foundation

/// The strings a row already keeps in its own columns (or a change body in
/// its header) — account, DN, anchor — which a value equal to one of them
/// refers to by position instead of repeating.
///
/// Profiles map these straight into properties (AccountName, the DN, the
/// objectGUID as ADGuid): ~110 of a 100,000-user profile's ~480 value bytes,
/// stored once more in its first run's `add` change.
struct StoredValueContext {
    let texts: [String]
    private let lengths: [Int]

    init(_ texts: [String]) {
        precondition(texts.count <= 8, "a few context strings, not a dictionary")
        self.texts = texts
        lengths = texts.map(\.utf8.count)
    }

    /// The position of the context string with exactly these UTF-8 bytes.
    func index(ofUTF8 utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        for position in lengths.indices where lengths[position] == utf8.count {
            let same: Bool? = texts[position].utf8.withContiguousStorageIfAvailable { text in
                guard let l = text.baseAddress, let r = utf8.baseAddress else { return true }
                return memcmp(l, r, utf8.count) == 0
            }
            if same ?? texts[position].utf8.elementsEqual(utf8) { return position }
        }
        return nil
    }
}
