/// The BDC model (`models/hr.bdcm`) describing the HR extract: a Database
/// LobSystem with entity `Contoso.HR`/`Employee`, identifier EmployeeID, a
/// Finder returning a collection of records and a default SpecificFinder
/// returning one record, each listing the CSV's columns with .NET types.
enum BDCModelTemplate {
    static let namespace = "http://schemas.microsoft.com/windows/2007/BusinessDataCatalog"

    /// The CSV columns and their .NET types, in the extract's order.
    static let fields: [(name: String, type: String)] = [
        ("EmployeeID", "System.String"), ("Department", "System.String"), ("JobTitle", "System.String"),
        ("CostCenter", "System.String"), ("HireDate", "System.DateTime"), ("Skills", "System.String"),
        ("ManagerEmployeeID", "System.String"), ("OfficeLocation", "System.String"), ("IsContractor", "System.Boolean"),
    ]

    private static let dataReader =
        "System.Data.IDataReader, System.Data, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
    private static let dataRecord =
        "System.Data.IDataRecord, System.Data, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"
    private static let commandType =
        "System.Data.CommandType, System.Data, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"

    static func text(names: DirectoryNames) -> String {
        let entityNamespace = names.stem.prefix(1).uppercased() + names.stem.dropFirst() + ".HR"
        let modelName = names.stem.prefix(1).uppercased() + names.stem.dropFirst() + "HR"
        let columns = fields.map { "[" + $0.name + "]" }.joined(separator: ", ")

        func record(indent: String) -> String {
            var lines = [indent + "<TypeDescriptor TypeName=\"\(dataRecord)\" Name=\"Employee\">", indent + "  <TypeDescriptors>"]
            for field in fields {
                let identifier = field.name == "EmployeeID" ? " IdentifierName=\"EmployeeID\"" : ""
                let size = field.type == "System.String"
                    ? "\n\(indent)      <Properties>\n\(indent)        <Property Name=\"Size\" Type=\"System.Int32\">\(field.name == "Skills" ? 400 : 100)</Property>\n\(indent)      </Properties>\n\(indent)    </TypeDescriptor>"
                    : nil
                if let size {
                    lines.append(indent + "    <TypeDescriptor TypeName=\"\(field.type)\"\(identifier) Name=\"\(field.name)\">" + size)
                } else {
                    lines.append(indent + "    <TypeDescriptor TypeName=\"\(field.type)\"\(identifier) Name=\"\(field.name)\" />")
                }
            }
            lines.append(indent + "  </TypeDescriptors>")
            lines.append(indent + "</TypeDescriptor>")
            return lines.joined(separator: "\n")
        }

        return """
            <?xml version="1.0" encoding="utf-8"?>
            <Model xmlns="\(namespace)" Name="\(modelName)">
              <LobSystems>
                <LobSystem Name="\(modelName)" Type="Database">
                  <Properties>
                    <Property Name="WildcardCharacter" Type="System.String">%</Property>
                  </Properties>
                  <LobSystemInstances>
                    <LobSystemInstance Name="\(modelName)">
                      <Properties>
                        <Property Name="AuthenticationMode" Type="System.String">PassThrough</Property>
                        <Property Name="DatabaseAccessProvider" Type="System.String">SqlServer</Property>
                        <Property Name="RdbConnection Data Source" Type="System.String">hrdb.\(names.dnsName)</Property>
                        <Property Name="RdbConnection Initial Catalog" Type="System.String">HR</Property>
                        <Property Name="RdbConnection Integrated Security" Type="System.String">SSPI</Property>
                        <Property Name="RdbConnection Pooling" Type="System.String">true</Property>
                      </Properties>
                    </LobSystemInstance>
                  </LobSystemInstances>
                  <Entities>
                    <Entity Namespace="\(entityNamespace)" Version="1.0.0.0" EstimatedInstanceCount="10000" Name="Employee" DefaultDisplayName="Employee">
                      <Identifiers>
                        <Identifier TypeName="System.String" Name="EmployeeID" />
                      </Identifiers>
                      <Methods>
                        <Method Name="ReadList" DefaultDisplayName="Employee Read List">
                          <Properties>
                            <Property Name="RdbCommandText" Type="System.String">SELECT \(columns) FROM [dbo].[Employees]</Property>
                            <Property Name="RdbCommandType" Type="\(commandType)">Text</Property>
                          </Properties>
                          <Parameters>
                            <Parameter Direction="Return" Name="Employees">
                              <TypeDescriptor TypeName="\(dataReader)" IsCollection="true" Name="EmployeeList">
                                <TypeDescriptors>
            \(record(indent: "                      "))
                                </TypeDescriptors>
                              </TypeDescriptor>
                            </Parameter>
                          </Parameters>
                          <MethodInstances>
                            <MethodInstance Type="Finder" ReturnParameterName="Employees" Default="true" Name="ReadList" DefaultDisplayName="Employee Read List" />
                          </MethodInstances>
                        </Method>
                        <Method Name="ReadItem" DefaultDisplayName="Read Employee">
                          <Properties>
                            <Property Name="RdbCommandText" Type="System.String">SELECT \(columns) FROM [dbo].[Employees] WHERE [EmployeeID] = @EmployeeID</Property>
                            <Property Name="RdbCommandType" Type="\(commandType)">Text</Property>
                          </Properties>
                          <Parameters>
                            <Parameter Direction="In" Name="@EmployeeID">
                              <TypeDescriptor TypeName="System.String" IdentifierName="EmployeeID" Name="EmployeeID" />
                            </Parameter>
                            <Parameter Direction="Return" Name="Employee">
            \(record(indent: "                  "))
                            </Parameter>
                          </Parameters>
                          <MethodInstances>
                            <MethodInstance Type="SpecificFinder" ReturnParameterName="Employee" Default="true" Name="ReadItem" DefaultDisplayName="Read Employee" />
                          </MethodInstances>
                        </Method>
                      </Methods>
                    </Entity>
                  </Entities>
                </LobSystem>
              </LobSystems>
            </Model>

            """
    }
}
