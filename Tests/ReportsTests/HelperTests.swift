import Foundation
import ProfileCore
import Testing
@testable import Reports

@Suite struct HelperTests {
    @Test func firstRDNSplitsAtTheFirstUnescapedSeparator() {
        #expect(DistinguishedNameSplit.firstRDN(of: "CN=Mover,OU=Sales,DC=contoso,DC=com") == ("CN=Mover", "OU=Sales,DC=contoso,DC=com"))
        #expect(DistinguishedNameSplit.firstRDN(of: #"CN=Doe\, Jo,OU=Staff,DC=x"#) == (#"CN=Doe\, Jo"#, "OU=Staff,DC=x"))
        #expect(DistinguishedNameSplit.firstRDN(of: #"CN="Doe, Jo",OU=Staff"#) == (#"CN="Doe, Jo""#, "OU=Staff"))
        #expect(DistinguishedNameSplit.firstRDN(of: "CN=a , OU=b") == ("CN=a", "OU=b"))
        #expect(DistinguishedNameSplit.firstRDN(of: #"CN=a\ ,OU=b"#) == (#"CN=a\ "#, "OU=b"))
        #expect(DistinguishedNameSplit.firstRDN(of: "CN=a;OU=b") == ("CN=a", "OU=b"))
        #expect(DistinguishedNameSplit.firstRDN(of: "DC=com") == ("DC=com", nil))
        #expect(DistinguishedNameSplit.firstRDN(of: #"CN=a\\,OU=b"#) == (#"CN=a\\"#, "OU=b"))
    }

    @Test func onlyRFC4512NamesAreLDIFAttributeNames() {
        for name in ["AccountName", "SPS-JobTitle", "x1"] { #expect(LDIFAttributeName.isValid(name), "\(name)") }
        for name in ["", "1abc", "Work Phone", "a_b", "naïve", "a:b", "-x"] { #expect(!LDIFAttributeName.isValid(name), "\(name)") }
    }

    @Test func ldifCommentsStayOnOneLine() {
        #expect(LDIFComment.line("a\nb\r\ndn: x") == Array("# a\\nb\\r\\ndn: x\n".utf8))
        #expect(LDIFComment.line("Zoë") == Array("# Zoë\n".utf8))
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(TerminalStyle.wantsColor(isTerminal: true, environment: [:]))
        #expect(!TerminalStyle.wantsColor(isTerminal: false, environment: [:]))
        #expect(!TerminalStyle.wantsColor(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(TerminalStyle.wantsColor(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!TerminalStyle.wantsColor(isTerminal: true, environment: ["TERM": "dumb"]))
        #expect(TerminalStyle(enabled: false).apply(.red, "x") == "x")
        #expect(TerminalStyle(enabled: true).apply(.red, "x") == "\u{1B}[31mx\u{1B}[0m")
    }

    @Test func durationsAndSizesReadNaturally() {
        let start = Date(timeIntervalSince1970: 0)
        #expect(HumanReadable.duration(from: start, to: start.addingTimeInterval(0.25)) == "0.250 s")
        #expect(HumanReadable.duration(from: start, to: start.addingTimeInterval(12.44)) == "12.4 s")
        #expect(HumanReadable.duration(from: start, to: start.addingTimeInterval(187)) == "3 min 07 s")
        #expect(HumanReadable.duration(from: start, to: start.addingTimeInterval(7500)) == "2 h 05 min")
        #expect(HumanReadable.byteCount(512) == "512 B")
        #expect(HumanReadable.byteCount(1536) == "1.5 KiB")
        #expect(HumanReadable.byteCount(3 * 1024 * 1024 * 1024) == "3.0 GiB")
        #expect(ChangeReport.timestamp(start) == "1970-01-01T00:00:00.000Z")
    }
}
