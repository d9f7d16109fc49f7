import ProfileCore

/// Evaluates `text` against attributes keyed "attr" or "conn.attr".
func evaluateExpression(_ text: String, _ attributes: [String: [AttributeValue]] = [:]) throws -> ExpressionResult {
    let expression = try Expression(text)
    let context = ExpressionContext { reference in
        let key = reference.connection.map { "\($0).\(reference.attribute)" } ?? reference.attribute
        return attributes[key] ?? []
    }
    return expression.evaluate(in: context)
}

/// The value of `text`, failing the test on warnings.
func expressionValue(_ text: String, _ attributes: [String: [AttributeValue]] = [:]) throws -> ExpressionValue {
    let result = try evaluateExpression(text, attributes)
    guard result.warnings.isEmpty else { throw ExpressionTestFailure.warnings(result.warnings) }
    return result.value
}

enum ExpressionTestFailure: Error {
    case warnings([String])
}

/// The parse error of `text`, or nil when it parses.
func expressionError(_ text: String) -> ExpressionError? {
    do {
        _ = try Expression(text)
        return nil
    } catch {
        return error
    }
}
