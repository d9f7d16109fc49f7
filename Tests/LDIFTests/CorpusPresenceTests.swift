import Foundation
import Testing
import TestSupport

@Suite struct LDIFCorpusPresenceTests {
    @Test(.enabled(if: Corpus.enabled)) func corpusFolderIsThere() throws {
        let files = try Corpus.files(under: "ldif", extensions: ["ldif", "csv", "bdcm", "json", "txt", "tsv"])
        #expect(!files.isEmpty)
    }
}
