import ArgumentParser
import Diagnostics
import Foundation

/// What `inspect` was asked to do; each input kind has its own inspector.
struct InspectOptions {
    var file: String
    var model: String?
    var entity: String?
    var summary: Bool
    var strict: Bool
    var allowFileURLs: Bool
}

/// The kinds of file `inspect` reads.
enum InputKind: String, ExpressibleByArgument, CaseIterable {
    case ldif, csv, bdcm

    /// From the extension: `.ldif .ldf` LDIF; `.csv .tsv .txt` CSV; `.bdcm .xml` BDC model.
    init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "ldif", "ldf": self = .ldif
        case "csv", "tsv", "txt": self = .csv
        case "bdcm", "xml": self = .bdcm
        default: return nil
        }
    }
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print an LDIF export, CSV extract or BDC model as JSON Lines.",
        discussion: """
            One JSON object per line on stdout; problems on stderr as \
            file:line[:column]: error: message. The input kind comes from the extension \
            (.ldif .ldf, .csv .tsv .txt, .bdcm .xml) unless --type is given.
            """)

    @Argument(help: "The file to read (LDIF, CSV or BDC model).")
    var file: String

    @Option(help: "Read the file as this kind instead of guessing from its extension (ldif, csv, bdcm).")
    var type: InputKind?

    @Option(help: "A BDC model (.bdcm) that types the CSV rows; needs --entity.")
    var model: String?

    @Option(help: "The BDC entity of --model that describes the CSV rows.")
    var entity: String?

    @Flag(help: "Print counts instead of records.")
    var summary = false

    @Flag(help: "Stop at the first error with exit code 1.")
    var strict = false

    @Flag(name: .customLong("allow-file-urls"), help: "Follow `attr:< file:` URL values in LDIF (only below the file's own folder).")
    var allowFileURLs = false

    func validate() throws {
        if (model == nil) != (entity == nil) {
            throw ValidationError("--model and --entity go together.")
        }
        if type == nil && InputKind(path: file) == nil {
            throw ValidationError("Cannot tell the kind of '\(file)' from its extension; use --type ldif|csv|bdcm.")
        }
        if model != nil && (type ?? InputKind(path: file)) != .csv {
            throw ValidationError("--model applies to CSV input only.")
        }
    }

    func run() throws {
        let options = InspectOptions(
            file: file, model: model, entity: entity, summary: summary, strict: strict,
            allowFileURLs: allowFileURLs)
        let kind = type ?? InputKind(path: file)!
        let code: ToolExitCode
        switch kind {
        case .ldif: code = try LDIFInspector.run(options)
        case .csv: code = try CSVInspector.run(options)
        case .bdcm: code = try BDCInspector.run(options)
        }
        if code != .success { throw ToolExit(code) }
    }
}
