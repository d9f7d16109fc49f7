import Foundation
import Testing
import TestSupport

@Suite struct DelimitedTextCorpusPresenceTests {
    @Test(.enabled(if: Corpus.enabled)) func corpusFolderIsThere() throws {
        let files = try Corpus.files(under: "csv", extensions: ["ldif", "csv", "bdcm", "json", "txt", "tsv"])
        #expect(!files.isEmpty)
    }
}
