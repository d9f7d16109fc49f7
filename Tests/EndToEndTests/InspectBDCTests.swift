import Foundation
import Testing
import TestSupport

/// `profilesync inspect MODEL.bdcm`, whole outputs compared (DESIGN §5.1).
@Suite struct InspectBDCTests {
    @Test(.enabled(if: Corpus.enabled)) func miniCRMPrintsOneObjectPerEntity() throws {
        let path = try Corpus.url("bdcm/sp2013-dev-ignite/MiniCRMModel.bdcm").path
        let result = try ProfileSyncTool.run(["inspect", path])
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        #expect(result.stdoutText == """
            {"model":"MiniCRMModel","lobSystem":"MiniCRM","lobSystemType":"Database","namespace":"http://contoso.com/minicrm",\
            "entity":"Customer","identifiers":[{"name":"ID","type":"System.Int32"}],"fields":[\
            {"name":"ID","type":"System.Int32","identifier":"ID","readOnly":true},\
            {"name":"Title","type":"System.String","size":8},\
            {"name":"FirstName","type":"System.String","size":50},\
            {"name":"MiddleName","type":"System.String","size":50},\
            {"name":"LastName","type":"System.String","size":50},\
            {"name":"Suffix","type":"System.String","size":10},\
            {"name":"EmailAddress","type":"System.String","size":50},\
            {"name":"Phone","type":"System.String","size":25}]}

            """)
    }

    @Test(.enabled(if: Corpus.enabled)) func compositeIdentifierModel() throws {
        let path = try Corpus.url("bdcm/BdcModelBuilder/WCFCompositeID.bdcm").path
        let result = try ProfileSyncTool.run(["inspect", path])
        #expect(result.status == 0)
        #expect(result.stdoutText == """
            {"model":"WCFCompositeID","lobSystem":"WCFCompositeID","lobSystemType":"DotNetAssembly",\
            "namespace":"WebberCross.BdcModelBuilder.WCFCompositeID","entity":"MountainBikeEntity",\
            "identifiers":[{"name":"Manufacturer","type":"System.String"},{"name":"Model","type":"System.String"}],"fields":[\
            {"name":"BrakeSet","type":"System.String"},{"name":"Forks","type":"System.String"},\
            {"name":"ID","type":"System.Int32","readOnly":true},\
            {"name":"Manufacturer","type":"System.String","identifier":"Manufacturer"},\
            {"name":"Model","type":"System.String","identifier":"Model"},\
            {"name":"QuantityInStock","type":"System.Int32"},{"name":"RearShock","type":"System.String"}]}

            """)
    }

    @Test func contosoHRModel() throws {
        let result = try ProfileSyncTool.run(["inspect", "models/hr.bdcm"], in: TestPaths.fixture("contoso"))
        #expect(result.status == 0)
        #expect(result.stderrText == "")
        #expect(result.stdoutText == """
            {"model":"ContosoHR","lobSystem":"ContosoHR","lobSystemType":"Database","namespace":"Contoso.HR",\
            "entity":"Employee","identifiers":[{"name":"EmployeeID","type":"System.String"}],"fields":[\
            {"name":"EmployeeID","type":"System.String","identifier":"EmployeeID","size":10,"readOnly":true},\
            {"name":"Department","type":"System.String","size":64},\
            {"name":"JobTitle","type":"System.String","size":128},\
            {"name":"CostCenter","type":"System.String","size":16},\
            {"name":"HireDate","type":"System.DateTime"},\
            {"name":"Skills","type":"System.String","size":512},\
            {"name":"ManagerEmployeeID","type":"System.String","size":10},\
            {"name":"OfficeLocation","type":"System.String","size":64},\
            {"name":"IsContractor","type":"System.Boolean"}]}

            """)
    }

    @Test(.enabled(if: Corpus.enabled)) func summaryOfTheUTF16ODataModel() throws {
        let path = try Corpus.url("bdcm/sp2013-dev-ignite/AppLevelECT-BDCMetadata.bdcm").path
        let result = try ProfileSyncTool.run(["inspect", path, "--summary"])
        #expect(result.status == 0)
        #expect(result.stdoutText == """
            {"model":"BDCMetadata","lobSystems":[{"name":"Northwind OData Source","type":"OData","entities":1}],\
            "entities":1,"entityCounts":[{"namespace":"NorthwindModel","entity":"Alphabetical_list_of_products",\
            "identifiers":4,"fields":11,"filterable":0}],"warnings":0}

            """)
    }

    @Test func warningsGoToStderrAndTheModelStillPrints() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let model = """
            <Model xmlns="http://schemas.microsoft.com/windows/2007/BusinessDataCatalog" Name="W">
              <LobSystems><LobSystem Name="L" Type="Custom"><Entities>
                <Entity Name="E" Namespace="N">
                  <Identifiers><Identifier Name="Id" TypeName="System.Int32"/></Identifiers>
                </Entity>
              </Entities></LobSystem></LobSystems>
            </Model>
            """
        try Data(model.utf8).write(to: directory.url.appendingPathComponent("w.bdcm"))
        let result = try ProfileSyncTool.run(["inspect", "w.bdcm", "--summary"], in: directory.url)
        #expect(result.status == 0)
        #expect(result.stderrText == "w.bdcm:3: warning: entity 'E' has no SpecificFinder or Finder method instance, so it has no fields\n")
        #expect(result.stdoutText == """
            {"model":"W","lobSystems":[{"name":"L","type":"Custom","entities":1}],"entities":1,\
            "entityCounts":[{"namespace":"N","entity":"E","identifiers":1,"fields":0,"filterable":0}],"warnings":1}

            """)
    }

    @Test func wrongNamespaceIsALocatedErrorAndExitCode1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data("<?xml version=\"1.0\"?>\n<Model xmlns=\"urn:other\" Name=\"X\"/>\n".utf8)
            .write(to: directory.url.appendingPathComponent("other.bdcm"))
        let result = try ProfileSyncTool.run(["inspect", "other.bdcm"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stdoutText == "")
        #expect(result.stderrText == "other.bdcm:2: error: not a BDC model: the root element Model is in 'urn:other', not in http://schemas.microsoft.com/windows/2007/BusinessDataCatalog\n")
    }

    @Test func notXMLIsALocatedError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data("<Model>\n  <LobSystems>\n</Model>\n".utf8).write(to: directory.url.appendingPathComponent("broken.xml"))
        let result = try ProfileSyncTool.run(["inspect", "broken.xml"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stdoutText == "")
        #expect(result.stderrText == "broken.xml:3:9: error: not well-formed XML: Opening and ending tag mismatch: LobSystems line 2 and Model\n")
    }

    @Test func missingModelFile() throws {
        let result = try ProfileSyncTool.run(["inspect", "/nonexistent/none.bdcm"])
        #expect(result.status == 1)
        #expect(result.stderrText == "error: cannot read the BDC model /nonexistent/none.bdcm: no such file\n")
    }
}
