import BDCModel
import Diagnostics
import Foundation
import Testing

/// Constructed models for what the corpus does not show.
@Suite struct BDCModelReaderTests {
    static let ns = "http://schemas.microsoft.com/windows/2007/BusinessDataCatalog"

    /// A model with one entity whose `Methods` and `Identifiers` are given; the
    /// Entity element is on line 5.
    static func model(identifiers: String, methods: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <Model xmlns="\(ns)" Name="Test">
          <LobSystems>
            <LobSystem Name="Sys" Type="Wcf"><Entities>
              <Entity Name="Person" Namespace="Test.NS">
                <Identifiers>\(identifiers)</Identifiers>
                <Methods>
        \(methods)
                </Methods>
              </Entity>
            </Entities></LobSystem>
          </LobSystems>
        </Model>
        """
    }

    static func read(_ text: String) throws -> BDCModelDocument {
        try BDCModelReader.read(bytes: Array(text.utf8), name: "test.bdcm")
    }

    static func fieldNames(_ document: BDCModelDocument) -> [String] {
        document.entities.first?.fields.map(\.name) ?? []
    }

    static let finderOnly = model(
        identifiers: #"<Identifier Name="Id" TypeName="System.Guid"/>"#,
        methods: """
            <Method Name="ReadAll">
              <Parameters>
                <Parameter Direction="Return" Name="people">
                  <TypeDescriptor Name="People" TypeName="Person[]" IsCollection="true">
                    <TypeDescriptors>
                      <TypeDescriptor Name="Person" TypeName="Person">
                        <TypeDescriptors>
                          <TypeDescriptor Name="Id" TypeName="System.Guid" IdentifierName="Id"/>
                          <TypeDescriptor Name="Born" TypeName="System.Nullable`1[System.DateTime]"/>
                        </TypeDescriptors>
                      </TypeDescriptor>
                    </TypeDescriptors>
                  </TypeDescriptor>
                </Parameter>
              </Parameters>
              <MethodInstances><MethodInstance Type="Finder" Name="ReadAll" ReturnParameterName="people"/></MethodInstances>
            </Method>
        """)

    @Test func finderCollectionIsSteppedInto() throws {
        let document = try Self.read(Self.finderOnly)
        let entity = try #require(document.entity(named: "person"))
        #expect(entity.fields.map(\.name) == ["Id", "Born"])
        #expect(entity.fields.map(\.type) == [.guid, .dateTime])
        #expect(entity.lobSystemType == "Wcf")
        #expect(entity.line == 5)
        #expect(document.diagnostics.isEmpty)
        #expect(document.entity(named: "TEST.NS.PERSON")?.name == "Person")
        #expect(document.entity(named: "Other") == nil)
    }

    @Test func utf16AndBOMSpellingsReadTheSame() throws {
        let text = Self.finderOnly.replacingOccurrences(of: "encoding=\"utf-8\"", with: "encoding=\"utf-16\"")
        var littleEndian: [UInt8] = [0xFF, 0xFE]
        var bigEndian: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            littleEndian += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bigEndian += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let utf8BOM = [0xEF, 0xBB, 0xBF] + Array(Self.finderOnly.utf8)
        for bytes in [littleEndian, bigEndian, utf8BOM] {
            let document = try BDCModelReader.read(bytes: bytes, name: "x.bdcm")
            #expect(document.entities.first?.fields.map(\.name) == ["Id", "Born"])
            #expect(document.entities.first?.fields.first?.line == 15)
        }
    }

    /// A non-default SpecificFinder listed first loses to the default one;
    /// nested complex types are flattened to their leaves.
    @Test func defaultSpecificFinderWinsAndLeavesAreFlattened() throws {
        let text = Self.model(
            identifiers: #"<Identifier Name="Id" TypeName="System.Int64"/>"#,
            methods: """
                <Method Name="Brief">
                  <Parameters><Parameter Direction="Return" Name="r">
                    <TypeDescriptor Name="P" TypeName="P"><TypeDescriptors>
                      <TypeDescriptor Name="Id" TypeName="System.Int64" IdentifierName="Id"/>
                    </TypeDescriptors></TypeDescriptor>
                  </Parameter></Parameters>
                  <MethodInstances><MethodInstance Type="SpecificFinder" Name="Brief" ReturnParameterName="r"/></MethodInstances>
                </Method>
                <Method Name="Full">
                  <Parameters>
                    <Parameter Direction="In" Name="id"><TypeDescriptor Name="Id" TypeName="System.Int64" IdentifierName="Id"/></Parameter>
                    <Parameter Direction="Return" Name="result">
                    <TypeDescriptor Name="P" TypeName="P"><TypeDescriptors>
                      <TypeDescriptor Name="Id" TypeName="System.Int64" IdentifierName="Id"/>
                      <TypeDescriptor Name="Address" TypeName="Address"><TypeDescriptors>
                        <TypeDescriptor Name="Street" TypeName="System.String"/>
                        <TypeDescriptor Name="City" TypeName="System.String"/>
                      </TypeDescriptors></TypeDescriptor>
                      <TypeDescriptor Name="Photo" TypeName="System.Byte[]"/>
                    </TypeDescriptors></TypeDescriptor>
                  </Parameter></Parameters>
                  <MethodInstances><MethodInstance Type="SpecificFinder" Default="true" Name="Full" ReturnParameterName="result"/></MethodInstances>
                </Method>
            """)
        let document = try Self.read(text)
        #expect(Self.fieldNames(document) == ["Id", "Street", "City", "Photo"])
        #expect(document.entities.first?.fields.last?.type == .bytes)
    }

    @Test func comparisonFiltersMarkFilterableFields() throws {
        let text = Self.model(
            identifiers: #"<Identifier Name="OrderId" TypeName="System.Int32"/>"#,
            methods: """
                <Method Name="ReadAll">
                  <FilterDescriptors>
                    <FilterDescriptor Type="Comparison" Name="ByOwner" FilterField="OwnerAccount"/>
                    <FilterDescriptor Type="Comparison" Name="ByRegion"/>
                    <FilterDescriptor Type="Limit" Name="Limit"/>
                    <FilterDescriptor Type="Comparison" Name="Dangling" FilterField="NoSuchField"/>
                  </FilterDescriptors>
                  <Parameters>
                    <Parameter Direction="In" Name="@owner"><TypeDescriptor Name="OwnerAccount" TypeName="System.String" AssociatedFilter="ByOwner"/></Parameter>
                    <Parameter Direction="In" Name="@region"><TypeDescriptor Name="Region" TypeName="System.String" AssociatedFilter="ByRegion"/></Parameter>
                    <Parameter Direction="In" Name="@limit"><TypeDescriptor Name="Total" TypeName="System.Int32" AssociatedFilter="Limit"/></Parameter>
                    <Parameter Direction="Return" Name="orders">
                      <TypeDescriptor Name="Orders" TypeName="x" IsCollection="true"><TypeDescriptors>
                        <TypeDescriptor Name="Order" TypeName="x"><TypeDescriptors>
                          <TypeDescriptor Name="OrderId" TypeName="System.Int32" IdentifierName="OrderId"/>
                          <TypeDescriptor Name="OwnerAccount" TypeName="System.String"/>
                          <TypeDescriptor Name="Region" TypeName="System.String"/>
                          <TypeDescriptor Name="Total" TypeName="System.Decimal"/>
                        </TypeDescriptors></TypeDescriptor>
                      </TypeDescriptors></TypeDescriptor>
                    </Parameter>
                  </Parameters>
                  <MethodInstances><MethodInstance Type="Finder" Default="true" Name="ReadAll" ReturnParameterName="orders"/></MethodInstances>
                </Method>
            """)
        let document = try Self.read(text)
        let entity = try #require(document.entities.first)
        #expect(entity.fields.filter(\.filterable).map(\.name) == ["OwnerAccount", "Region"])
        #expect(document.diagnostics.map(\.description) == [
            "test.bdcm:13: warning: comparison filter 'Dangling' of entity 'Person' filters on no field of its return type"
        ])
    }

    @Test func identifierLinkedByNameForeignKeysAndUnmappedTypes() throws {
        let text = Self.model(
            identifiers: #"<Identifier Name="Code" TypeName="System.String"/>"#,
            methods: """
                <Method Name="Get">
                  <Parameters><Parameter Direction="Return" Name="r">
                    <TypeDescriptor Name="P" TypeName="P"><TypeDescriptors>
                      <TypeDescriptor Name="code" TypeName="System.String"/>
                      <TypeDescriptor Name="DeptId" TypeName="System.Int32" IdentifierName="Id" IdentifierEntityName="Department"/>
                      <TypeDescriptor Name="Initial" TypeName="System.Char"/>
                    </TypeDescriptors></TypeDescriptor>
                  </Parameter></Parameters>
                  <MethodInstances><MethodInstance Type="SpecificFinder" Default="true" Name="Get" ReturnParameterName="r"/></MethodInstances>
                </Method>
            """)
        let document = try Self.read(text)
        let entity = try #require(document.entities.first)
        #expect(entity.fields.map(\.identifierName) == ["Code", nil, nil])
        #expect(entity.fields[2].type == .other("System.Char"))
        #expect(document.diagnostics.map(\.description) == [
            "test.bdcm:11: warning: field 'code' has no IdentifierName; linked to identifier 'Code' by its name",
            "test.bdcm:13: warning: field 'Initial' of entity 'Person' has type 'System.Char', which is not mapped; its values are kept as text",
        ])
    }

    @Test func returnTypeDescriptorPathIsFollowed() throws {
        let text = Self.model(
            identifiers: #"<Identifier Name="Id" TypeName="System.Int32"/>"#,
            methods: """
                <Method Name="Read Item">
                  <Parameters><Parameter Direction="Return" Name="Read Item">
                    <TypeDescriptor Name="Read Item" TypeName="System.Data.IDataReader" ><TypeDescriptors>
                      <TypeDescriptor Name="Read ItemElement" TypeName="System.Data.IDataRecord"><TypeDescriptors>
                        <TypeDescriptor Name="Id" TypeName="System.Int32" IdentifierName="Id"/>
                        <TypeDescriptor Name="Mail" TypeName="System.String"><Properties><Property Name="Size" Type="System.Int32">80</Property></Properties></TypeDescriptor>
                      </TypeDescriptors></TypeDescriptor>
                    </TypeDescriptors></TypeDescriptor>
                  </Parameter></Parameters>
                  <MethodInstances><MethodInstance Type="SpecificFinder" Default="true" Name="Read Item" ReturnParameterName="Read Item" ReturnTypeDescriptorPath="Read Item[0]"/></MethodInstances>
                </Method>
            """)
        // No IsCollection on the root: only the path's [0] steps into the element.
        let entity = try #require(try Self.read(text).entities.first)
        #expect(entity.fields.map(\.name) == ["Id", "Mail"])
        #expect(entity.fields[1].size == 80)
    }

    @Test func entityWithoutFinderHasNoFieldsAndAWarning() throws {
        let text = Self.model(identifiers: #"<Identifier Name="Id" TypeName="System.Int32"/>"#, methods: "")
        let document = try Self.read(text)
        #expect(document.entities.first?.fields == [])
        #expect(document.diagnostics.map(\.description) == [
            "test.bdcm:5: warning: entity 'Person' has no SpecificFinder or Finder method instance, so it has no fields"
        ])
    }
}
