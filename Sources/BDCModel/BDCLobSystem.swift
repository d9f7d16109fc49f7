/// A `LobSystem` of a model: the external system its entities come from.
public struct BDCLobSystem: Sendable, Hashable {
    public var name: String
    /// `Type`: Database, DotNetAssembly, OData, Wcf, WebService, Custom.
    public var type: String
    public var line: Int

    public init(name: String, type: String, line: Int) {
        self.name = name
        self.type = type
        self.line = line
    }
}
