import Diagnostics
import Yams

/// Turns a Yams/libyaml error into a located diagnostic.
enum YAMLErrorTranslation {
    static func diagnostic(for error: any Error, reader: ConfigurationReader, yaml: String) -> Diagnostic {
        let file = reader.file
        guard let yamlError = error as? YamlError else {
            return .error("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text))" } ?? ""
            return .error("invalid YAML: \(problem)\(while_)", at: reader.location(line: mark.line, characterColumn: mark.column))
        case .reader(let problem, let offset, _, _):
            return .error("invalid YAML: \(problem)", at: location(ofOffset: offset ?? 0, in: yaml, file: file))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let line = repeatedKey(key, after: context.mark, in: yaml) ?? context.mark.line
            let at = reader.location(line: line, characterColumn: context.mark.column)
            return .error("duplicate key '\(key)' (first written at line \(context.mark.line))", at: at)
        default:
            return .error("invalid YAML: \(yamlError)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// libyaml's reader reports an offset into the text; lines and byte columns are counted up to it.
    private static func location(ofOffset offset: Int, in yaml: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for character in yaml.unicodeScalars.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += String(character).utf8.count
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Yams names only the first occurrence of a duplicated key; the mistake
    /// is the repetition, so look for the key again at the same indentation
    /// further down (block style, the way configurations are written) and
    /// return its line.
    private static func repeatedKey(_ key: String, after first: Mark, in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line < lines.count else { return nil }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let line = lines[index].unicodeScalars
            let leading = line.prefix { $0 == " " }.count
            let blank = line.allSatisfy { $0 == " " || $0 == "\r" } || line.dropFirst(leading).first == "#"
            // A line indented less than the mapping ends it: the key was not repeated in block style.
            if leading < indent, !blank { return nil }
            guard leading == indent else { continue }
            let rest = String(String.UnicodeScalarView(line.dropFirst(indent)))
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling) {
                let after = rest.dropFirst(spelling.count).drop { $0 == " " }
                if after.first == ":" { return index + 1 }
            }
        }
        return nil
    }
}
