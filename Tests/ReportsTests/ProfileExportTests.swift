import DelimitedText
import Foundation
import LDIF
import ProfileCore
import Testing
@testable import Reports

@Suite struct ProfileExportTests {
    static func profile(
        _ ref: ProfileRef, state: ProfileState = .active, reason: ExclusionReason? = nil,
        _ properties: [(String, [String])]
    ) -> Profile {
        Profile(
            key: ProfileKey(connection: ref.connection, anchor: ref.anchor), account: ref.account, dn: ref.dn,
            state: state, reason: reason,
            properties: properties.map { ProfileProperty(name: $0.0, values: $0.1, source: "contoso.\($0.0)", run: 1) })
    }

    static let profiles = [
        profile(
            ReportFixture.zoe,
            [("AccountName", ["CONTOSO\\zoe"]), ("PreferredName", ["Zoë Ångström"]), ("Skills", ["Swift", "LDAP"])]),
        profile(
            ReportFixture.mallory,
            [
                ("AccountName", ["CONTOSO\\mallory"]), ("Department", [ReportFixture.hostileFormula]),
                ("PreferredName", [ReportFixture.hostileMarkup]), ("WorkPhone", ["+1 425 555 0100"]),
                ("Work Phone", ["-5"]),
            ]),
        profile(ReportFixture.disabled, state: .excluded, reason: .disabled, [("AccountName", ["CONTOSO\\disabled"])]),
    ]

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func jsonLinesOneObjectPerProfile() {
        #expect(
            Self.text(ProfileExport(profiles: Self.profiles).render(.jsonl)) == #"""
                {"anchor":"0b1c2d3e-0000-4000-8000-000000000001","connection":"contoso","account":"CONTOSO\\zoe","dn":"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com","state":"active","properties":{"AccountName":"CONTOSO\\zoe","PreferredName":"Zoë Ångström","Skills":["Swift","LDAP"]}}
                {"anchor":"0b1c2d3e-0000-4000-8000-000000000002","connection":"contoso","account":"CONTOSO\\mallory","dn":"CN=Mallory,OU=Staff,DC=contoso,DC=com","state":"active","properties":{"AccountName":"CONTOSO\\mallory","Department":"=HYPERLINK(\"http://evil\",\"x\")","PreferredName":"<img src=x onerror=alert(1)>","WorkPhone":"+1 425 555 0100","Work Phone":"-5"}}
                {"anchor":"0b1c2d3e-0000-4000-8000-000000000004","connection":"contoso","account":"CONTOSO\\disabled","dn":"CN=Disabled,OU=Staff,DC=contoso,DC=com","state":"excluded","reason":"disabled","properties":{"AccountName":"CONTOSO\\disabled"}}

                """#)
    }

    @Test func csvHasAColumnPerPropertyInFirstSeenOrder() throws {
        let expected = [
            "account,anchor,dn,state,AccountName,PreferredName,Skills,Department,WorkPhone,Work Phone",
            #"CONTOSO\zoe,0b1c2d3e-0000-4000-8000-000000000001,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",active,CONTOSO\zoe,Zoë Ångström,Swift; LDAP,,,"#,
            #"CONTOSO\mallory,0b1c2d3e-0000-4000-8000-000000000002,"CN=Mallory,OU=Staff,DC=contoso,DC=com",active,CONTOSO\mallory,<img src=x onerror=alert(1)>,,"'=HYPERLINK(""http://evil"",""x"")",'+1 425 555 0100,'-5"#,
            #"CONTOSO\disabled,0b1c2d3e-0000-4000-8000-000000000004,"CN=Disabled,OU=Staff,DC=contoso,DC=com",excluded,CONTOSO\disabled,,,,,"#,
        ].map { $0 + "\r\n" }.joined()
        let bytes = ProfileExport(profiles: Self.profiles).render(.csv)
        expectSameLines(bytes, expected)
        let reader = try CSVReader(
            bytes: bytes, name: "export.csv",
            options: CSVReaderOptions(delimiter: .byte(UInt8(ascii: ",")), encoding: .utf8, policy: .strict))
        var rows = 0
        while let row = try reader.next() {
            #expect(row.fields.count == reader.header.count)
            rows += 1
        }
        #expect(rows == 3)
    }

    @Test func ldifOneContentRecordPerProfile() throws {
        let bytes = ProfileExport(profiles: Self.profiles).render(.ldif)
        expectSameLines(
            bytes,
            #"""
            version: 1

            # CONTOSO\zoe
            dn:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t
            AccountName: CONTOSO\zoe
            PreferredName:: Wm/DqyDDhW5nc3Ryw7Zt
            Skills: Swift
            Skills: LDAP

            # CONTOSO\mallory
            # property 'Work Phone' left out: not an LDAP attribute name
            dn: CN=Mallory,OU=Staff,DC=contoso,DC=com
            AccountName: CONTOSO\mallory
            Department: =HYPERLINK("http://evil","x")
            PreferredName:: PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPg==
            WorkPhone: +1 425 555 0100

            # CONTOSO\disabled
            # state: excluded (disabled)
            dn: CN=Disabled,OU=Staff,DC=contoso,DC=com
            AccountName: CONTOSO\disabled

            """#)
        let reader = LDIFReader(bytes: bytes, name: "export.ldif", options: LDIFReaderOptions(policy: .strict))
        var records: [LDIFRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(records.map(\.dn.string) == Self.profiles.map(\.dn))
        #expect(records.allSatisfy { $0.changeType == nil })
        #expect(records[0].attributes?.first { $0.name == "Skills" }?.values.map(\.string) == ["Swift", "LDAP"])
        #expect(records[1].attributes?.first { $0.name == "PreferredName" }?.values.first?.string == ReportFixture.hostileMarkup)
    }

    @Test func streamingGivesTheSameBytesAsRenderingWhole() {
        for format in ProfileExportFormat.allCases {
            var names = ProfileExportWriter.PropertyNames()
            for profile in Self.profiles { names.collect(from: profile) }
            var writer = ProfileExportWriter(format: format, propertyNames: names.names)
            var streamed = writer.takeBytes()
            for profile in Self.profiles {
                writer.append(profile)
                streamed += writer.takeBytes()
                #expect(writer.pendingByteCount == 0)
            }
            #expect(streamed == ProfileExport(profiles: Self.profiles).render(format), "\(format)")
        }
    }

    @Test func emptyExports() {
        #expect(ProfileExport(profiles: []).render(.jsonl).isEmpty)
        #expect(Self.text(ProfileExport(profiles: []).render(.csv)) == "account,anchor,dn,state\r\n")
        #expect(Self.text(ProfileExport(profiles: []).render(.ldif)) == "version: 1\n")
    }
}
