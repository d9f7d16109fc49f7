import ProfileCore
import Testing

@Suite struct SharedModelTests {
    @Test func attributeValueKeepsInvalidUTF8AsBytes() {
        #expect(AttributeValue(bytes: Array("Zoë".utf8)) == .text("Zoë"))
        #expect(AttributeValue(bytes: [0xFF, 0x00, 0x41]) == .binary([0xFF, 0x00, 0x41]))
        #expect(AttributeValue.text(" 514 ").integer == 514)
    }

    @Test func onlyMultistringIsMultiValued() {
        #expect(PropertyType.allCases.filter(\.isMultiValued) == [.multistring])
        #expect(PropertyType(rawValue: "datenoyear") == .datenoyear)
    }
}
