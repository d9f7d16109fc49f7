import BDCModel
import Diagnostics
import Testing
import TestSupport

/// Files that are not BDC models give one located error each.
@Suite struct MalformedBDCModelTests {
    static let ns = "http://schemas.microsoft.com/windows/2007/BusinessDataCatalog"

    func error(reading text: String) -> Diagnostic? {
        error(reading: Array(text.utf8))
    }

    func error(reading bytes: [UInt8]) -> Diagnostic? {
        do {
            _ = try BDCModelReader.read(bytes: bytes, name: "bad.bdcm")
            return nil
        } catch {
            return error
        }
    }

    @Test func plainTextIsNotXML() throws {
        let diagnostic = try #require(error(reading: "Name,Type\nCustomer,Entity\n"))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.file == "bad.bdcm")
        #expect(diagnostic.location?.line == 1)
        #expect(diagnostic.message.hasPrefix("not well-formed XML: "))
    }

    @Test func emptyFile() throws {
        let diagnostic = try #require(error(reading: ""))
        #expect(diagnostic.description == "bad.bdcm:1: error: the file is empty, not XML")
    }

    @Test func mismatchedTagIsReportedOnItsLine() throws {
        let text = """
            <?xml version="1.0"?>
            <Model xmlns="\(Self.ns)" Name="M">
              <LobSystems>
                <LobSystem Name="L" Type="Database"></LobSystems>
            </Model>
            """
        let diagnostic = try #require(error(reading: text))
        // The first error, not the "premature end" libxml2 reports last.
        #expect(diagnostic.location?.line == 4)
        #expect(diagnostic.message == "not well-formed XML: Opening and ending tag mismatch: LobSystem line 4 and LobSystems")
    }

    @Test func truncatedFileIsReportedAtItsEnd() throws {
        let text = """
            <?xml version="1.0" encoding="utf-8"?>
            <Model xmlns="\(Self.ns)" Name="M">
              <LobSystems>
                <LobSystem Name="L" Type="Database">
                  <Entities>
                    <Entity Name="E" Namespace="N">
                      <Identifiers>
                        <Identifier Name="ID" TypeN
            """
        let diagnostic = try #require(error(reading: text))
        #expect(diagnostic.location?.line == 8)
        #expect(diagnostic.message.hasPrefix("not well-formed XML: "))
    }

    /// The first 3000 bytes of the UTF-16LE MiniCRM model end inside an
    /// attribute value on line 32 (31 line breaks precede the cut).
    @Test(.enabled(if: Corpus.enabled)) func truncatedUTF16ModelIsReportedOnItsLastLine() throws {
        let bytes = [UInt8](try Corpus.data("bdcm/sp2013-dev-ignite/MiniCRMModel.bdcm").prefix(3000))
        let diagnostic = try #require(error(reading: bytes))
        #expect(diagnostic.location?.line == 32)
        #expect(diagnostic.message.hasPrefix("not well-formed XML: "))
    }

    @Test func wrongNamespace() throws {
        let text = """
            <?xml version="1.0"?>

            <Model xmlns="http://schemas.microsoft.com/windows/2006/BusinessDataCatalog" Name="M">
              <LobSystems/>
            </Model>
            """
        let diagnostic = try #require(error(reading: text))
        #expect(diagnostic.location == SourceLocation(file: "bad.bdcm", line: 3))
        #expect(diagnostic.message == "not a BDC model: the root element Model is in 'http://schemas.microsoft.com/windows/2006/BusinessDataCatalog', not in \(Self.ns)")
    }

    @Test func noNamespaceAtAll() throws {
        let diagnostic = try #require(error(reading: "<Model Name=\"M\"><LobSystems/></Model>"))
        #expect(diagnostic.description == "bad.bdcm:1: error: not a BDC model: the root element Model is in no namespace, not in \(Self.ns)")
    }

    @Test func otherXMLDocument() throws {
        let text = "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n</project>\n"
        let diagnostic = try #require(error(reading: text))
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.message.hasPrefix("not a BDC model: the root element is <project> ('http://maven.apache.org/POM/4.0.0')"))
    }

    @Test func modelWithoutEntity() throws {
        let text = """
            <?xml version="1.0"?>
            <Model xmlns="\(Self.ns)" Name="Empty">
              <LobSystems>
                <LobSystem Name="L" Type="Database" />
              </LobSystems>
            </Model>
            """
        let diagnostic = try #require(error(reading: text))
        #expect(diagnostic.description == "bad.bdcm:2: error: the BDC model 'Empty' declares no entity (no LobSystems/LobSystem/Entities/Entity)")
    }

    @Test func entityWithoutName() throws {
        let text = """
            <Model xmlns="\(Self.ns)" Name="M">
              <LobSystems>
                <LobSystem Name="L" Type="Database">
                  <Entities>
                    <Entity Namespace="N" />
                  </Entities>
                </LobSystem>
              </LobSystems>
            </Model>
            """
        let diagnostic = try #require(error(reading: text))
        #expect(diagnostic.description == "bad.bdcm:5: error: an Entity has no Name")
    }

    /// External entities would read local files (XXE); a DOCTYPE is refused
    /// before any of its declarations is read.
    @Test func doctypeWithExternalEntityIsRefused() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE Model [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <Model xmlns="\(Self.ns)" Name="&secret;">
              <LobSystems><LobSystem Name="L" Type="Database"><Entities><Entity Name="E" Namespace="N"/></Entities></LobSystem></LobSystems>
            </Model>
            """
        let diagnostic = try #require(error(reading: text))
        #expect(diagnostic.description == "bad.bdcm:2: error: a DOCTYPE is not allowed in a BDC model (entities are never expanded)")
    }

    @Test func missingFileNamesThePath() throws {
        do {
            _ = try BDCModelReader.read(path: "/nonexistent/dir/model.bdcm")
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(error.message == "cannot read the BDC model /nonexistent/dir/model.bdcm: no such file")
        }
    }
}
