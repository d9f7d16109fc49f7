import Diagnostics

/// Everything wrong with one configuration file, each problem at its line and
/// column, in file order. The loader reports all of them at once so that one
/// `profilesync check` shows every mistake.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One `file:line:column: error: message` line per problem.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
