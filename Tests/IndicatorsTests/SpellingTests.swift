import Indicators
import SunanTestSupport
import Testing

/// The one "did you mean" helper, used by the scenario loader and `sunan compare`.
@Suite("Spelling", .tags(.specification))
struct SpellingTests {
    /// Optimal-string-alignment distances, checked by hand (a transposition of neighbours is one edit).
    @Test(.tags(.reference), arguments: [
        ("levle", "level", 1), ("horizonyear", "horizonYear", 0), ("kitten", "sitting", 3), ("", "abc", 3),
        ("abc", "", 3), ("ca", "abc", 3), ("南京", "南京市", 1), ("asOf", "asof", 0),
    ])
    func distanceCountsEdits(_ a: String, _ b: String, _ expected: Int) {
        #expect(Spelling.distance(a, b) == expected)
        #expect(Spelling.distance(b, a) == expected)
    }

    @Test(arguments: [
        ("horizon_year", "horizonYear"), ("Horizon-Year", "horizonYear"), ("asof", "asOf"), ("titel", "title"),
        ("projectoins", "projections"),
    ])
    func closeSpellingsAreSuggested(_ typed: String, _ expected: String) {
        let candidates = ["title", "asOf", "horizonYear", "projections", "scenarios"]
        #expect(Spelling.suggestion(for: typed, among: candidates) == expected)
    }

    @Test(arguments: ["colour", "ab", "x", "scenery"])
    func distantSpellingsAreNotSuggested(_ typed: String) {
        #expect(Spelling.suggestion(for: typed, among: ["title", "asOf", "horizonYear", "scenarios"]) == nil)
    }

    @Test func overlappingNamesContainOrAreContainedInTheText() {
        let indicators = ["gdp", "gdp_per_capita", "population", "rd_gdp_ratio"]
        #expect(Spelling.overlapping("gdp", among: indicators) == ["gdp", "gdp_per_capita", "rd_gdp_ratio"])
        #expect(Spelling.overlapping("population_total", among: indicators) == ["population"])
        #expect(Spelling.overlapping("wages", among: indicators).isEmpty)
    }

    @Test func listingPutsTheClosestFirstAndCountsTheRest() {
        let names = ["Beijing", "Nanjing", "Nantong", "Suzhou", "Wuxi"]
        #expect(Spelling.rankedByCloseness("Nanjng", names).prefix(2) == ["Nanjing", "Nantong"])
        #expect(Spelling.listing(names, closestTo: "Nanjng", limit: 2) == "Nanjing, Nantong and 3 more")
        #expect(Spelling.listing(names, closestTo: "Wuxi", limit: 5).hasPrefix("Wuxi, "))
    }

    @Test func theQuestionQuotesEveryName() {
        #expect(Spelling.didYouMean("gdp") == "did you mean ‘gdp’?")
        #expect(Spelling.didYouMean(["gdp", "gdp_per_capita"]) == "did you mean ‘gdp’, ‘gdp_per_capita’?")
    }
}
