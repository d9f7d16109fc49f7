/// Writes LDIF the way `ldifde -f` does: no `version:` header, CRLF line ends,
/// `changetype: add` on every entry, and RFC 2849 encoding.
///
/// A value goes out as `attr: value` only when it is a SAFE-STRING (ASCII, no
/// NUL/CR/LF, not starting with space, colon or `<`) and does not end with a
/// space; anything else — non-ASCII names included, as ldifde does — is
/// base64 after `attr::`. Lines longer than 76 bytes are folded with CRLF and
/// one leading space, never inside a UTF-8 sequence.
final class LDIFDEEmitter {
    static let foldWidth = 76
    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    let file: OutputFile
    private var scratch: [UInt8] = []

    init(file: OutputFile) {
        self.file = file
    }

    /// Starts an entry: `dn:` and `changetype: add`.
    func beginEntry(dn: String, changetype: String = "add") throws {
        try file.flushIfFull()
        attribute("dn", dn)
        line("changetype: " + changetype)
    }

    /// Ends an entry or change record with an empty line.
    func endRecord() {
        file.buffer.append(0x0D)
        file.buffer.append(0x0A)
    }

    /// A line written as is (`changetype: modify`, `add: member`, `-`).
    func line(_ text: String) {
        let start = file.buffer.count
        file.buffer.append(contentsOf: text.utf8)
        finishLine(from: start)
    }

    /// `name: value`, or `name:: base64` when the value is not a SAFE-STRING.
    func attribute(_ name: String, _ value: String) {
        var value = value
        value.withUTF8 { attribute(name, utf8: $0) }
    }

    func attribute(_ name: String, _ value: Int64) {
        let start = file.buffer.count
        file.buffer.append(contentsOf: name.utf8)
        file.buffer.append(UInt8(ascii: ":"))
        file.buffer.append(0x20)
        file.buffer.append(contentsOf: String(value).utf8)
        finishLine(from: start)
    }

    /// A binary value, always base64 (objectGUID, objectSid, thumbnailPhoto).
    func attribute(_ name: String, binary: [UInt8]) {
        binary.withUnsafeBufferPointer { bytes in
            let start = file.buffer.count
            file.buffer.append(contentsOf: name.utf8)
            file.buffer.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: ":"), 0x20])
            appendBase64(bytes)
            finishLine(from: start)
        }
    }

    private func attribute(_ name: String, utf8 value: UnsafeBufferPointer<UInt8>) {
        let start = file.buffer.count
        file.buffer.append(contentsOf: name.utf8)
        if Self.isSafe(value) {
            file.buffer.append(UInt8(ascii: ":"))
            file.buffer.append(0x20)
            file.buffer.append(contentsOf: value)
        } else {
            file.buffer.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: ":"), 0x20])
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

    private func appendBase64(_ bytes: UnsafeBufferPointer<UInt8>) {
        let alphabet = Self.base64Alphabet
        var index = 0
        let count = bytes.count
        while index + 3 <= count {
            let word = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            file.buffer.append(alphabet[Int(word >> 18)])
            file.buffer.append(alphabet[Int(word >> 12 & 0x3F)])
            file.buffer.append(alphabet[Int(word >> 6 & 0x3F)])
            file.buffer.append(alphabet[Int(word & 0x3F)])
            index += 3
        }
        let rest = count - index
        if rest > 0 {
            let word = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            file.buffer.append(alphabet[Int(word >> 18)])
            file.buffer.append(alphabet[Int(word >> 12 & 0x3F)])
            file.buffer.append(rest == 2 ? alphabet[Int(word >> 6 & 0x3F)] : UInt8(ascii: "="))
            file.buffer.append(UInt8(ascii: "="))
        }
    }

    /// Terminates the logical line that starts at `start`, folding it when long.
    private func finishLine(from start: Int) {
        if file.buffer.count - start > Self.foldWidth {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: file.buffer[start...])
            file.buffer.removeSubrange(start...)
            appendFolded(scratch)
        }
        file.buffer.append(0x0D)
        file.buffer.append(0x0A)
    }

    private func appendFolded(_ line: [UInt8]) {
        var position = 0
        var width = Self.foldWidth
        while position < line.count {
            var end = min(position + width, line.count)
            // Never split a UTF-8 sequence: back up to the start of the character.
            while end < line.count, end > position + 1, line[end] & 0xC0 == 0x80 { end -= 1 }
            if position > 0 {
                file.buffer.append(0x0D)
                file.buffer.append(0x0A)
                file.buffer.append(0x20)
            }
            file.buffer.append(contentsOf: line[position..<end])
            position = end
            width = Self.foldWidth - 1
        }
    }
}
