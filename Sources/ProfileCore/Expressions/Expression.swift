/// A parsed mapping expression (DESIGN §3), Entra Connect style:
/// `IIF(IsPresent([contoso.mail]), LCase([contoso.mail]), PrimarySmtp([proxyAddresses]))`.
///
/// Parse once when the configuration loads, then evaluate per profile; the
/// tree holds resolved functions, so evaluation neither re-parses nor looks
/// names up.
public struct Expression: Sendable {
    /// The text the expression was parsed from.
    public private(set) var text: String
    /// Every attribute reference, in order of first appearance, without
    /// duplicates — for validating a configuration against its connections.
    public private(set) var references: [AttributeReference]
    let root: ExpressionNode

    /// Parses `text`; errors carry the 1-based column.
    public init(_ text: String) throws(ExpressionError) {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(of: text))
        self.root = try parser.parseExpression()
        self.text = text
        self.references = parser.references
    }
}

/// The parsed tree. Comparison and logical nodes keep no columns: only
/// function calls can fail at run time, and their warnings name the column.
indirect enum ExpressionNode: Sendable {
    case literal(ExpressionValue)
    case reference(AttributeReference)
    case not(ExpressionNode)
    case concatenate(ExpressionNode, ExpressionNode)
    case compare(ComparisonOperator, ExpressionNode, ExpressionNode)
    case and(ExpressionNode, ExpressionNode)
    case or(ExpressionNode, ExpressionNode)
    case call(ExpressionFunction, [ExpressionNode], column: Int, prepared: PreparedCall?)
}

enum ComparisonOperator: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}
