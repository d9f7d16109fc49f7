/// Recursive-descent parser over `ExpressionLexer` tokens.
///
/// Precedence, loosest first (all binary operators are left-associative):
///
/// | level | operators                          |
/// |-------|------------------------------------|
/// | 1     | `\|\|`                             |
/// | 2     | `&&`                               |
/// | 3     | `=` `==` `<>` `!=` `<` `<=` `>` `>=` |
/// | 4     | `&` (concatenation)                |
/// | 5     | unary `!`, unary `-` (numbers)     |
///
/// so `[a] & "x" = "bx" && !IsPresent([b])` reads as
/// `(([a] & "x") = "bx") && (!IsPresent([b]))`.
struct ExpressionParser {
    private let tokens: [ExpressionToken]
    private var position = 0
    private var depth = 0
    private(set) var references: [AttributeReference] = []
    private var seen: Set<AttributeReference> = []

    /// Deep enough for any real mapping, shallow enough that a hostile
    /// `((((…` cannot exhaust the stack.
    private static let maximumDepth = 200

    init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        if case .end = current.kind {
            throw ExpressionError(column: 1, message: "empty expression")
        }
        let node = try parseOr()
        switch current.kind {
        case .end:
            return node
        case .rightParen:
            throw ExpressionError(column: current.column, message: "unexpected ')' without a matching '('")
        default:
            throw ExpressionError(column: current.column, message: "unexpected \(describe(current)) after the end of the expression")
        }
    }

    private var current: ExpressionToken { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var node = try parseAnd()
        while case .or = current.kind {
            advance()
            node = .or(node, try parseAnd())
        }
        return node
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var node = try parseComparison()
        while case .and = current.kind {
            advance()
            node = .and(node, try parseComparison())
        }
        return node
    }

    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        var node = try parseConcatenation()
        while case .comparison(let comparison) = current.kind {
            advance()
            node = .compare(comparison, node, try parseConcatenation())
        }
        return node
    }

    private mutating func parseConcatenation() throws(ExpressionError) -> ExpressionNode {
        var node = try parseUnary()
        while case .ampersand = current.kind {
            advance()
            node = .concatenate(node, try parseUnary())
        }
        return node
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionError(column: current.column, message: "expression is nested too deeply")
        }
        switch current.kind {
        case .not:
            advance()
            return .not(try parseUnary())
        case .minus:
            let column = current.column
            advance()
            switch current.kind {
            case .integer(let number):
                advance()
                return .literal(.integer(-number))
            case .double(let number):
                advance()
                return .literal(.double(-number))
            default:
                throw ExpressionError(column: column, message: "'-' must be followed by a number")
            }
        default:
            return try parsePrimary()
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .string(let text):
            advance()
            return .literal(.string(text))
        case .integer(let number):
            advance()
            return .literal(.integer(number))
        case .double(let number):
            advance()
            return .literal(.double(number))
        case .reference(let reference):
            advance()
            if seen.insert(reference).inserted { references.append(reference) }
            return .reference(reference)
        case .leftParen:
            advance()
            let node = try parseOr()
            guard case .rightParen = current.kind else {
                throw ExpressionError(column: token.column, message: "'(' is never closed")
            }
            advance()
            return node
        case .identifier(let name):
            advance()
            if case .leftParen = current.kind {
                return try parseCall(name: name, column: token.column)
            }
            switch name.lowercased() {
            case "true": return .literal(.boolean(true))
            case "false": return .literal(.boolean(false))
            case "null", "nothing": return .literal(.null)
            default:
                throw ExpressionError(
                    column: token.column,
                    message: "unknown name '\(name)' (attribute references are written in brackets, e.g. [\(name)])")
            }
        case .end:
            throw ExpressionError(column: token.column, message: "expression ends where a value was expected")
        default:
            throw ExpressionError(column: token.column, message: "expected a value, found \(describe(token))")
        }
    }

    private mutating func parseCall(name: String, column: Int) throws(ExpressionError) -> ExpressionNode {
        guard let function = ExpressionFunction.byLowercasedName[name.lowercased()] else {
            throw ExpressionError(column: column, message: "unknown function '\(name)'")
        }
        let open = current.column
        advance()  // (
        var arguments: [ExpressionNode] = []
        var columns: [Int] = []
        if case .rightParen = current.kind {
            advance()
        } else {
            argumentList: while true {
                columns.append(current.column)
                arguments.append(try parseOr())
                switch current.kind {
                case .comma:
                    advance()
                case .rightParen:
                    advance()
                    break argumentList
                case .end:
                    throw ExpressionError(column: open, message: "'(' of \(function.name) is never closed")
                default:
                    throw ExpressionError(
                        column: current.column, message: "expected ',' or ')' in \(function.name)(…), found \(describe(current))")
                }
            }
        }
        guard function.arity.contains(arguments.count) else {
            throw ExpressionError(
                column: column,
                message: "\(function.name) takes \(function.arityDescription), not \(arguments.count)")
        }
        if function == .switch, arguments.count % 2 != 0 {
            throw ExpressionError(
                column: column, message: "Switch takes a source, a default and key/value pairs; a key has no value")
        }
        let prepared = try PreparedCall.prepare(function, arguments, columns: columns)
        return .call(function, arguments, column: column, prepared: prepared)
    }

    private func describe(_ token: ExpressionToken) -> String {
        switch token.kind {
        case .reference(let reference): "attribute reference \(reference)"
        case .string: "a string"
        case .integer, .double: "a number"
        case .identifier(let name): "'\(name)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .ampersand: "'&'"
        case .and: "'&&'"
        case .or: "'||'"
        case .not: "'!'"
        case .minus: "'-'"
        case .comparison: "a comparison operator"
        case .end: "the end of the expression"
        }
    }
}
