/// Counts conformance vectors run and skipped, by named rule, so a test can
/// assert exactly how many were run and why the others were not.
struct VectorTally: CustomStringConvertible {
    private(set) var ran = 0
    private(set) var skipped: [String: Int] = [:]

    mutating func run() { ran += 1 }
    mutating func skip(_ rule: String) { skipped[rule, default: 0] += 1 }

    var description: String {
        "ran \(ran); skipped " + skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
}
