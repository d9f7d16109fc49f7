@testable import LDIF
import TestSupport
import Testing

struct AppendedBytesTests {
    /// Random appends across many growths and emptyings, against an array
    /// doing the same.
    @Test func appendsAgreeWithAnArray() {
        var rng = SeededGenerator(seed: 23)
        var appended = AppendedBytes()
        for round in 0..<200 {
            var reference: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<(round % 20 == 0 ? 300 : 30), using: &rng) {
                let bytes = (0..<Int.random(in: 0..<400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                reference.append(contentsOf: bytes)
                bytes.withUnsafeBufferPointer { appended.append($0) }
            }
            #expect(appended.count == reference.count)
            #expect(appended.capacity >= appended.count)
            // Where they first differ, not the whole round's bytes, when they do.
            let firstDifference = appended.withUnsafeBufferPointer { bytes in
                bytes.count == reference.count ? zip(bytes, reference).enumerated().first { $1.0 != $1.1 }?.offset : -1
            }
            #expect(firstDifference == nil, "round \(round)")
            appended.removeAll()
            #expect(appended.count == 0)
        }
    }

    /// A copy keeps its bytes when the original appends over them after emptying.
    @Test func copiesAreValues() {
        var original = AppendedBytes()
        [1, 2, 3].withUnsafeBufferPointer { original.append($0) }
        let copy = original
        original.removeAll()
        [9, 9].withUnsafeBufferPointer { original.append($0) }
        #expect(copy.withUnsafeBufferPointer { Array($0) } == [1, 2, 3])
        #expect(original.withUnsafeBufferPointer { Array($0) } == [9, 9])
    }
}
