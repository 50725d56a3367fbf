import Scenarios
import SunanTestSupport
import Testing

/// The codes of the result vocabulary are the words `gaps.csv`, `forecasts.csv` and `results.json`
/// write (see the Outputs article), which scripts rely on.
@Suite(.tags(.specification)) struct ResultVocabularyTests {
    @Test func statusCodesAreTheWordsOfGapsCSV() {
        #expect(TargetStatus.allCases.map(\.rawValue) == [
            "achieved", "missed", "likely", "probable", "at risk", "unlikely", "no data", "outside horizon", "unit mismatch",
        ])
        #expect(TargetPace.allCases.map(\.rawValue) == [
            "already met", "on track", "acceleration needed", "limited progress", "deterioration", "no history",
        ])
    }

    @Test func kindCodesAreTheWordsOfTheFiles() {
        #expect(SeriesKind.allCases.map(\.rawValue) == ["projected", "derived", "sum", "driver"])
        #expect(ProvenanceKind.allCases.map(\.rawValue) == ["data", "model", "elasticity", "factor", "share", "allocation"])
    }

    @Test(arguments: [
        (ProvenanceSubject.series(region: "Jiangsu", indicator: "gdp"), "Jiangsu/gdp"),
        (.driver(region: "Jiangsu", indicator: "budget"), "Jiangsu/budget (driver)"),
        (.elasticity(outcome: "contracts", driver: "budget", lag: 1, value: 0.3, standardError: 0.1), "contracts ← budget"),
        (.factor(name: "Sunan share of Jiangsu", value: 0.93, standardError: 0.03), "Sunan share of Jiangsu"),
        (.share(region: "Nanjing", zone: "Sunan", share: 0.34, relativeError: 0.1, basis: "observed"), "Nanjing share of Sunan"),
        (.share(region: "Nanjing", zone: nil, share: 0.34, relativeError: 0.1, basis: "observed"), "Nanjing share of zone"),
        (.allocation(targetID: "Z2020-contract-value", region: "Nanjing"), "Z2020-contract-value/Nanjing"),
    ])
    func subjectCodesAreTheTextOfResultsJSON(subject: ProvenanceSubject, code: String) {
        #expect(subject.code == code)
    }
}
