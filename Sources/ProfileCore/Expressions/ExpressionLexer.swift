import Foundation

/// One lexical token with the 1-based column where it starts.
struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case reference(AttributeReference)
        case string(String)
        case integer(Int64)
        case double(Double)
        case identifier(String)
        case leftParen, rightParen, comma
        case ampersand, and, or, not, minus
        case comparison(ComparisonOperator)
        case end
    }

    var kind: Kind
    var column: Int
}

/// Splits expression text into tokens.
///
/// String literals are double-quoted; a doubled quote (`""`) stands for one
/// quote. Backslash is an ordinary character, so `"CONTOSO\" & [sAMAccountName]`
/// means what it says — account names are the common case, `\"` is not.
enum ExpressionLexer {
    static func tokens(of text: String) throws(ExpressionError) -> [ExpressionToken] {
        let characters = Array(text)
        var tokens: [ExpressionToken] = []
        var index = 0

        func peek(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
                continue
            }
            switch character {
            case "[":
                var end = index + 1
                while end < characters.count, characters[end] != "]" {
                    if characters[end] == "[" || characters[end].isNewline {
                        throw ExpressionError(column: column, message: "unterminated attribute reference '['")
                    }
                    end += 1
                }
                guard end < characters.count else {
                    throw ExpressionError(column: column, message: "unterminated attribute reference '['")
                }
                let reference = try Self.reference(String(characters[(index + 1)..<end]), column: column)
                tokens.append(ExpressionToken(kind: .reference(reference), column: column))
                index = end + 1
            case "]":
                throw ExpressionError(column: column, message: "unexpected ']' without a matching '['")
            case "\"":
                var value = ""
                var end = index + 1
                var closed = false
                while end < characters.count {
                    if characters[end] == "\"" {
                        if end + 1 < characters.count, characters[end + 1] == "\"" {
                            value.append("\"")
                            end += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    value.append(characters[end])
                    end += 1
                }
                guard closed else {
                    throw ExpressionError(column: column, message: "unterminated string literal")
                }
                tokens.append(ExpressionToken(kind: .string(value), column: column))
                index = end + 1
            case "(": tokens.append(ExpressionToken(kind: .leftParen, column: column)); index += 1
            case ")": tokens.append(ExpressionToken(kind: .rightParen, column: column)); index += 1
            case ",": tokens.append(ExpressionToken(kind: .comma, column: column)); index += 1
            case "-": tokens.append(ExpressionToken(kind: .minus, column: column)); index += 1
            case "&":
                if peek(1) == "&" {
                    tokens.append(ExpressionToken(kind: .and, column: column)); index += 2
                } else {
                    tokens.append(ExpressionToken(kind: .ampersand, column: column)); index += 1
                }
            case "|":
                guard peek(1) == "|" else {
                    throw ExpressionError(column: column, message: "expected '||', found a single '|'")
                }
                tokens.append(ExpressionToken(kind: .or, column: column)); index += 2
            case "!":
                if peek(1) == "=" {
                    tokens.append(ExpressionToken(kind: .comparison(.notEqual), column: column)); index += 2
                } else {
                    tokens.append(ExpressionToken(kind: .not, column: column)); index += 1
                }
            case "=":
                tokens.append(ExpressionToken(kind: .comparison(.equal), column: column))
                index += peek(1) == "=" ? 2 : 1
            case "<":
                switch peek(1) {
                case ">": tokens.append(ExpressionToken(kind: .comparison(.notEqual), column: column)); index += 2
                case "=": tokens.append(ExpressionToken(kind: .comparison(.lessOrEqual), column: column)); index += 2
                default: tokens.append(ExpressionToken(kind: .comparison(.less), column: column)); index += 1
                }
            case ">":
                if peek(1) == "=" {
                    tokens.append(ExpressionToken(kind: .comparison(.greaterOrEqual), column: column)); index += 2
                } else {
                    tokens.append(ExpressionToken(kind: .comparison(.greater), column: column)); index += 1
                }
            default:
                if character.isASCII, character.isNumber {
                    var end = index
                    while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                    var isDecimal = false
                    if end + 1 < characters.count, characters[end] == ".",
                        characters[end + 1].isASCII, characters[end + 1].isNumber
                    {
                        isDecimal = true
                        end += 1
                        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                    }
                    let literal = String(characters[index..<end])
                    if isDecimal, let number = Double(literal) {
                        tokens.append(ExpressionToken(kind: .double(number), column: column))
                    } else if !isDecimal, let number = Int64(literal) {
                        tokens.append(ExpressionToken(kind: .integer(number), column: column))
                    } else {
                        throw ExpressionError(column: column, message: "number \(literal) is out of range")
                    }
                    index = end
                } else if character.isLetter || character == "_" {
                    var end = index
                    while end < characters.count,
                        characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                    {
                        end += 1
                    }
                    tokens.append(ExpressionToken(kind: .identifier(String(characters[index..<end])), column: column))
                    index = end
                } else {
                    throw ExpressionError(column: column, message: "unexpected character '\(character)'")
                }
            }
        }
        tokens.append(ExpressionToken(kind: .end, column: characters.count + 1))
        return tokens
    }

    /// `conn.attr` or `attr`; the connection ends at the first dot. Attribute
    /// names keep any character but brackets (CSV headers may hold spaces),
    /// trimmed at both ends.
    private static func reference(_ body: String, column: Int) throws(ExpressionError) -> AttributeReference {
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw ExpressionError(column: column, message: "empty attribute reference '[]'")
        }
        guard let dot = trimmed.firstIndex(of: ".") else {
            return AttributeReference(connection: nil, attribute: trimmed)
        }
        let connection = trimmed[..<dot].trimmingCharacters(in: .whitespaces)
        let attribute = trimmed[trimmed.index(after: dot)...].trimmingCharacters(in: .whitespaces)
        guard !connection.isEmpty, !attribute.isEmpty else {
            throw ExpressionError(
                column: column, message: "attribute reference '[\(body)]' needs both a connection and an attribute around '.'")
        }
        return AttributeReference(connection: connection, attribute: attribute)
    }
}
