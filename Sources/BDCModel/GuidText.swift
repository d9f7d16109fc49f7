/// Reads a GUID as .NET's `Guid.Parse` accepts it in CSV extracts: 32 hex
/// digits, with or without the four hyphens, optionally in `{}` or `()`.
/// Writes lowercase `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`; nil otherwise.
enum GuidText {
    static func canonical(_ text: String) -> String? {
        var body = Substring(text)
        if (body.first == "{" && body.last == "}") || (body.first == "(" && body.last == ")") {
            body = body.dropFirst().dropLast()
        }
        let hyphenated = body.count == 36
        guard hyphenated || body.count == 32 else { return nil }
        var hex: [Character] = []
        for (offset, character) in body.enumerated() {
            if hyphenated && [8, 13, 18, 23].contains(offset) {
                guard character == "-" else { return nil }
                continue
            }
            guard character.isHexDigit, character.isASCII else { return nil }
            hex.append(Character(character.lowercased()))
        }
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }
        return groups.joined(separator: "-")
    }
}
