/// One attribute of one connection that a property reads: `contoso.department`.
///
/// The default properties read "whichever directory connection the profile came
/// from"; they use the connection name ``eachDirectoryConnection`` (`*`), which
/// no configured connection can have (names start with a letter).
public struct SourceReference: Sendable, Hashable, CustomStringConvertible {
    /// The connection name that stands for the profile's own directory connection.
    public static let eachDirectoryConnection = "*"

    /// Which of an attribute's values a reference delivers.
    public enum Selection: String, Sendable, Hashable {
        /// Every value, as the source has it.
        case values
        /// From `proxyAddresses`, the primary SMTP address: the value whose
        /// prefix is upper-case `SMTP:`, without the prefix (how Exchange marks
        /// the primary address; secondary ones are written `smtp:`).
        case primarySMTPAddress
    }

    /// The connection's name, or ``eachDirectoryConnection``.
    public var connection: String
    /// The attribute (directory) or field (business data) name as written.
    public var attribute: String
    /// Which values to take; ``Selection/values`` for everything a file can write.
    public var selection: Selection
    /// True when the file wrote only `attr` and the loader supplied the single
    /// directory connection.
    public var connectionImplied: Bool

    public init(
        connection: String, attribute: String, selection: Selection = .values, connectionImplied: Bool = false
    ) {
        self.connection = connection
        self.attribute = attribute
        self.selection = selection
        self.connectionImplied = connectionImplied
    }

    /// Whether the reference follows the profile's own directory connection.
    public var isEachDirectoryConnection: Bool { connection == Self.eachDirectoryConnection }

    /// `conn.attr` (`*.attr` for defaults), with `[primary SMTP]` for that selection.
    public var description: String {
        let base = "\(connection).\(attribute)"
        switch selection {
        case .values: return base
        case .primarySMTPAddress: return "\(base)[primary SMTP]"
        }
    }
}
