import Foundation

/// The strings a row already keeps in its own columns (or a change body in
/// its header) — account, DN, anchor — which a value equal to one of them
/// refers to by position instead of repeating.
///
/// Profiles map these straight into properties (AccountName, the DN, the
/// objectGUID as ADGuid): ~110 of a 100,000-user profile's ~480 value bytes,
/// stored once more in its `add` once the change log holds that.
///
/// The three strings as fields, not an array of them with an array of their
/// lengths: those were four allocations per profile a commit encodes (its
/// properties and its `add`), on the encoder thread, which at a million
/// users spent a tenth of its time in glibc sorting the chunks other
/// threads had freed before each allocation could be served.
struct StoredValueContext {
    let account: String
    let dn: String
    let anchor: String

    init(account: String, dn: String, anchor: String) {
        self.account = account
        self.dn = dn
        self.anchor = anchor
    }

    /// The string at `position` (account, DN, anchor), nil past them.
    func text(at position: UInt64) -> String? {
        switch position {
        case 0: account
        case 1: dn
        case 2: anchor
        default: nil
        }
    }

    /// The position of the context string with exactly these UTF-8 bytes.
    func index(ofUTF8 utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        if Self.equal(account, utf8) { return 0 }
        if Self.equal(dn, utf8) { return 1 }
        if Self.equal(anchor, utf8) { return 2 }
        return nil
    }

    private static func equal(_ text: String, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        // A native string knows its UTF-8 count: most values differ in length.
        guard text.utf8.count == utf8.count else { return false }
        let same: Bool? = text.utf8.withContiguousStorageIfAvailable { text in
            guard let l = text.baseAddress, let r = utf8.baseAddress else { return true }
            return memcmp(l, r, utf8.count) == 0
        }
        return same ?? text.utf8.elementsEqual(utf8)
    }
}
