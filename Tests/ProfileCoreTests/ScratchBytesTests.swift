@testable import ProfileCore
import TestSupport
import Testing

struct ScratchBytesTests {
    /// Random appends of bytes, single bytes and varints, across many growths
    /// and emptyings, against an array doing the same.
    @Test func appendsAgreeWithAnArray() {
        var rng = SeededGenerator(seed: 11)
        var scratch = ScratchBytes(capacity: 1)
        for round in 0..<200 {
            var reference: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<(round % 20 == 0 ? 400 : 40), using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    let bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    reference.append(contentsOf: bytes)
                    bytes.withUnsafeBufferPointer { scratch.append($0) }
                case 1:
                    let byte = UInt8.random(in: 0...255, using: &rng)
                    reference.append(byte)
                    scratch.append(byte)
                default:
                    let value = UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0..<64, using: &rng)
                    DirectoryEntry.appendVarint(value, to: &reference)
                    scratch.appendVarint(value)
                }
            }
            #expect(scratch.count == reference.count)
            // Where they first differ, not the whole round's bytes, when they do.
            let firstDifference = scratch.withBytes { bytes in zip(bytes, reference).enumerated().first { $1.0 != $1.1 }?.offset }
            #expect(firstDifference == nil, "round \(round)")
            scratch.removeAll()
            #expect(scratch.count == 0)
        }
    }

    /// An empty buffer pointer (no base address) appends nothing.
    @Test func emptyAppendIsNothing() {
        var scratch = ScratchBytes()
        scratch.append(UnsafeBufferPointer(start: nil, count: 0))
        #expect(scratch.withBytes { Array($0) } == [])
    }

    /// Reserving makes the room asked for in one step, keeping the bytes;
    /// appends then fill it without growing, and asking for less keeps it.
    @Test func reservingMakesRoomInOneStep() {
        var scratch = ScratchBytes(capacity: 16)
        let head: [UInt8] = Array(0..<10)
        head.withUnsafeBufferPointer { scratch.append($0) }
        scratch.reserve(10_000)
        #expect(scratch.capacity == 10_000)
        #expect(scratch.withBytes { Array($0) } == head)
        var reference = head
        while reference.count < 10_000 {
            let byte = UInt8(truncatingIfNeeded: reference.count * 7)
            reference.append(byte)
            scratch.append(byte)
        }
        #expect(scratch.capacity == 10_000)
        #expect(scratch.withBytes { Array($0) } == reference)
        scratch.reserve(100)
        #expect(scratch.capacity == 10_000)
        scratch.append(1)
        #expect(scratch.capacity == 20_000)
    }
}
