import Foundation
@testable import ProfileCore
import TestSupport
import Testing

/// The size and SHA-256 a run records for each input file (DESIGN §4.1).
@Suite struct InputDigestTests {
    // FIPS 180-2's test vector.
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test func aFileHashedWholeMatchesTheKnownDigest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.url.appendingPathComponent("abc.txt").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        let digest = try InputDigest.sha256(path: path)
        #expect(digest.size == 3)
        #expect(digest.hex == Self.abc)
    }

    @Test func runningDigestIsTheSameHowEverTheBytesAreSplit() {
        let bytes = Array("abc".utf8)
        for cut in 0...bytes.count {
            let running = InputDigest.Running()
            bytes[..<cut].withUnsafeBytes { running.update($0) }
            bytes[cut...].withUnsafeBytes { running.update($0) }
            let digest = running.finish()
            #expect(digest.size == 3)
            #expect(digest.hex == Self.abc, "cut at \(cut)")
        }
        #expect(InputDigest.Running().finish() == (0, Self.empty))
    }

    @Test func runningDigestOfAFileMatchesHashingItWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        var rng = SeededGenerator(seed: 3)
        let bytes = (0..<(3 << 20) + 12_345).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let path = directory.url.appendingPathComponent("data.bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let running = InputDigest.Running()
        var offset = 0
        while offset < bytes.count {
            let next = min(bytes.count, offset + Int.random(in: 1...(1 << 20), using: &rng))
            bytes[offset..<next].withUnsafeBytes { running.update($0) }
            offset = next
        }
        let whole = try InputDigest.sha256(path: path)
        #expect(running.finish() == whole)
        #expect(whole.size == Int64(bytes.count))
    }
}
