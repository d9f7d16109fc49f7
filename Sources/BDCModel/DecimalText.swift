/// Reads a .NET Decimal as invariant-culture text (`-12.50`, `+3`, `.5`) and
/// writes it canonically: no `+`, no leading zeros, no trailing fractional
/// zeros, no `-0`. Exponents and group separators are refused, as
/// `decimal.Parse(s, CultureInfo.InvariantCulture)` refuses them by default.
enum DecimalText {
    /// .NET's largest Decimal, 2^96 − 1.
    private static let maximumIntegerPart = "79228162514264337593543950335"

    enum Failure: Error { case notDecimal, outOfRange }

    static func canonical(_ text: String) -> Result<String, Failure> {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let pieces = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = pieces[0]
        var fraction = pieces.count > 1 ? pieces[1] : ""
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard isDigits(integer), isDigits(fraction), !(integer.isEmpty && fraction.isEmpty) else {
            return .failure(.notDecimal)
        }
        while integer.first == "0" { integer = integer.dropFirst() }
        while fraction.last == "0" { fraction = fraction.dropLast() }
        if integer.count > maximumIntegerPart.count
            || (integer.count == maximumIntegerPart.count && integer > maximumIntegerPart)
        {
            return .failure(.outOfRange)
        }
        var result = integer.isEmpty ? "0" : String(integer)
        if !fraction.isEmpty { result += ".\(fraction)" }
        if negative && result != "0" { result = "-" + result }
        return .success(result)
    }
}
