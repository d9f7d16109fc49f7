import Foundation
import Testing

@testable import ProfileCore

/// The byte-level split of multi-value properties must give exactly the
/// pieces of the general character split with Foundation's trimming.
@Suite struct MultiValueSplitTests {
    static func general(_ text: String, _ separator: String) -> [String] {
        text.split(separator: separator, omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    @Test(arguments: [
        ("Java; SQL ;;  Go\t", ";"), ("", ";"), (";;", ";"), (" ; \t ;", ";"), ("one", ";"), ("a,b , c", ","),
        ("a|b||c", "|"), ("Zoë; Ångström", ";"), ("a\u{00A0};b", ";"), (";\u{0301}a;b", ";"), ("a\r\nb", "\n"),
        ("a\nb", "\n"), ("a, b", ", "), ("a;b", "ab"), ("x\u{3000};y", ";"),
    ])
    func agreesWithTheGeneralSplit(_ text: String, _ separator: String) {
        #expect(MultiValueSplit.pieces(of: text, separator: separator) == Self.general(text, separator))
    }

    /// Random texts over an alphabet of separators, blanks (ASCII and not),
    /// line ends and letters that combine with what precedes them.
    @Test func agreesOnRandomTexts() {
        let alphabet: [String] = [";", ",", "|", " ", "\t", "\r", "\n", "a", "B", "7", "é", "\u{00A0}", "\u{0301}", "\u{3000}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5000 {
            let ascii = next(2) == 0
            let length = next(14)
            var text = ""
            for _ in 0..<length { text += alphabet[next(ascii ? 10 : alphabet.count)] }
            for separator in [";", ",", "|", "\n", "\t"] {
                #expect(
                    MultiValueSplit.pieces(of: text, separator: separator) == Self.general(text, separator),
                    "\(text.debugDescription) split on \(separator.debugDescription)")
            }
        }
    }
}
