import Foundation
import Testing
@testable import LDIF

@Suite struct ADValueTests {
    // MS-DTYP 2.3.4.3: {6B29FC40-CA47-1067-B31D-00DD010662DA}, Data1..3 stored little-endian.
    @Test func objectGUIDFollowsMSDTYP() throws {
        let bytes: [UInt8] = [0x40, 0xFC, 0x29, 0x6B, 0x47, 0xCA, 0x67, 0x10, 0xB3, 0x1D, 0x00, 0xDD, 0x01, 0x06, 0x62, 0xDA]
        #expect(ObjectGUID.string(from: bytes) == "6b29fc40-ca47-1067-b31d-00dd010662da")
        #expect(ObjectGUID.bytes(from: "{6B29FC40-CA47-1067-B31D-00DD010662DA}") == bytes)
        #expect(ObjectGUID.bytes(from: "6b29fc40-ca47-1067-b31d-00dd010662da") == bytes)
        #expect(ObjectGUID.string(from: Array(bytes.prefix(15))) == nil)
        #expect(ObjectGUID.bytes(from: "6b29fc40-ca47-1067-b31d-00dd010662dx") == nil)
    }

    // MS-DTYP 2.4.2.3 / 2.4.2.4: BUILTIN\Administrators S-1-5-32-544.
    @Test func objectSIDFollowsMSDTYP() throws {
        let administrators: [UInt8] = [1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 0x02, 0, 0]
        #expect(ObjectSID.string(from: administrators) == "S-1-5-32-544")
        #expect(ObjectSID.bytes(from: "S-1-5-32-544") == administrators)
        let domainUser = "S-1-5-21-3623811015-3361044348-30300820-1013"
        let bytes = try #require(ObjectSID.bytes(from: domainUser))
        #expect(bytes.count == 8 + 5 * 4)
        #expect(ObjectSID.string(from: bytes) == domainUser)
        #expect(ObjectSID.string(from: [1, 0, 0, 0, 0, 0, 0, 0]) == "S-1-0")
        #expect(ObjectSID.string(from: [1, 1, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 1, 0, 0, 0]) == "S-1-0x123456789ABC-1")
        #expect(ObjectSID.string(from: [2, 1, 0, 0, 0, 0, 0, 5]) == nil)
        #expect(ObjectSID.bytes(from: "S-2-5") == nil)
    }

    /// The string is written digit by digit: every number is still its
    /// plain decimal (or, for a wide authority, 12 hex digits).
    @Test func objectSIDNumbersAtTheirLimits() {
        let widest: [UInt8] = [1, 15, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF] + Array(repeating: 0xFF, count: 60)
        #expect(ObjectSID.string(from: widest) == "S-1-4294967295" + String(repeating: "-4294967295", count: 15))
        #expect(ObjectSID.string(from: [1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0]) == "S-1-0x000100000000-0-10")
        #expect(ObjectSID.string(from: [1, 1, 0, 0, 0, 0, 0, 9, 0x39, 0x30, 0, 0]) == "S-1-9-12345")
    }

    /// Random GUIDs and SIDs against plainly built strings (interpolated
    /// numbers, `String(radix:)` digits), and back to their bytes.
    @Test func randomGUIDsAndSIDsMatchPlainFormatting() {
        var rng = SystemRandomNumberGenerator()
        func hex(_ byte: UInt8) -> String { (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        for _ in 0..<500 {
            let guid = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let groups = [[3, 2, 1, 0], [5, 4], [7, 6], [8, 9], Array(10..<16)]
            let plain = groups.map { $0.map { hex(guid[$0]) }.joined() }.joined(separator: "-")
            #expect(ObjectGUID.string(from: guid) == plain)
            #expect(ObjectGUID.bytes(from: plain) == guid)

            let count = Int.random(in: 0...15, using: &rng)
            let authority = UInt64.random(in: 0..<(1 << 48), using: &rng) >> UInt64.random(in: 0..<48, using: &rng)
            let subs = (0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) >> UInt32.random(in: 0..<32, using: &rng) }
            var sid: [UInt8] = [1, UInt8(count)]
            for shift in stride(from: 40, through: 0, by: -8) { sid.append(UInt8(truncatingIfNeeded: authority >> UInt64(shift))) }
            for sub in subs { sid += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: sub >> $0) } }
            let authorityText = authority >> 32 == 0
                ? "\(authority)"
                : "0x" + String(repeating: "0", count: 12 - String(authority, radix: 16).count) + String(authority, radix: 16, uppercase: true)
            let plainSID = (["S", "1", authorityText] + subs.map { "\($0)" }).joined(separator: "-")
            #expect(ObjectSID.string(from: sid) == plainSID)
            #expect(ObjectSID.bytes(from: plainSID) == sid)
        }
    }

    @Test func fileTimeNeverAndKnownInstants() throws {
        #expect(FileTime.date(from: 0) == nil)
        #expect(FileTime.date(from: Int64.max) == nil)
        #expect(FileTime.date(fromText: "9223372036854775807") == nil)
        #expect(FileTime.iso8601(from: 116_444_736_000_000_000) == "1970-01-01T00:00:00Z")
        #expect(FileTime.iso8601(from: 133_485_408_000_000_000) == "2024-01-01T00:00:00Z")
        #expect(FileTime.iso8601(from: 133_485_408_001_234_500) == "2024-01-01T00:00:00.12345Z")
        #expect(FileTime.iso8601(from: 0) == nil)
        let date = try #require(FileTime.date(from: 133_485_408_000_000_000))
        #expect(date.timeIntervalSince1970 == 1_704_067_200)
        #expect(FileTime.ticks(from: date) == 133_485_408_000_000_000)
    }

    @Test func generalizedTimeWithFractionsAndOffsets() throws {
        #expect(GeneralizedTime.iso8601(from: "20240102030405.0Z") == "2024-01-02T03:04:05Z")
        #expect(GeneralizedTime.iso8601(from: "20240102030405Z") == "2024-01-02T03:04:05Z")
        #expect(GeneralizedTime.iso8601(from: "20240102030405.25Z") == "2024-01-02T03:04:05.25Z")
        #expect(GeneralizedTime.iso8601(from: "20240102030405+0130") == "2024-01-02T01:34:05Z")
        #expect(GeneralizedTime.iso8601(from: "20240102030405-05") == "2024-01-02T08:04:05Z")
        #expect(GeneralizedTime.iso8601(from: "2024010203Z") == "2024-01-02T03:00:00Z")
        #expect(GeneralizedTime.iso8601(from: "2024010203.5Z") == "2024-01-02T03:30:00Z")
        #expect(GeneralizedTime.iso8601(from: "20240229000000Z") == "2024-02-29T00:00:00Z")
        #expect(GeneralizedTime.iso8601(from: "20230229000000Z") == nil)
        #expect(GeneralizedTime.iso8601(from: "20240102030405") == nil)
        #expect(GeneralizedTime.iso8601(from: "2024-01-02") == nil)
        #expect(GeneralizedTime.date(from: "19700101000000Z")?.timeIntervalSince1970 == 0)
    }

    @Test func userAccountControlFlags() throws {
        let disabledNormal = try #require(UserAccountControl(text: "514"))
        #expect(disabledNormal == [.normalAccount, .accountDisable])
        #expect(disabledNormal.isDisabled)
        let normal = try #require(UserAccountControl(text: "66048"))
        #expect(normal == [.normalAccount, .dontExpirePassword])
        #expect(!normal.isDisabled)
        #expect(UserAccountControl.lockout.rawValue == 0x10)
        #expect(UserAccountControl(text: "-2147483648")?.rawValue == 0x8000_0000)
        #expect(UserAccountControl(text: "abc") == nil)
    }

    @Test func base64RejectsJunkAndRoundTrips() throws {
        #expect(Base64.decode("XXX-U29tZSBPbmU=") == nil)
        #expect(Base64.decode("U29tZSBPbmU=") == Array("Some One".utf8))
        #expect(Base64.decode("") == [])
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("Emmanuel Lécharny".utf8)) == "RW1tYW51ZWwgTMOpY2hhcm55")
    }
}
