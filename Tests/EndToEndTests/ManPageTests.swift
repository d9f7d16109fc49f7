import Foundation
import Testing
import TestSupport

/// The man pages are written by hand, so nothing keeps them in step with the
/// code but these tests: a new subcommand or flag without documentation fails
/// here instead of shipping undocumented.
///
/// The command tree comes from the built tool's `--experimental-dump-help`
/// (swift-argument-parser's JSON description of every command and argument),
/// so the test follows the parser itself, not a list someone must update.
@Suite struct ManPageTests {
    @Test func everySubcommandHasASectionAndEveryOptionIsNamedInIt() throws {
        let page = try ManPage(file: "man/profilesync.1")
        let root = try ToolDump.load()
        var problems: [String] = []
        var checked = 0

        // Top-level options (--version, --help) belong in OPTIONS, anywhere on the page.
        for spelling in ToolDump.spellings(of: root.arguments ?? []) {
            checked += 1
            if !page.mentions(spelling, in: page.text) {
                problems.append("profilesync: \(spelling) is not in man/profilesync.1")
            }
        }
        for command in root.subcommands ?? [] {
            checkCommand(command, path: [root.commandName], page: page, problems: &problems, checked: &checked)
        }

        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // A dump that lost its arguments would pass vacuously.
        #expect(checked >= 40, "only \(checked) names were checked; is --experimental-dump-help complete?")
        #expect((root.subcommands ?? []).count >= 11)
    }

    /// The configuration page lists every expression function, property type
    /// and exclusion operator. They are read from the source files that define
    /// them because those enums are internal to ProfileCore (and this target
    /// tests the tool from outside).
    @Test func configurationPageNamesEveryFunctionTypeAndOperator() throws {
        let page = try ManPage(file: "man/profilesync.yaml.5")
        let functions = try SourceNames.rawValues(
            in: "Sources/ProfileCore/Expressions/ExpressionFunction.swift")
        let types = try SourceNames.caseNames(in: "Sources/ProfileCore/Model/PropertyType.swift")
        let operators = try SourceNames.caseNames(in: "Sources/ProfileCore/Scope/ExclusionRules.swift")
            .filter { !["any", "all"].contains($0) }  // ExclusionSet.Match, not operators
        #expect(functions.count >= 38)
        #expect(types.count == 16)
        #expect(operators.count == 16)

        var missing: [String] = []
        for function in functions where !page.text.contains("\(function)(") {
            missing.append("function \(function)")
        }
        for name in types + operators where !page.mentions(name, in: page.text) {
            missing.append(name)
        }
        #expect(missing.isEmpty, "not in man/profilesync.yaml.5: \(missing.joined(separator: ", "))")
    }

    private func checkCommand(
        _ command: ToolDump.Command, path: [String], page: ManPage, problems: inout [String], checked: inout Int
    ) {
        let name = (path + [command.commandName]).joined(separator: " ")
        guard let section = page.section(command.commandName) else {
            problems.append("\(name): no .SS section in man/profilesync.1")
            return
        }
        checked += 1
        // ArgumentParser's own `help` command: its section is enough, its
        // positional is the parser's (`subcommands`), not ours to name.
        if command.commandName == "help" && path == ["profilesync"] { return }
        for argument in command.arguments ?? [] where argument.shouldDisplay {
            if argument.kind == "positional" {
                // Positionals have no names; the page shows their value name (FILE, ACCOUNT).
                if let value = argument.valueName?.uppercased() {
                    checked += 1
                    if !page.mentions(value, in: section) {
                        problems.append("\(name): argument \(value) is not in its section")
                    }
                }
                continue
            }
            for spelling in ToolDump.spellings(of: [argument]) {
                checked += 1
                // -h/--help and --version are on every command; OPTIONS documents them once.
                let scope = ToolDump.globalSpellings.contains(spelling) ? page.text : section
                if !page.mentions(spelling, in: scope) {
                    problems.append("\(name): \(spelling) is not in its section of man/profilesync.1")
                }
            }
        }
        for subcommand in command.subcommands ?? [] {
            checkCommand(subcommand, path: path + [command.commandName], page: page, problems: &problems, checked: &checked)
        }
    }
}

/// A troff page reduced to what a reader sees, for looking names up.
private struct ManPage {
    let text: String
    let lines: [String]

    init(file: String) throws {
        let raw = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(file), encoding: .utf8)
        // troff writes a hyphen-minus as `\-` (a bare `-` may print as a hyphen);
        // `\&` and `\c` are zero-width and may sit inside a name.
        text = raw.replacingOccurrences(of: "\\-", with: "-")
            .replacingOccurrences(of: "\\&", with: "")
            .replacingOccurrences(of: "\\c", with: "")
        lines = text.components(separatedBy: "\n")
    }

    /// The text of the `.SS` section whose title starts with `command`, up to
    /// the next `.SS` or `.SH`.
    func section(_ command: String) -> String? {
        guard
            let start = lines.firstIndex(where: { line in
                guard line.hasPrefix(".SS ") else { return false }
                let title = line.dropFirst(4).drop { $0 == "\"" }
                return title.split(separator: " ").first.map(String.init) == command
            })
        else { return nil }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix(".SS") || $0.hasPrefix(".SH") } ?? lines.count
        return lines[start..<end].joined(separator: "\n")
    }

    /// Whether `name` occurs in `text` as a whole word: `--force` must not be
    /// satisfied by `--force-deletes`, nor `date` by `datetime`.
    func mentions(_ name: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: name, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !Self.isNamePart(before, leading: true), !Self.isNamePart(after, leading: false) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    private static func isNamePart(_ character: Character?, leading: Bool) -> Bool {
        guard let character else { return false }
        if character.isLetter || character.isNumber || character == "_" { return true }
        // A hyphen before `-x` would make it `--x`; after a name it continues it (`--force-deletes`).
        return character == "-"
    }
}

/// swift-argument-parser's `--experimental-dump-help` output (ToolInfoV0),
/// only the parts the tests read.
private enum ToolDump {
    struct Info: Decodable {
        var command: Command
    }

    struct Command: Decodable {
        var commandName: String
        var subcommands: [Command]?
        var arguments: [Argument]?
    }

    struct Argument: Decodable {
        var kind: String
        var shouldDisplay: Bool
        var names: [Name]?
        var valueName: String?
    }

    struct Name: Decodable {
        var kind: String
        var name: String
    }

    static func load() throws -> Command {
        let result = try ProfileSyncTool.run(["--experimental-dump-help"])
        #expect(result.status == 0, "--experimental-dump-help failed: \(result.stderrText)")
        return try JSONDecoder().decode(Info.self, from: result.stdout).command
    }

    /// The flags ArgumentParser adds to every command.
    static let globalSpellings: Set<String> = ["-h", "--help", "--version"]

    /// Every displayed option and flag as typed on the command line.
    static func spellings(of arguments: [Argument]) -> [String] {
        arguments.filter { $0.shouldDisplay && $0.kind != "positional" }.flatMap { argument in
            (argument.names ?? []).map { name in
                switch name.kind {
                case "long": "--\(name.name)"
                default: "-\(name.name)"  // short, longWithSingleDash
                }
            }
        }
    }
}

/// Names declared in the package's own sources.
private enum SourceNames {
    static func source(_ path: String) throws -> String {
        try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The raw values of `case name = "Value"` declarations.
    static func rawValues(in path: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: #"`?\w+`?\s*=\s*"(\w+)""#)
        return matches(regex, in: try caseDeclarations(in: path))
    }

    /// The names in `case a, b, c` declarations without raw values.
    static func caseNames(in path: String) throws -> [String] {
        try caseDeclarations(in: path).flatMap { line in
            line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.contains("=") && !$0.contains("(") }
        }
    }

    /// The text after `case` on each line that declares enum cases (not `switch` arms, which end in `:`).
    private static func caseDeclarations(in path: String) throws -> [String] {
        try source(path).components(separatedBy: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("case "), !trimmed.hasSuffix(":"), !trimmed.contains(": ") else { return nil }
            return String(trimmed.dropFirst(5))
        }
    }

    private static func matches(_ regex: NSRegularExpression, in lines: [String]) -> [String] {
        lines.flatMap { line in
            regex.matches(in: line, range: NSRange(line.startIndex..., in: line)).compactMap { match in
                Range(match.range(at: 1), in: line).map { String(line[$0]) }
            }
        }
    }
}
