import ArgumentParser
import Foundation
import ProfileStore
import Reports

/// `--store DB`: which profile store a reporting or maintenance command uses.
struct StoreLocation: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp("The SQLite profile store.", valueName: "DB"))
    var store: String?

    func validate() throws {
        guard store != nil else {
            throw ValidationError("--store DB is required.")
        }
    }

    /// The store's path.
    var path: String {
        get throws {
            guard let store else { throw ToolExit(.usage, "--store DB is required.") }
            return store
        }
    }

    /// Opens the store read-only; a missing or foreign file ends the command with exit code 1.
    func openForReading(command: String) throws -> ProfileStore {
        let path = try self.path
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
