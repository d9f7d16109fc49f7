import TestSupport
import Testing
@testable import LDIF

/// The base64 decoder takes eight characters at a time where it can; it must
/// accept, reject and decode exactly as a character-at-a-time decoder does.
@Suite struct Base64EquivalenceTests {
    /// RFC 4648 with the reader's rules: spaces ignored, optional padding,
    /// nothing after padding, no tail of six bits.
    static func reference(_ text: [UInt8]) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            if byte == 0x20 { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            if padding > 0 { return nil }
            guard let sextet = alphabet.firstIndex(of: byte) else { return nil }
            accumulator = accumulator << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        if bits >= 6 || padding > 2 { return nil }
        return output
    }

    @Test func decodesAndRejectsLikeTheCharacterAtATimeDecoder() {
        var random = SeededGenerator(seed: 7)
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let odd = Array(" =*-\n\u{0}\u{FF}".utf8)
        for _ in 0..<20_000 {
            let length = Int(random.next() % 40)
            var text = (0..<length).map { _ in characters[Int(random.next() % 64)] }
            // Most inputs stay valid base64 of some length; some get a space, '=' or junk.
            if random.next() % 3 == 0, !text.isEmpty {
                text[Int(random.next() % UInt64(text.count))] = odd[Int(random.next() % UInt64(odd.count))]
            }
            if random.next() % 4 == 0 { text += Array("==".utf8).prefix(Int(random.next() % 3)) }
            let expected = Self.reference(text)
            #expect(Base64.decode(text) == expected, "\(String(decoding: text, as: UTF8.self))")
            let valid = text.withUnsafeBufferPointer { Base64.isValid($0, table: Base64.decodeTable) }
            #expect(valid == (expected != nil), "\(String(decoding: text, as: UTF8.self))")
        }
    }
}
