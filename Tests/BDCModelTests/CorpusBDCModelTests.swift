import BDCModel
import Foundation
import Testing
import TestSupport

/// The seven real BDC models of the shared corpus, each read and compared
/// field by field with what its XML says (expectations written by reading the
/// files, see corpus/SOURCES.md section 3).
@Suite struct CorpusBDCModelTests {
    /// One field as a line: `Name Type [identifier=I] [size=N] [readOnly] [filterable]`.
    static func describe(_ field: BDCField) -> String {
        var text = "\(field.name) \(field.type.dotNetName)"
        if let identifier = field.identifierName { text += " identifier=\(identifier)" }
        if let size = field.size { text += " size=\(size)" }
        if field.readOnly { text += " readOnly" }
        if field.filterable { text += " filterable" }
        return text
    }

    static func identifiers(_ entity: BDCEntity) -> [String] {
        entity.identifiers.map { "\($0.name) \($0.type.dotNetName)" }
    }

    static func read(_ path: String) throws -> BDCModelDocument {
        try BDCModelReader.read(path: try Corpus.url(path).path)
    }

    @Test(.enabled(if: Corpus.enabled)) func everyCorpusModelReadsWithoutWarnings() throws {
        let files = try Corpus.files(under: "bdcm", extensions: ["bdcm"])
        #expect(files.count == 7)
        for file in files {
            let document = try BDCModelReader.read(path: file.path)
            #expect(document.entities.count == 1, "\(file.lastPathComponent)")
            #expect(document.diagnostics.isEmpty, "\(file.lastPathComponent): \(document.diagnostics)")
        }
    }

    @Test(.enabled(if: Corpus.enabled)) func asmxComplexDemo() throws {
        let document = try Self.read("bdcm/BdcModelBuilder/ASMXComplexDemo1.bdcm")
        #expect(document.name == "ASMXComplexDemo1")
        #expect(document.lobSystems == [BDCLobSystem(name: "ASMXComplexDemo1", type: "DotNetAssembly", line: 4)])
        let entity = try #require(document.entities.first)
        #expect(entity.name == "MountainBikeEntity")
        #expect(entity.namespace == "WebberCross.BdcModelBuilder.ASMXDemo1")
        #expect(entity.lobSystem == "ASMXComplexDemo1")
        #expect(entity.lobSystemType == "DotNetAssembly")
        #expect(entity.line == 9)
        #expect(Self.identifiers(entity) == ["ID System.Int32"])
        // The default SpecificFinder ReadItem returns one MountainBikeEntity (line 49).
        #expect(entity.fields.map(Self.describe) == [
            "BrakeSet System.String",
            "Forks System.String",
            "ID System.Int32 identifier=ID",
            "Manufacturer System.String",
            "Model System.String",
            "QuantityInStock System.Int32",
            "RearShock System.String",
        ])
        #expect(entity.fields.map(\.line) == Array(51...57))
    }

    @Test(.enabled(if: Corpus.enabled)) func wcfSimpleDemo() throws {
        let document = try Self.read("bdcm/BdcModelBuilder/WCFSimpleDemo1.bdcm")
        #expect(document.name == "WCFSimpleDemo1")
        let entity = try #require(document.entity(named: "MountainBikeEntity"))
        #expect(entity.namespace == "WebberCross.BdcModelBuilder.WCFSimpleDemo1")
        #expect(entity.lobSystemType == "DotNetAssembly")
        #expect(Self.identifiers(entity) == ["ID System.Int32"])
        #expect(entity.fields.map(Self.describe) == [
            "BrakeSet System.String",
            "Forks System.String",
            "ID System.Int32 identifier=ID readOnly",
            "Manufacturer System.String",
            "Model System.String",
            "QuantityInStock System.Int32",
            "RearShock System.String",
        ])
    }

    @Test(.enabled(if: Corpus.enabled)) func wcfCompositeIdentifier() throws {
        let document = try Self.read("bdcm/BdcModelBuilder/WCFCompositeID.bdcm")
        #expect(document.name == "WCFCompositeID")
        let entity = try #require(document.entities.first)
        #expect(entity.namespace == "WebberCross.BdcModelBuilder.WCFCompositeID")
        // Composite key in document order: Manufacturer, then Model.
        #expect(Self.identifiers(entity) == ["Manufacturer System.String", "Model System.String"])
        #expect(entity.fields.map(Self.describe) == [
            "BrakeSet System.String",
            "Forks System.String",
            "ID System.Int32 readOnly",
            "Manufacturer System.String identifier=Manufacturer",
            "Model System.String identifier=Model",
            "QuantityInStock System.Int32",
            "RearShock System.String",
        ])
    }

    @Test(.enabled(if: Corpus.enabled)) func customersModelWithBOMAndTodoComments() throws {
        let bytes = [UInt8](try Corpus.data("bdcm/sp2013-dev-ignite/CustomersModel.bdcm"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let document = try Self.read("bdcm/sp2013-dev-ignite/CustomersModel.bdcm")
        #expect(document.name == "CustomersModel")
        #expect(document.lobSystems.map(\.type) == ["DotNetAssembly"])
        let entity = try #require(document.entity(named: "ECT.CustomersModel.Customer"))
        #expect(entity.name == "Customer")
        #expect(entity.line == 9)
        #expect(Self.identifiers(entity) == ["CustomerID System.Int32"])
        #expect(entity.fields.map(Self.describe) == [
            "CustomerID System.Int32 identifier=CustomerID",
            "Message System.String",
            "FirstName System.String",
            "LastName System.String",
        ])
    }

    @Test(.enabled(if: Corpus.enabled)) func northwindOData() throws {
        let document = try Self.read("bdcm/sp2013-dev-ignite/Northwind_oData.bdcm")
        #expect(document.name == "ODataWebNorthwindModel")
        #expect(document.lobSystems == [BDCLobSystem(name: "ODataWebNorthwindModel", type: "OData", line: 4)])
        let entity = try #require(document.entities.first)
        #expect(entity.name == "Customer")
        #expect(entity.namespace == "ODataWebNorthwindModel")
        #expect(entity.line == 20)
        #expect(Self.identifiers(entity) == ["CustomerID System.String"])
        // ReadSpecificCustomer (a SpecificFinder without Default) returns @Customer (line 97).
        #expect(entity.fields.map(Self.describe) == [
            "CustomerID System.String identifier=CustomerID readOnly",
            "CompanyName System.String", "ContactName System.String", "ContactTitle System.String",
            "Address System.String", "City System.String", "Region System.String",
            "PostalCode System.String", "Country System.String", "Phone System.String", "Fax System.String",
        ])
        #expect(entity.fields.first?.line == 99)
    }

    @Test(.enabled(if: Corpus.enabled)) func appLevelODataInUTF16WithNullables() throws {
        let bytes = [UInt8](try Corpus.data("bdcm/sp2013-dev-ignite/AppLevelECT-BDCMetadata.bdcm"))
        #expect(Array(bytes.prefix(2)) == [0xFF, 0xFE])
        let document = try Self.read("bdcm/sp2013-dev-ignite/AppLevelECT-BDCMetadata.bdcm")
        #expect(document.name == "BDCMetadata")
        #expect(document.lobSystems == [BDCLobSystem(name: "Northwind OData Source", type: "OData", line: 4)])
        let entity = try #require(document.entity(named: "alphabetical_list_of_products"))
        #expect(entity.namespace == "NorthwindModel")
        #expect(entity.line == 29)
        #expect(Self.identifiers(entity) == [
            "ProductID System.Int32", "ProductName System.String",
            "Discontinued System.Boolean", "CategoryName System.String",
        ])
        #expect(entity.fields.map(Self.describe) == [
            "ProductID System.Int32 identifier=ProductID readOnly",
            "ProductName System.String identifier=ProductName readOnly",
            "SupplierID System.Int32",
            "CategoryID System.Int32",
            "QuantityPerUnit System.String",
            "UnitPrice System.Decimal",
            "UnitsInStock System.Int16",
            "UnitsOnOrder System.Int16",
            "ReorderLevel System.Int16",
            "Discontinued System.Boolean identifier=Discontinued readOnly",
            "CategoryName System.String identifier=CategoryName readOnly",
        ])
        // The type name as written keeps its Nullable wrapper.
        #expect(entity.field(named: "UnitPrice")?.typeName == "System.Nullable`1[System.Decimal]")
        #expect(entity.fields.first?.line == 153)
    }

    @Test(.enabled(if: Corpus.enabled)) func miniCRMDatabaseInUTF16() throws {
        let document = try Self.read("bdcm/sp2013-dev-ignite/MiniCRMModel.bdcm")
        #expect(document.name == "MiniCRMModel")
        #expect(document.lobSystems == [BDCLobSystem(name: "MiniCRM", type: "Database", line: 18)])
        let entity = try #require(document.entities.first)
        #expect(entity.name == "Customer")
        #expect(entity.namespace == "http://contoso.com/minicrm")
        #expect(entity.line == 53)
        #expect(Self.identifiers(entity) == ["ID System.Int32"])
        // "Read Item" with ReturnTypeDescriptorPath "Read Item[0]": the IDataRecord element's fields.
        #expect(entity.fields.map(Self.describe) == [
            "ID System.Int32 identifier=ID readOnly",
            "Title System.String size=8",
            "FirstName System.String size=50",
            "MiddleName System.String size=50",
            "LastName System.String size=50",
            "Suffix System.String size=10",
            "EmailAddress System.String size=50",
            "Phone System.String size=25",
        ])
        #expect(entity.fields.first?.line == 233)
        // The Read List method's LimitFilter is a Limit, not a Comparison filter.
        #expect(entity.fields.allSatisfy { !$0.filterable })
    }
}
