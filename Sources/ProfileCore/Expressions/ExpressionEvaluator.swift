import Foundation

/// Why one function call produced null instead of a value.
struct ExpressionFailure: Error {
    var message: String
}

extension Expression {
    /// Evaluates the expression against one profile's attributes. Never traps:
    /// a runtime problem (a non-number given to `CNum`, an index out of range,
    /// bytes that are no GUID) makes that call's value null and adds a warning.
    public func evaluate(in context: ExpressionContext) -> ExpressionResult {
        var evaluator = ExpressionEvaluator(resolve: context.resolve)
        let value = evaluator.evaluate(root)
        return ExpressionResult(value: value, warnings: evaluator.warnings)
    }
}

/// Walks the tree once per profile.
///
/// Null rules: `&` treats null as empty text; scalar functions given null
/// return null; `IIF`, `Coalesce` and `Switch` evaluate only the branch they
/// pick.
struct ExpressionEvaluator {
    let resolve: (AttributeReference) -> [AttributeValue]
    var warnings: [String] = []

    mutating func evaluate(_ node: ExpressionNode) -> ExpressionValue {
        switch node {
        case .literal(let value):
            return value
        case .reference(let reference):
            return ExpressionValue(resolve(reference))
        case .not(let operand):
            return .boolean(!evaluate(operand).isTrue)
        case .and(let left, let right):
            return .boolean(evaluate(left).isTrue && evaluate(right).isTrue)
        case .or(let left, let right):
            return .boolean(evaluate(left).isTrue || evaluate(right).isTrue)
        case .concatenate(let left, let right):
            return Self.concatenate(evaluate(left), evaluate(right))
        case .compare(let comparison, let left, let right):
            return .boolean(ExpressionComparison.holds(comparison, evaluate(left), evaluate(right)))
        case .call(let function, let arguments, let column, let prepared):
            return call(function, arguments, column: column, prepared: prepared)
        }
    }

    /// A list on either side concatenates per value (both lists: every
    /// pairing, left-major).
    static func concatenate(_ left: ExpressionValue, _ right: ExpressionValue) -> ExpressionValue {
        if case .list(let items) = left {
            return .list(items.map { concatenate($0, right) }.flatMap(\.flattened))
        }
        if case .list(let items) = right {
            return .list(items.map { concatenate(left, $0) }.flatMap(\.flattened))
        }
        return .string((left.stringForm ?? "") + (right.stringForm ?? ""))
    }

    private mutating func call(
        _ function: ExpressionFunction, _ arguments: [ExpressionNode], column: Int, prepared: PreparedCall?
    ) -> ExpressionValue {
        switch function {
        case .iif:
            return evaluate(arguments[evaluate(arguments[0]).isTrue ? 1 : 2])
        case .coalesce:
            for argument in arguments {
                let value = evaluate(argument)
                if !value.isNullOrEmpty { return value }
            }
            return .null
        case .switch:
            return switchValue(arguments)
        default:
            break
        }
        var values: [ExpressionValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(evaluate(argument)) }

        if function.mapsOverFirstArgument {
            switch values[0] {
            case .null:
                return .null
            case .list(let items):
                var results: [ExpressionValue] = []
                results.reserveCapacity(items.count)
                for item in items {
                    values[0] = item
                    let result = apply(function, values, column: column, prepared: prepared)
                    if case .list(let nested) = result { results.append(contentsOf: nested) } else { results.append(result) }
                }
                return .list(results)
            default:
                break
            }
        }
        return apply(function, values, column: column, prepared: prepared)
    }

    /// `Switch(source, default, key1, value1, …)`: keys compare like `=`; a
    /// multi-valued source switches per value.
    private mutating func switchValue(_ arguments: [ExpressionNode]) -> ExpressionValue {
        let source = evaluate(arguments[0])
        if case .list(let items) = source {
            return .list(items.map { switchOne($0, arguments) })
        }
        return switchOne(source, arguments)
    }

    private mutating func switchOne(_ source: ExpressionValue, _ arguments: [ExpressionNode]) -> ExpressionValue {
        var index = 2
        while index + 1 < arguments.count {
            if ExpressionComparison.equal(source, evaluate(arguments[index])) {
                return evaluate(arguments[index + 1])
            }
            index += 2
        }
        return evaluate(arguments[1])
    }

    private mutating func apply(
        _ function: ExpressionFunction, _ values: [ExpressionValue], column: Int, prepared: PreparedCall?
    ) -> ExpressionValue {
        do {
            return try ExpressionFunctions.apply(function, values, prepared: prepared)
        } catch {
            warnings.append("\(function.name) at column \(column): \(error.message)")
            return .null
        }
    }
}

/// Dispatches a resolved function to its implementation; the families live in
/// `ExpressionFunctions+*.swift`.
enum ExpressionFunctions {
    static func apply(
        _ function: ExpressionFunction, _ values: [ExpressionValue], prepared: PreparedCall? = nil
    ) throws(ExpressionFailure) -> ExpressionValue {
        // Scalar functions were given null or list first arguments already
        // handled by the evaluator; list functions handle them themselves.
        let first = values[0]
        switch function {
        case .trim: return .string(trim(try text(first)))
        case .lCase: return .string(try text(first).lowercased())
        case .uCase: return .string(try text(first).uppercased())
        case .pCase: return .string(properCase(try text(first)))
        case .left: return .string(left(try text(first), try integer(values[1])))
        case .right: return .string(right(try text(first), try integer(values[1])))
        case .mid: return .string(try mid(try text(first), try integer(values[1]), try integer(values[2])))
        case .len: return .integer(Int64(try text(first).count))
        case .inStr: return .integer(try inStr(values))
        case .replace: return .string(replace(try text(first), try text(values[1]), try text(values[2])))
        case .replaceChars:
            if case .replacementTable(let table) = prepared { return .string(replaceChars(try text(first), table)) }
            return .string(replaceChars(try text(first), try replacementTable(try text(values[1]))))
        case .word: return .string(word(try text(first), try integer(values[1]), try text(values[2])))
        case .normalizeDiacritics: return .string(normalizeDiacritics(try text(first)))
        case .split: return split(first, values[1])
        case .join: return join(values)
        case .item: return try item(first, try integer(values[1]))
        case .count: return .integer(Int64(first.flattened.count))
        case .contains: return try contains(values)
        case .removeDuplicates: return removeDuplicates(first)
        case .primarySmtp: return primarySmtp(first)
        case .isPresent: return .boolean(!first.isNullOrEmpty)
        case .isNullOrEmpty: return .boolean(first.isNullOrEmpty)
        case .isBitSet: return .boolean(isBitSet(try integer(first), try integer(values[1])))
        case .bitAnd: return .integer(try integer(first) & (try integer(values[1])))
        case .dnComponent: return try dnComponent(try text(first), try integer(values[1]), fromRight: false, skipDC: false)
        case .dnComponentRev:
            return try dnComponent(
                try text(first), try integer(values[1]), fromRight: true,
                skipDC: values.count > 2 ? try dcOption(values[2]) : false)
        case .escapeDNComponent: return .string(escapeDNComponent(try text(first)))
        case .stringFromGuid: return .string(try stringFromGuid(first))
        case .stringFromSid: return .string(try stringFromSid(first))
        case .dateFromNum: return try dateFromNum(first)
        case .formatDateTime:
            var input: DateTimePattern?
            var output: DateTimePattern?
            if case .dateFormats(let preparedInput, let preparedOutput) = prepared {
                input = preparedInput
                output = preparedOutput
            }
            if input == nil { input = DateTimePattern(try text(values[1])) }
            if output == nil { output = DateTimePattern(try text(values[2])) }
            guard let input, let output else { return .null }
            return .string(try formatDateTime(try text(first), input, output))
        case .cDate: return .string(try cDate(try text(first)))
        case .cNum: return try cNum(first)
        case .cStr: return first.stringForm.map(ExpressionValue.string) ?? .null
        case .convertFromBase64: return .string(try convertFromBase64(try text(first), values.count > 1 ? try text(values[1]) : "UTF8"))
        case .iif, .coalesce, .switch:
            // Evaluated lazily by the evaluator; never dispatched here.
            return .null
        }
    }

    /// Text arguments: strings as they are, numbers and booleans in their
    /// string form, bytes as base64. Null has no text.
    static func text(_ value: ExpressionValue) throws(ExpressionFailure) -> String {
        switch value {
        case .null: throw ExpressionFailure(message: "expected text, got null")
        case .list: throw ExpressionFailure(message: "expected a single value, got a list")
        default: return value.stringForm ?? ""
        }
    }

    /// Integer arguments: integers, integral doubles, booleans (1/0) and
    /// decimal text (AD writes flags this way).
    static func integer(_ value: ExpressionValue) throws(ExpressionFailure) -> Int64 {
        switch value {
        case .integer(let number): return number
        case .boolean(let flag): return flag ? 1 : 0
        case .double(let number):
            if number == number.rounded(), let exact = Int64(exactly: number) { return exact }
            throw ExpressionFailure(message: "\(ExpressionValue.format(number)) is not an integer")
        case .string(let text):
            if let number = Int64(text.trimmingCharacters(in: .whitespaces)) { return number }
            throw ExpressionFailure(message: "'\(text)' is not an integer")
        case .null: throw ExpressionFailure(message: "expected an integer, got null")
        case .bytes: throw ExpressionFailure(message: "expected an integer, got bytes")
        case .list: throw ExpressionFailure(message: "expected a single integer, got a list")
        }
    }
}
