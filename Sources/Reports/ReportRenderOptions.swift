/// How a report is rendered, beyond its format.
public struct ReportRenderOptions: Sendable, Hashable {
    /// Whether the text format may use ANSI colour. The command line sets it
    /// only when stdout is a terminal and `NO_COLOR` is unset, so files and
    /// pipes never receive escape sequences.
    public var color: Bool

    /// Creates options; the defaults suit a file (no colour).
    public init(color: Bool = false) {
        self.color = color
    }
}
