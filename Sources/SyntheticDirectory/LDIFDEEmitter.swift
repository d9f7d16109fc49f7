/// Writes LDIF the way `ldifde -f` does: no `version:` header, CRLF line ends,
/// `changetype: add` on every entry, and RFC 2849 encoding.
///
/// A value goes out as `attr: value` only when it is a SAFE-STRING (ASCII, no
/// NUL/CR/LF, not starting with space, colon or `<`) and does not end with a
/// space; anything else — non-ASCII names included, as ldifde does — is
/// base64 after `attr::`. Lines longer than 76 bytes are folded with CRLF and
/// one leading space, never inside a UTF-8 sequence.
///
/// A struct that owns its buffer: appends are then checked for exclusive
/// access at compile time instead of at run time, which matters at a
/// gigabyte of output.
struct LDIFDEEmitter {
    static let foldWidth = 76
    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    let file: OutputFile
    private var buffer: [UInt8] = []
    private var scratch: [UInt8] = []
    private static let blockSize = 4 << 20

    init(file: OutputFile) {
        self.file = file
        buffer.reserveCapacity(Self.blockSize + (1 << 20))
    }

    /// Hands a full block to the file.
    mutating func flushIfFull() throws {
        if buffer.count >= Self.blockSize { try flush() }
    }

    /// Hands everything buffered to the file.
    mutating func flush() throws {
        try file.writeBytes(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Starts an entry: `dn:` and `changetype: add`.
    mutating func beginEntry(dn: String, changetype: String = "add") throws {
        try flushIfFull()
        attribute("dn", dn)
        line("changetype: " + changetype)
    }

    /// Ends an entry or change record with an empty line.
    mutating func endRecord() {
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// A line written as is (`changetype: modify`, `add: member`, `-`).
    mutating func line(_ text: String) {
        let start = buffer.count
        buffer.append(contentsOf: text.utf8)
        finishLine(from: start)
    }

    /// `name: value`, or `name:: base64` when the value is not a SAFE-STRING.
    mutating func attribute(_ name: String, _ value: String) {
        var value = value
        value.withUTF8 { attribute(name, utf8: $0) }
    }

    mutating func attribute(_ name: String, _ value: Int64) {
        let start = buffer.count
        buffer.append(contentsOf: name.utf8)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(0x20)
        buffer.append(contentsOf: String(value).utf8)
        finishLine(from: start)
    }

    /// A binary value, always base64 (objectGUID, objectSid, thumbnailPhoto).
    mutating func attribute(_ name: String, binary: [UInt8]) {
        binary.withUnsafeBufferPointer { bytes in
            let start = buffer.count
            buffer.append(contentsOf: name.utf8)
            buffer.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: ":"), 0x20])
            appendBase64(bytes)
            finishLine(from: start)
        }
    }

    private mutating func attribute(_ name: String, utf8 value: UnsafeBufferPointer<UInt8>) {
        let start = buffer.count
        buffer.append(contentsOf: name.utf8)
        if Self.isSafe(value) {
            buffer.append(UInt8(ascii: ":"))
            buffer.append(0x20)
            buffer.append(contentsOf: value)
        } else {
            buffer.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: ":"), 0x20])
            appendBase64(value)
        }
        finishLine(from: start)
    }

    /// RFC 2849 SAFE-STRING, and no trailing space (which the RFC says SHOULD be base64).
    static func isSafe(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        if first == 0x20 || first == UInt8(ascii: ":") || first == UInt8(ascii: "<") || value.last == 0x20 {
            return false
        }
        for byte in value where byte >= 0x80 || byte == 0 || byte == 0x0A || byte == 0x0D {
            return false
        }
        return true
    }

    private mutating func appendBase64(_ bytes: UnsafeBufferPointer<UInt8>) {
        let alphabet = Self.base64Alphabet
        var index = 0
        let count = bytes.count
        while index + 3 <= count {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            buffer.append(alphabet[Int(word >> 18)])
            buffer.append(alphabet[Int(word >> 12 & 0x3F)])
            buffer.append(alphabet[Int(word >> 6 & 0x3F)])
            buffer.append(alphabet[Int(word & 0x3F)])
            index += 3
        }
        let rest = count - index
        if rest > 0 {
            let word = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            buffer.append(alphabet[Int(word >> 18)])
            buffer.append(alphabet[Int(word >> 12 & 0x3F)])
            buffer.append(rest == 2 ? alphabet[Int(word >> 6 & 0x3F)] : UInt8(ascii: "="))
            buffer.append(UInt8(ascii: "="))
        }
    }

    /// Terminates the logical line that starts at `start`, folding it when long.
    private mutating func finishLine(from start: Int) {
        if buffer.count - start > Self.foldWidth {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: buffer[start...])
            buffer.removeSubrange(start...)
            appendFolded(scratch)
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    private mutating func appendFolded(_ line: [UInt8]) {
        var position = 0
        var width = Self.foldWidth
        while position < line.count {
            var end = min(position + width, line.count)
            // Never split a UTF-8 sequence: back up to the start of the character.
            while end < line.count, end > position + 1, line[end] & 0xC0 == 0x80 { end -= 1 }
            if position > 0 {
                buffer.append(0x0D)
                buffer.append(0x0A)
                buffer.append(0x20)
            }
            buffer.append(contentsOf: line[position..<end])
            position = end
            width = Self.foldWidth - 1
        }
    }
}
