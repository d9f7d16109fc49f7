import BDCModel
import Testing

@Suite struct BDCFieldTypeTests {
    @Test(arguments: [
        ("System.String", BDCFieldType.string),
        ("System.Int16", .int16),
        ("System.Int32", .int32),
        ("System.Int64", .int64),
        ("System.Decimal", .decimal),
        ("System.Double", .double),
        ("System.Single", .single),
        ("System.Boolean", .boolean),
        ("System.DateTime", .dateTime),
        ("System.Guid", .guid),
        ("System.Byte[]", .bytes),
        ("Int32", .int32),
        ("system.datetime", .dateTime),
        ("  System.Guid  ", .guid),
        ("System.Nullable`1[System.Int32]", .int32),
        ("System.Nullable`1[System.DateTime]", .dateTime),
        ("System.Nullable`1[[System.Int32, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]", .int32),
        ("System.Nullable`1[[System.Decimal, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]], mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089", .decimal),
        ("Nullable`1[Boolean]", .boolean),
        ("System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089", .string),
    ])
    func mapsTypeNames(typeName: String, expected: BDCFieldType) {
        #expect(BDCFieldType(typeName: typeName) == expected)
    }

    @Test func unmappedTypesKeepTheirNameWithoutWrappers() {
        #expect(BDCFieldType(typeName: "System.Char") == .other("System.Char"))
        #expect(BDCFieldType(typeName: "System.Nullable`1[System.TimeSpan]") == .other("System.TimeSpan"))
        #expect(BDCFieldType(typeName: "System.Data.IDataRecord, System.Data, Version=4.0.0.0") == .other("System.Data.IDataRecord"))
        // Only the System namespace is stripped: another String type is not System.String.
        #expect(BDCFieldType(typeName: "Contoso.Types.String") == .other("Contoso.Types.String"))
        #expect(BDCFieldType(typeName: "System.Char").dotNetName == "System.Char")
        #expect(!BDCFieldType(typeName: "System.Char").isMapped)
    }

    @Test func dotNetNames() {
        let names = [BDCFieldType.string, .int16, .int32, .int64, .decimal, .double, .single, .boolean, .dateTime, .guid, .bytes]
            .map(\.dotNetName)
        #expect(names == [
            "System.String", "System.Int16", "System.Int32", "System.Int64", "System.Decimal", "System.Double",
            "System.Single", "System.Boolean", "System.DateTime", "System.Guid", "System.Byte[]",
        ])
        for name in names { #expect(BDCFieldType(typeName: name).dotNetName == name) }
    }
}
