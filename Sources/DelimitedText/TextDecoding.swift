/// Turns the raw bytes of a file into UTF-8, chunk by chunk.
///
/// The reader parses UTF-8 only; other encodings are transcoded once, here,
/// as each chunk arrives. A UTF-16 code unit or surrogate pair may be split
/// between two chunks, so the decoder keeps the incomplete tail for the next call.
struct TextDecoding {
    let encoding: TextEncoding
    private var pending: [UInt8] = []
    /// Unpaired surrogates replaced by U+FFFD so far.
    private(set) var replacements = 0

    init(encoding: TextEncoding) {
        self.encoding = encoding
    }

    /// Whether bytes pass through unchanged (UTF-8 needs no transcoding).
    var isPassThrough: Bool { encoding == .utf8 || encoding == .auto }

    /// Appends the UTF-8 form of `input` to `output`. With `final`, an
    /// incomplete tail left at the end of the file becomes U+FFFD.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], final: Bool) {
        switch encoding {
        case .auto, .utf8: output.append(contentsOf: input)
        case .windows1252: Windows1252.decode(input, into: &output)
        case .utf16le: decodeUTF16(input, bigEndian: false, into: &output, final: final)
        case .utf16be: decodeUTF16(input, bigEndian: true, into: &output, final: final)
        }
    }

    private mutating func decodeUTF16(
        _ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool, into output: inout [UInt8], final: Bool
    ) {
        var bytes = pending
        bytes.append(contentsOf: input)
        pending.removeAll(keepingCapacity: true)
        output.reserveCapacity(output.count + bytes.count)
        var index = 0
        @inline(__always) func unit(at offset: Int) -> UInt16 {
            bigEndian
                ? UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
                : UInt16(bytes[offset + 1]) << 8 | UInt16(bytes[offset])
        }
        while index + 1 < bytes.count {
            let first = unit(at: index)
            if first < 0x80 {
                output.append(UInt8(first))
                index += 2
            } else if first < 0xD800 || first > 0xDFFF {
                UTF8Appending.append(UInt32(first), to: &output)
                index += 2
            } else if first <= 0xDBFF {
                // A high surrogate needs the next unit; it may be in the next chunk.
                guard index + 3 < bytes.count else { break }
                let second = unit(at: index + 2)
                if second >= 0xDC00 && second <= 0xDFFF {
                    let scalar = 0x10000 + (UInt32(first - 0xD800) << 10) + UInt32(second - 0xDC00)
                    UTF8Appending.append(scalar, to: &output)
                    index += 4
                } else {
                    UTF8Appending.append(0xFFFD, to: &output)
                    replacements += 1
                    index += 2
                }
            } else {
                UTF8Appending.append(0xFFFD, to: &output)
                replacements += 1
                index += 2
            }
        }
        if index < bytes.count {
            if final {
                UTF8Appending.append(0xFFFD, to: &output)
                replacements += 1
            } else {
                pending.append(contentsOf: bytes[index...])
            }
        }
    }
}

/// Encodes one Unicode scalar value as UTF-8.
enum UTF8Appending {
    @inline(__always)
    static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
