import Foundation

/// How many profiles one run may mark for deletion before it stops without
/// writing anything (`deletion.threshold`, DESIGN §4.1).
public enum DeletionThreshold: Sendable, Hashable, CustomStringConvertible {
    /// At most this many profiles (`threshold: 500`).
    case count(Int)
    /// At most this percentage of the profiles already in the store (`"5%"`), 0…100.
    case percent(Double)

    /// The largest number of profiles a run may mark, given how many profiles
    /// the store holds before the run.
    ///
    /// Percentages round down: a guard against mass deletion should err on
    /// the side of stopping (5% of 10 profiles allows none).
    public func limit(forExisting existing: Int) -> Int {
        switch self {
        case .count(let count):
            return count
        case .percent(let percent):
            return Int((Double(max(existing, 0)) * percent / 100).rounded(.down))
        }
    }

    /// `500` or `5%`, as the configuration writes it.
    public var description: String {
        switch self {
        case .count(let count): return String(count)
        case .percent(let percent):
            if percent == percent.rounded() { return "\(Int(percent))%" }
            return "\(percent)%"
        }
    }

    /// Parses `500`, `"500"` or `"5%"` / `"2.5%"`; nil with the reason otherwise.
    static func parse(_ text: String) -> Result<DeletionThreshold, ThresholdProblem> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            let number = trimmed.dropLast().trimmingCharacters(in: .whitespaces)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                let percent = Double(number)
            else { return .failure(.notANumber) }
            guard percent <= 100 else { return .failure(.percentAbove100) }
            return .success(.percent(percent))
        }
        guard let count = ConfigurationReader.parseInteger(trimmed), let value = Int(exactly: count) else {
            return .failure(.notANumber)
        }
        guard value >= 0 else { return .failure(.negative) }
        return .success(.count(value))
    }

    /// Why a threshold could not be read.
    enum ThresholdProblem: Error {
        case notANumber, negative, percentAbove100
    }
}
