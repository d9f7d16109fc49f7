/// Why generation failed.
public enum GeneratorError: Error, CustomStringConvertible, Sendable {
    /// The options are not acceptable (see `GeneratorOptions.problem`).
    case invalidOptions(String)
    /// Generated files already exist and `force` was not given.
    case wouldOverwrite([String])
    /// A file or folder could not be created or written.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .invalidOptions(let message): message
        case .wouldOverwrite(let paths):
            "generate: refusing to overwrite \(paths.joined(separator: ", ")); use --force to replace them"
        case .io(let path, let message): "\(path): error: \(message)"
        }
    }
}
