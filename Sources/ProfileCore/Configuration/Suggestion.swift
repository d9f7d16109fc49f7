/// "Did you mean …?" hints for misspelt keys, values and names.
enum Suggestion {
    /// The candidate nearest to `word` by case-insensitive edit distance, when
    /// it is near enough to be a plausible typo (at most a third of the word's
    /// length, and at least 2 edits allowed so short words still get a hint);
    /// else the first candidate that `word` abbreviates (`multi` → `multiValue`).
    static func nearest(_ word: String, among candidates: [String]) -> String? {
        if let close = closest(word, among: candidates) { return close }
        let lowered = word.lowercased()
        guard lowered.count >= 3 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(lowered) && $0 != word }
    }

    private static func closest(_ word: String, among candidates: [String]) -> String? {
        let lowered = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            if distance < best?.distance ?? Int.max { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, word.count / 3), best.candidate != word else { return nil }
        return best.candidate
    }

    /// " (did you mean 'x'?)", or "" when nothing is near.
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        nearest(word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
