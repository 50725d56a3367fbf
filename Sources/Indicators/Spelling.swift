/// "Did you mean" help for names typed by hand (keys, regions, indicators, units, models): edit
/// distances, the closest candidate, candidates ordered by closeness and the question itself.
///
/// Distances count characters, not bytes, and ignore case, so they work for Chinese names as well.
public enum Spelling {
    /// The optimal-string-alignment Damerau–Levenshtein distance between `a` and `b` (insertions,
    /// deletions, substitutions and transpositions of adjacent characters), ignoring case.
    /// - Returns: the number of edits, from 0 (the same up to case) to the longer length.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { best = min(best, previous2[j - 2] + 1) }
                current[j] = best
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }

    /// `text` without case, `_`, `-` and spaces, so `horizon_year` matches `horizonYear`.
    private static func folded(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// The candidate closest to `text` when it is close enough to be a likely misspelling: the same
    /// letters up to case, `_` and `-`, or a Damerau–Levenshtein distance of at most 2 (1 for names of up
    /// to 3 letters, and never the whole word).
    /// - Returns: that candidate (the first of equally close ones), or nil when none is close.
    public static func suggestion(for text: String, among candidates: [String]) -> String? {
        let target = folded(text)
        if let same = candidates.first(where: { folded($0) == target }) { return same }
        let limit = min(text.count <= 3 ? 1 : 2, max(0, text.count - 1))
        let ranked = candidates.map { ($0, distance(text, $0)) }.filter { $0.1 <= limit }
        return ranked.min { $0.1 < $1.1 }?.0
    }

    /// The candidates that contain `text` or are contained in it, in their order: a short key typed
    /// for a longer one (`gdp` for `gdp_per_capita`), or a longer one for a shorter.
    public static func overlapping(_ text: String, among candidates: [String]) -> [String] {
        candidates.filter { $0.contains(text) || text.contains($0) }
    }

    /// `candidates` ordered from closest to `text` to farthest (ties keep their order).
    public static func rankedByCloseness(_ text: String, _ candidates: [String]) -> [String] {
        candidates.enumerated()
            .map { (offset: $0.offset, name: $0.element, distance: distance(text, $0.element)) }
            .sorted { ($0.distance, $0.offset) < ($1.distance, $1.offset) }
            .map(\.name)
    }

    /// At most `limit` of `candidates`, closest to `text` first, joined by commas, with "and N more"
    /// when some are left out: the list after "the data have 38 regions: ".
    public static func listing(_ candidates: [String], closestTo text: String, limit: Int = 40) -> String {
        let ranked = rankedByCloseness(text, candidates)
        var list = ranked.prefix(limit).joined(separator: ", ")
        if ranked.count > limit { list += " and \(ranked.count - limit) more" }
        return list
    }

    /// The question proposing `names`: "did you mean ‘gdp’?" or "did you mean ‘a’, ‘b’?".
    public static func didYouMean(_ names: [String]) -> String {
        "did you mean " + names.map { "‘\($0)’" }.joined(separator: ", ") + "?"
    }

    /// The question proposing `name`: "did you mean ‘gdp’?".
    public static func didYouMean(_ name: String) -> String { didYouMean([name]) }
}
