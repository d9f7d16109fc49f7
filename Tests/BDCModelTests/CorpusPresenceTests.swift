import Foundation
import Testing
import TestSupport

@Suite struct BDCModelCorpusPresenceTests {
    @Test(.enabled(if: Corpus.enabled)) func corpusFolderIsThere() throws {
        let files = try Corpus.files(under: "bdcm", extensions: ["ldif", "csv", "bdcm", "json", "txt", "tsv"])
        #expect(!files.isEmpty)
    }
}
