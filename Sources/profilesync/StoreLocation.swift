import ArgumentParser
import Foundation
import ProfileCore
import ProfileStore
import Reports

/// `--store DB` or `--config FILE`: which profile store a reporting or
/// maintenance command uses. `--store` wins; otherwise the configuration's
/// `store:` key (DESIGN §5: "--store defaults to the store of --config").
struct StoreLocation: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp("The SQLite profile store.", valueName: "DB"))
    var store: String?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp("Use the store named by this configuration file (when --store is not given).", valueName: "FILE"))
    var config: String?

    func validate() throws {
        guard store != nil || config != nil else {
            throw ValidationError("--store DB (or --config FILE) is required.")
        }
    }

    /// The store's path: `--store`, else the `store:` of `--config` (resolved against the file's folder).
    func path(command: String) throws -> String {
        if let store { return store }
        guard let config else { throw ToolExit(.usage, "\(command): --store DB (or --config FILE) is required.") }
        do {
            return try ConfigurationLoader.load(path: config).store
        } catch {
            throw ToolExit(.failure, error.diagnostics.map { "\(command): \($0)" }.joined(separator: "\n"))
        }
    }

    /// Opens the store read-only; a missing or foreign file ends the command with exit code 1.
    func openForReading(command: String) throws -> ProfileStore {
        let path = try self.path(command: command)
        do {
            return try ProfileStore.openForReading(path: path)
        } catch let error as StoreError {
            throw ToolExit(.failure, "\(command): \(error)")
        } catch {
            throw ToolExit(.failure, "\(command): cannot open the profile store \(path): \(error)")
        }
    }

    /// Runs `body`, turning store and file errors into exit code 1 with the command's name.
    static func reporting<T>(_ command: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ToolExit {
            throw exit
        } catch let error as StoreError {
            throw ToolExit(.failure, "\(command): \(error)")
        } catch {
            throw ToolExit(.failure, "\(command): \(error.localizedDescription)")
        }
    }

    /// Colour for text on stdout when it is a terminal and NO_COLOR is unset.
    static func renderOptions(for output: ReportOutput) -> ReportRenderOptions {
        ReportRenderOptions(
            color: TerminalStyle.wantsColor(
                isTerminal: output.isTerminal, environment: ProcessInfo.processInfo.environment))
    }
}
