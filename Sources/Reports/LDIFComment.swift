/// A `#` comment line for an LDIF output: one line, no control characters,
/// so a value cannot end the comment and start a forged record.
enum LDIFComment {
    static func line(_ text: String) -> [UInt8] {
        Array("# \(TerminalText.printable(text))\n".utf8)
    }
}
