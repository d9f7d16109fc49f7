import JSONText
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

    @Test func topLevelSequenceHasNoCommas() {
        var json = JSONWriter()
        json.beginArray(); json.int(1); json.int(2); json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[1,2]")
    }
}
