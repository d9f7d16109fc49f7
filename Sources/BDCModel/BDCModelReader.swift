import Diagnostics
import Foundation

/// Reads a SharePoint BDC model (`.bdcm`) into its LobSystems and entities.
///
/// Read: `Model/@Name`; each `LobSystems/LobSystem` (`Name`, `Type`); each of
/// its `Entities/Entity` (see `BDCEntityReader` for identifiers and fields).
/// Everything else (LobSystemInstances, connection properties, access control
/// lists, associations, actions) is ignored: ProfileSync reads extracts, it
/// never connects to the external system.
public enum BDCModelReader {
    /// The BDC metadata namespace every model element is in.
    public static let namespace = "http://schemas.microsoft.com/windows/2007/BusinessDataCatalog"

    /// Reads the model at `path`; diagnostics name `path` as given.
    public static func read(path: String) throws(Diagnostic) -> BDCModelDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw Diagnostic.error("cannot read the BDC model \(path): \(reason)")
        }
        return try read(bytes: [UInt8](data), name: path)
    }

    /// Reads a model from its bytes; `name` is the file name diagnostics use.
    public static func read(bytes: [UInt8], name: String) throws(Diagnostic) -> BDCModelDocument {
        let root = try XMLDocumentParser.parse(bytes: bytes, file: name)
        try checkRoot(root, file: name)

        var warnings: [Diagnostic] = []
        var modelName = root.attribute("Name")?.trimmingBlanks ?? ""
        if modelName.isEmpty {
            modelName = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            warnings.append(.warning(
                "the Model element has no Name; using '\(modelName)' from the file name",
                at: SourceLocation(file: name, line: root.line)))
        }

        var lobSystems: [BDCLobSystem] = []
        var entities: [BDCEntity] = []
        for lobSystemNode in root.child("LobSystems", in: namespace)?.children("LobSystem", in: namespace) ?? [] {
            let lobSystem = BDCLobSystem(
                name: lobSystemNode.attribute("Name")?.trimmingBlanks ?? "",
                type: lobSystemNode.attribute("Type")?.trimmingBlanks ?? "",
                line: lobSystemNode.line)
            if lobSystem.name.isEmpty {
                warnings.append(.warning("a LobSystem has no Name", at: SourceLocation(file: name, line: lobSystem.line)))
            }
            lobSystems.append(lobSystem)
            for entityNode in lobSystemNode.child("Entities", in: namespace)?.children("Entity", in: namespace) ?? [] {
                var reader = BDCEntityReader(
                    node: entityNode, model: modelName, lobSystem: lobSystem, file: name)
                entities.append(try reader.read())
                warnings += reader.warnings
            }
        }
        guard !entities.isEmpty else {
            throw Diagnostic.error(
                "the BDC model '\(modelName)' declares no entity (no LobSystems/LobSystem/Entities/Entity)",
                at: SourceLocation(file: name, line: root.line))
        }
        return BDCModelDocument(name: modelName, lobSystems: lobSystems, entities: entities, diagnostics: warnings)
    }

    /// A BDC model's root is `Model` in the BDC namespace; say which part is wrong.
    private static func checkRoot(_ root: XMLElementNode, file: String) throws(Diagnostic) {
        let at = SourceLocation(file: file, line: root.line)
        let found = root.namespace.map { "'\($0)'" } ?? "no namespace"
        if root.name == "Model" && root.namespace != namespace {
            throw Diagnostic.error(
                "not a BDC model: the root element Model is in \(found), not in \(namespace)", at: at)
        }
        if root.name != "Model" {
            throw Diagnostic.error(
                "not a BDC model: the root element is <\(root.name)> (\(found)); a BDC model's root is <Model> in \(namespace)",
                at: at)
        }
    }
}
