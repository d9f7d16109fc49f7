/// ANSI SGR styling for terminal output, or nothing at all.
///
/// Every styled piece goes through one value so that colour is a single
/// decision per output: either every escape sequence is written or none is.
public struct TerminalStyle: Sendable {
    /// Whether escape sequences are written.
    public let enabled: Bool

    /// Creates a style that colours only when `enabled`.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Colour on a terminal unless the user opted out (https://no-color.org:
    /// any non-empty `NO_COLOR` disables it).
    public static func wantsColor(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The SGR attributes this tool uses.
    public enum Attribute: String, Sendable {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
    }

    /// `text` wrapped in the attribute's escape sequence when enabled.
    public func apply(_ attribute: Attribute, _ text: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(attribute.rawValue)m\(text)\u{1B}[0m"
    }
}
