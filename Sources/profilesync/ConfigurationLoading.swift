import Diagnostics
import ProfileCore

/// Loads a configuration for a command, printing every located error and
/// ending with exit code 1 when there is any.
enum ConfigurationLoading {
    static func load(_ path: String) throws -> Configuration {
        do {
            return try ConfigurationLoader.load(path: path)
        } catch {
            for diagnostic in error.diagnostics { Console.diagnostic(diagnostic) }
            throw ToolExit(.failure)
        }
    }
}
