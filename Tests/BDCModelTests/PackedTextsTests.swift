@testable import BDCModel
import Testing

@Suite struct PackedTextsTests {
    @Test func holdsTextsNilsAndEmptiesApart() {
        var texts = PackedTexts()
        let values: [String?] = ["a", nil, "", "Zoë 😀", nil, "long enough to be a heap string"]
        for value in values { texts.append(value) }
        #expect(texts.count == values.count)
        #expect((0..<texts.count).map(texts.text(at:)) == values)
        #expect(texts.withText(at: 2) { $0?.count } == 0)
        #expect(texts.withText(at: 1) { $0 == nil })
    }

    @Test func removingTheLastTextsGivesBackTheirBytes() {
        var texts = PackedTexts()
        texts.append("kept")
        texts.append(nil)
        texts.append("dropped")
        texts.append(nil)
        texts.removeLast(2)
        #expect((0..<texts.count).map(texts.text(at:)) == ["kept", nil])
        // The next text starts where "kept" ended: its bytes went with it.
        texts.append("next")
        #expect(texts.text(at: 2) == "next")
        texts.removeLast(3)
        texts.append("first")
        #expect((0..<texts.count).map(texts.text(at:)) == ["first"])
        texts.removeLast(0)
        #expect(texts.count == 1)
    }

    @Test func trimmingKeepsEveryText() {
        var texts = PackedTexts()
        var expected: [String?] = []
        for index in 0..<1000 {
            let value: String? = index % 7 == 0 ? nil : "value \(index)"
            texts.append(value)
            expected.append(value)
        }
        texts.trim()
        #expect((0..<texts.count).map(texts.text(at:)) == expected)
    }

    /// Room made for what is coming is filled without growing into new
    /// memory, and `trim` keeps a close estimate's sliver of room rather
    /// than copying every text to give it back.
    @Test func reservedRoomIsFilledInPlaceAndASliverOfItKept() {
        var texts = PackedTexts()
        texts.reserve(texts: 101, bytes: 1_005)
        #expect(texts.roomBytes == 1_005)
        texts.append("first")
        var expected: [String?] = ["first"]
        for index in 0..<100 {
            let value = "value-\(1000 + index)"  // 10 bytes
            texts.append(value)
            expected.append(value)
        }
        // Exactly filled: had it grown, doubling would have left room.
        #expect(texts.roomBytes == 0)
        #expect((0..<texts.count).map(texts.text(at:)) == expected)

        // 1,005 bytes of texts: room of up to 62 bytes (a sixteenth) is kept.
        texts.reserve(texts: 10, bytes: 60)
        texts.trim()
        #expect(texts.roomBytes == 60)
        texts.reserve(texts: 10, bytes: 63)
        texts.trim()
        #expect(texts.roomBytes == 0)
        #expect((0..<texts.count).map(texts.text(at:)) == expected)
        texts.append("after")
        #expect(texts.text(at: texts.count - 1) == "after")
    }
}
