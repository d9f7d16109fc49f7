#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stored group's member keys (`connection/anchor`, or `dn:` and a DN), in
/// order, packed: every key's UTF-8 in one buffer.
///
/// A million-user store's groups list 2.5 million members. As `[String]`
/// each key of about 44 bytes was a heap string of about 96 bytes, some 280
/// MB of the prior state, and 2.5 million allocations while it was read;
/// packed they are about 120 MB in two arrays. A changed group's old members
/// are compared with its new ones where they lie (`MemberListDiff`), and a
/// string is made only of a key that is not where it was.
public struct MemberKeyList: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    private var bytes: [UInt8] = []
    /// Where each key ends in `bytes`; it starts where the previous one ends.
    private var ends: [UInt32] = []
    /// Whether every key is ASCII: bytes then compare as the strings do.
    public private(set) var isASCII = true

    public init() {}

    /// The keys' UTF-8, in order.
    public init(_ keys: some Sequence<String>) {
        for key in keys {
            var key = key
            key.withUTF8 { append(utf8: $0) }
        }
    }

    public init(arrayLiteral keys: String...) {
        self.init(keys)
    }

    /// Room for `count` keys of `byteCount` bytes in all.
    public mutating func reserveCapacity(count: Int, byteCount: Int) {
        ends.reserveCapacity(count)
        bytes.reserveCapacity(byteCount)
    }

    /// Appends a key given as its UTF-8, which the caller has checked.
    public mutating func append(utf8: UnsafeBufferPointer<UInt8>) {
        if isASCII {
            for byte in utf8 where byte >= 0x80 {
                isASCII = false
                break
            }
        }
        bytes.append(contentsOf: utf8)
        // A stored list is one BLOB, which SQLite keeps under 1 GB.
        precondition(bytes.count <= Int(UInt32.max), "a group's member keys exceed 4 GiB")
        ends.append(UInt32(bytes.count))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The key at `index`, made into a string.
    public subscript(index: Int) -> String {
        withUTF8(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 of the key at `index`, where it lies.
    public func withUTF8<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Whether the key at `index` equals `key` as strings compare (canonical
    /// equivalence): by their bytes, and as strings only when the bytes
    /// differ and either is not ASCII (`K` and the Kelvin sign are equal).
    public func key(at index: Int, equals key: String) -> Bool {
        let sameBytes: Bool? = withUTF8(at: index) { stored in
            key.utf8.withContiguousStorageIfAvailable { other in
                stored.count == other.count
                    && (stored.isEmpty || memcmp(stored.baseAddress!, other.baseAddress!, stored.count) == 0)
            }
        }
        if sameBytes == true { return true }
        if sameBytes == false && isASCII && key.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return self[index] == key
    }

    /// Whether the key at `index` begins with the ASCII `prefix` (as
    /// `String.hasPrefix` finds it: checked as a string when the key is not
    /// ASCII, where a combining mark after the prefix makes it another character).
    public func key(at index: Int, hasASCIIPrefix prefix: StaticString) -> Bool {
        withUTF8(at: index) { stored in
            guard isASCII || stored.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: stored, as: UTF8.self).hasPrefix(prefix.description)
            }
            return stored.count >= prefix.utf8CodeUnitCount
                && memcmp(stored.baseAddress!, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
        }
    }
}
