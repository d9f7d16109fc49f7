@testable import JSONText
import Testing

@Suite struct JSONWriterTests {
    @Test func keepsKeyOrderAndCommas() {
        var json = JSONWriter()
        json.beginObject()
        json.key("line"); json.int(12)
        json.key("dn"); json.string("CN=Jo,DC=x")
        json.key("attributes"); json.beginObject()
        json.key("cn"); json.beginArray(); json.string("Jo"); json.string("J"); json.endArray()
        json.key("empty"); json.beginArray(); json.endArray()
        json.endObject()
        json.key("n"); json.null()
        json.key("ok"); json.bool(true)
        json.endObject()
        #expect(String(decoding: json.bytes, as: UTF8.self)
            == #"{"line":12,"dn":"CN=Jo,DC=x","attributes":{"cn":["Jo","J"],"empty":[]},"n":null,"ok":true}"#)
    }

    @Test func escapesQuotesBackslashesAndControls() {
        var json = JSONWriter()
        json.string("a\"b\\c\nd\re\tf\u{01}g é")
        #expect(String(decoding: json.bytes, as: UTF8.self) == #""a\"b\\c\nd\re\tf\u0001g é""#)
    }

    /// A spelled-out value takes its separator like any other, its strings
    /// are escaped, and the text grows past the first capacity and streams
    /// out in pieces with the containers still open.
    @Test func spelledValuesTakeTheirPlaceAmongOthers() {
        var json = JSONWriter(reservingCapacity: 16)
        var flushed: [UInt8] = []
        json.beginArray()
        for index in 0..<3 {
            json.beginSpelledValue()
            json.literal(#"{"name":""#)
            json.escaped("n\(index) \"q\"")
            json.literal(#"","v":"#)
            json.literal("null")
            json.literal("}")
            if index == 1 { json.flush { flushed += $0 } }
        }
        json.int(7)
        json.endArray()
        #expect(json.count == json.bytes.count)
        json.withBytes { flushed += $0 }
        #expect(String(decoding: flushed, as: UTF8.self)
            == #"[{"name":"n0 \"q\"","v":null},{"name":"n1 \"q\"","v":null},{"name":"n2 \"q\"","v":null},7]"#)
        json.reset()
        json.bool(false)
        #expect(String(decoding: json.bytes, as: UTF8.self) == "false")
    }

    /// Flushed in whole blocks, an aligned writer hands out pieces that
    /// start aligned and are whole blocks, keeps the rest (moved to its
    /// start, however it grew meanwhile), and the pieces and the rest make
    /// the text.
    @Test(arguments: [16, 64, 4096])
    func wholeBlockFlushesAreAlignedWholeBlocksOfTheText(block: Int) {
        var json = JSONWriter(reservingCapacity: 24, alignment: block)
        var pieces: [[UInt8]] = []
        var expected = "["
        json.beginArray()
        for index in 0..<2_000 {
            let text = "value \(index) \(String(repeating: "é", count: index % 37))"
            json.string(text)
            expected += (index == 0 ? "" : ",") + "\"\(text)\""
            if index % 97 == 0 {
                let before = json.count
                json.flush(wholeBlocksOf: block) { piece in
                    #expect(Int(bitPattern: piece.baseAddress) % block == 0)
                    #expect(piece.count > 0 && piece.count % block == 0)
                    pieces.append(Array(piece))
                }
                #expect(json.count == before % block)
            }
        }
        json.endArray()
        expected += "]"
        json.withBytes { pieces.append(Array($0)) }
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == expected)
        #expect(pieces.count > 2)
    }

    @Test func topLevelSequenceHasNoCommas() {
        var json = JSONWriter()
        json.beginArray(); json.int(1); json.int(2); json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[1,2]")
    }
}

/// The word-at-a-time escape scan must find exactly the bytes the plain loop finds.
@Suite struct JSONEscapeScanTests {
    static func plain(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    @Test func everySpecialByteAtEveryPositionIsFound() {
        for length in 1...24 {
            for position in 0..<length {
                for special: UInt8 in [0x00, 0x01, 0x0A, 0x1F, 0x22, 0x5C] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = special
                    #expect(bytes.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) }, "\(special) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func agreesWithThePlainLoopOnRandomBytes() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        // Mostly bytes near the special ones and high (UTF-8) bytes.
        let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        for _ in 0..<20_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let length = Int(state % 33)
            var bytes: [UInt8] = []
            var draw = state
            for _ in 0..<length {
                draw = draw &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Clean bytes most of the time, so both answers occur often.
                let pick = Int((draw >> 33) % 64)
                bytes.append(pick < alphabet.count ? alphabet[pick] : UInt8(ascii: "a") + UInt8(pick % 26))
            }
            #expect(bytes.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) } == Self.plain(bytes), "\(bytes)")
        }
    }
}
