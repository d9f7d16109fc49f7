#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A logical line cut at its first colon: `name` is `bytes[nameStart..<nameEnd]`,
/// the value spec starts right after the colon.
struct SplitLine {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var end: Int
    var line: Int
    /// Whether the logical line holds a NUL byte somewhere.
    var hasNUL: Bool
}

/// Reads the parts of `attr: value`, `attr:: base64` and `attr:< url` lines
/// straight from a block's bytes.
struct LineParser {
    let bytes: UnsafeBufferPointer<UInt8>
    // Copied once per block: reading a static per line costs a swift_once check.
    private let nameTable: [Bool]
    private let base64Table: UnsafePointer<UInt8>

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.nameTable = Self.nameByte
        self.base64Table = Base64.decodeTable
    }

    /// Letters, digits, `-` (RFC 4512), `.` (numeric OIDs), `;` (options) and
    /// `_`, which Apache DS and some AD extensions use in names; `=` and `*`
    /// appear in AD's ranged options (`member;range=1500-*`).
    private static let nameByte: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in "-.;_=*".utf8 { table[Int(byte)] = true }
        return table
    }()

    static func isAttributeDescription(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        !name.isEmpty && name.allSatisfy { nameByte[Int($0)] }
    }

    func split(_ logical: LDIFLogicalLine) throws(RecordFailure) -> SplitLine {
        var index = logical.start
        let table = nameTable
        while index < logical.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { break }
            if !table[Int(byte)] {
                if memchr(bytes.baseAddress! + logical.start, 0, logical.end - logical.start) != nil {
                    throw RecordFailure(line: logical.line, message: Self.nulMessage("the line"))
                }
                // Find the colon anyway to quote the whole name in the message.
                var colon = index
                while colon < logical.end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                if colon == logical.end {
                    throw RecordFailure(line: logical.line, message: "expected 'attribute: value', found '\(Self.excerpt(bytes, logical.start, logical.end))'")
                }
                throw RecordFailure(line: logical.line, message: "invalid attribute description '\(Self.excerpt(bytes, logical.start, colon))'")
            }
            index += 1
        }
        if index == logical.end {
            throw RecordFailure(line: logical.line, message: "expected 'attribute: value', found '\(Self.excerpt(bytes, logical.start, logical.end))'")
        }
        if index == logical.start {
            throw RecordFailure(line: logical.line, message: "line starts with ':' (no attribute name)")
        }
        return SplitLine(
            nameStart: logical.start, nameEnd: index, valueStart: index + 1, end: logical.end, line: logical.line,
            hasNUL: logical.hasNUL)
    }

    /// The split of a line known to start with a valid name of `length`
    /// bytes and its colon (see `AttributeNameTable.guess`).
    @inline(__always)
    func split(_ logical: LDIFLogicalLine, checkedNameLength length: Int) -> SplitLine {
        SplitLine(
            nameStart: logical.start, nameEnd: logical.start + length, valueStart: logical.start + length + 1,
            end: logical.end, line: logical.line, hasNUL: logical.hasNUL)
    }

    /// A NUL byte is never LDIF text; most often the file is UTF-16 (`ldifde -u`).
    static func nulMessage(_ place: String) -> String {
        "NUL byte in \(place); binary values must be base64 ('attr:: …'), and a UTF-16 file "
            + "(ldifde -u) must be converted to UTF-8 first (iconv -f UTF-16 -t UTF-8)"
    }

    private static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let limit = min(end, start + 60)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<limit]), as: UTF8.self) + (limit < end ? "…" : "")
    }

    /// Whether the line's name is `keyword`, compared ASCII case-insensitively.
    func nameEquals(_ line: SplitLine, _ keyword: StaticString) -> Bool {
        let length = line.nameEnd - line.nameStart
        guard length == keyword.utf8CodeUnitCount else { return false }
        let pointer = keyword.utf8Start
        for offset in 0..<length where bytes[line.nameStart + offset] | 0x20 != pointer[offset] {
            return false
        }
        return true
    }

    func nameText(_ line: SplitLine) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[line.nameStart..<line.nameEnd]), as: UTF8.self)
    }

    /// Whether the line is a `-` mod-spec separator (trailing spaces tolerated).
    func isSeparator(_ logical: LDIFLogicalLine) -> Bool {
        guard logical.end > logical.start, bytes[logical.start] == UInt8(ascii: "-") else { return false }
        var index = logical.start + 1
        while index < logical.end {
            if bytes[index] != 0x20 { return false }
            index += 1
        }
        return true
    }

    /// Where a line's value is and how it is written.
    enum ValueSpec {
        /// Text after the FILL spaces, checked for NULs.
        case text(Range<Int>)
        /// Base64 text after `::`, not yet checked.
        case base64(Range<Int>)
        /// The URL after `:<`, not yet followed.
        case url(Range<Int>)
    }

    /// Finds the value and checks what does not need decoding: NULs in text.
    /// `attr:value` keeps every character (python-ldap loses the first one).
    @inline(__always)
    func valueSpec(_ line: SplitLine) throws(RecordFailure) -> ValueSpec {
        var index = line.valueStart
        let end = line.end
        if index < end && bytes[index] == UInt8(ascii: ":") {
            return .base64(index + 1..<end)
        }
        if index < end && bytes[index] == UInt8(ascii: "<") {
            index += 1
            while index < end && bytes[index] == 0x20 { index += 1 }
            return .url(index..<end)
        }
        while index < end && bytes[index] == 0x20 { index += 1 }
        // RFC 2849 SAFE-STRING has no NUL: one in a plain value is corruption (or UTF-16).
        if line.hasNUL && index < end, memchr(bytes.baseAddress! + index, 0, end - index) != nil {
            throw RecordFailure(line: line.line, message: Self.nulMessage("the value of '\(nameText(line))'"))
        }
        return .text(index..<end)
    }

    /// The bytes of the file a `:<` URL names, when URLs are allowed and it is
    /// inside `root`. Read for checking too, so a missing file is an error
    /// whether the value is kept or only counted.
    private func urlValue(_ line: SplitLine, _ range: Range<Int>, allowURL: Bool, root: String?) throws(RecordFailure) -> [UInt8] {
        let url = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard allowURL else {
            throw RecordFailure(line: line.line, message: "'\(nameText(line)):< \(url)': URL values are not allowed (allow file URLs to read them)")
        }
        switch FileURLValue.read(url: url, root: root) {
        case .success(let data): return data
        case .failure(let failure): throw RecordFailure(line: line.line, message: failure.message)
        }
    }

    private func invalidBase64(_ line: SplitLine) -> RecordFailure {
        RecordFailure(line: line.line, message: "'\(nameText(line))' has an invalid base64 value")
    }

    /// The value bytes, stored in `buffer`: base64 decoded, URL followed
    /// (when allowed), or the text after the colon with the FILL spaces removed.
    func value(_ line: SplitLine, allowURL: Bool, root: String?, into buffer: LDIFValueBuffer) throws(RecordFailure) -> LDIFValue {
        switch try valueSpec(line) {
        case .text(let range):
            return buffer.append(UnsafeBufferPointer(rebasing: bytes[range]))
        case .base64(let range):
            guard let value = buffer.appendDecodingBase64(UnsafeBufferPointer(rebasing: bytes[range]), table: base64Table) else {
                throw invalidBase64(line)
            }
            return value
        case .url(let range):
            return LDIFValue(bytes: try urlValue(line, range, allowURL: allowURL, root: root))
        }
    }

    /// Throws exactly what `value` would, without keeping the value.
    @inline(__always)
    func checkValue(_ line: SplitLine, allowURL: Bool, root: String?) throws(RecordFailure) {
        switch try valueSpec(line) {
        case .text:
            break
        case .base64(let range):
            if !Base64.isValid(UnsafeBufferPointer(rebasing: bytes[range]), table: base64Table) { throw invalidBase64(line) }
        case .url(let range):
            _ = try urlValue(line, range, allowURL: allowURL, root: root)
        }
    }

    /// The value as text (for keywords, `version`, `newrdn` and the like), never from a URL.
    func text(_ line: SplitLine, buffer: LDIFValueBuffer) throws(RecordFailure) -> String {
        try value(line, allowURL: false, root: nil, into: buffer).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Calls `body` with the name bytes of `line`.
    func withNameRange<T>(_ line: SplitLine, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        body(UnsafeBufferPointer(rebasing: self[line.nameStart..<line.nameEnd]))
    }
}
