#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One property's values, read where they are: in a `PropertyList`'s packed
/// bytes or in an array of strings.
///
/// What `PropertyChanges.forEachChange` and `PropertyList.forEachProperty`
/// hand out, so that renderers and the store write a value's UTF-8 without
/// making a `String` (and an array of them) for every value of every profile.
public struct PropertyValues: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case strings([String])
        /// The values in `bytes[start..<end]`, each a varint length and then
        /// its UTF-8 (`PropertyList`'s layout); counted from the lengths when
        /// asked (most readers only go through the values).
        case packed([UInt8], start: Int, end: Int)
    }

    @usableFromInline
    let storage: Storage

    public init(_ strings: [String]) {
        storage = .strings(strings)
    }

    /// The values in `bytes[start..<end]`.
    @usableFromInline
    init(packed bytes: [UInt8], start: Int, end: Int) {
        storage = .packed(bytes, start: start, end: end)
    }

    public var count: Int {
        switch storage {
        case .strings(let strings): strings.count
        case .packed(let bytes, let start, let end): PropertyList.valueCount(in: bytes, start: start, end: end)
        }
    }

    public var isEmpty: Bool {
        switch storage {
        case .strings(let strings): strings.isEmpty
        // Every value has at least its length byte.
        case .packed(_, let start, let end): start == end
        }
    }

    /// The values as strings (made here for packed values).
    public var strings: [String] {
        switch storage {
        case .strings(let strings):
            return strings
        case .packed:
            var strings: [String] = []
            strings.reserveCapacity(count)
            forEachUTF8 { strings.append(String(decoding: $0, as: UTF8.self)) }
            return strings
        }
    }

    /// Calls `body` with each value's UTF-8, in order.
    @inlinable
    public func forEachUTF8(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        switch storage {
        case .strings(let strings):
            try strings.withUnsafeBufferPointer { strings in
                for index in strings.indices {
                    let done: Void? = try strings[index].utf8.withContiguousStorageIfAvailable(body)
                    if done == nil {
                        var copy = strings[index]
                        try copy.withUTF8(body)
                    }
                }
            }
        case .packed(let bytes, let start, let end):
            try bytes.withUnsafeBufferPointer { bytes in
                var position = start
                while position < end {
                    let length = PropertyList.length(in: bytes, at: &position)
                    try body(UnsafeBufferPointer(rebasing: bytes[position..<(position + length)]))
                    position += length
                }
            }
        }
    }

    /// Whether these values are `strings`, as `[String] ==` decides: equal
    /// byte for byte, or else canonically equivalent (an NFD value equals
    /// its NFC spelling), which is checked with strings only when the bytes
    /// differ. A changed profile's unchanged properties are thus compared
    /// without making a string.
    public func isEqual(to strings: [String]) -> Bool {
        guard count == strings.count else { return false }
        var index = 0
        var sameBytes = true
        forEachUTF8 { utf8 in
            guard sameBytes else { return }
            var other = strings[index]
            index += 1
            sameBytes = other.withUTF8 { other in
                other.count == utf8.count
                    && (other.isEmpty || memcmp(other.baseAddress!, utf8.baseAddress!, other.count) == 0)
            }
        }
        return sameBytes || self.strings == strings
    }

    /// `isEqual(to: other.strings)`, with neither side made into strings
    /// unless their bytes differ.
    public func isEqual(to other: PropertyValues) -> Bool {
        guard count == other.count else { return false }
        switch (storage, other.storage) {
        case (_, .strings(let strings)):
            return isEqual(to: strings)
        case (.strings(let strings), _):
            return other.isEqual(to: strings)
        case (.packed(let mine, let myStart, let myEnd), .packed(let theirs, let theirStart, let theirEnd)):
            // One layout (each value's length, then its bytes) and as many
            // values: the same bytes are the same values, byte for byte.
            let length = myEnd - myStart
            let sameBytes =
                length == theirEnd - theirStart
                && mine.withUnsafeBufferPointer { mine in
                    theirs.withUnsafeBufferPointer { theirs in
                        length == 0 || memcmp(mine.baseAddress! + myStart, theirs.baseAddress! + theirStart, length) == 0
                    }
                }
            return sameBytes || strings == other.strings
        }
    }
}
