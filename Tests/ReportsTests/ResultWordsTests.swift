import Reports
import Scenarios
import SunanTestSupport
import Testing

/// The words of the result vocabulary: both languages for every case, English as the files' codes
/// where the report shows the code, Chinese without Latin letters.
@Suite(.tags(.specification)) struct ResultWordsTests {
    static func isChinese(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0.isASCII && $0.isLetter }
    }

    @Test(arguments: TargetStatus.allCases)
    func statusWords(status: TargetStatus) {
        #expect(ResultWords.status(status, .en) == status.rawValue)
        #expect(Self.isChinese(ResultWords.status(status, .zh)), "\(status)")
    }

    @Test(arguments: TargetPace.allCases)
    func paceWords(pace: TargetPace) {
        #expect(ResultWords.pace(pace, .en) == pace.rawValue)
        #expect(Self.isChinese(ResultWords.pace(pace, .zh)), "\(pace)")
    }

    @Test(arguments: SeriesKind.allCases)
    func seriesKindWords(kind: SeriesKind) {
        #expect(!ResultWords.seriesKind(kind, .en).isEmpty)
        #expect(Self.isChinese(ResultWords.seriesKind(kind, .zh)), "\(kind)")
    }

    @Test(arguments: ProvenanceKind.allCases)
    func provenanceKindWords(kind: ProvenanceKind) {
        #expect(ResultWords.provenanceKind(kind, .en) == kind.rawValue)
        #expect(Self.isChinese(ResultWords.provenanceKind(kind, .zh)), "\(kind)")
    }

    @Test func distinctWordsInEachLanguage() {
        for language in Language.allCases {
            #expect(Set(TargetStatus.allCases.map { ResultWords.status($0, language) }).count == TargetStatus.allCases.count)
            #expect(Set(TargetPace.allCases.map { ResultWords.pace($0, language) }).count == TargetPace.allCases.count)
            #expect(Set(SeriesKind.allCases.map { ResultWords.seriesKind($0, language) }).count == SeriesKind.allCases.count)
            #expect(Set(ProvenanceKind.allCases.map { ResultWords.provenanceKind($0, language) }).count == ProvenanceKind.allCases.count)
        }
    }

    @Test func tonesColourProgressNotItsAbsence() {
        let tones = Dictionary(uniqueKeysWithValues: TargetStatus.allCases.map { ($0, ResultWords.tone($0)) })
        #expect(tones[.achieved] == .good && tones[.likely] == .good)
        #expect(tones[.probable] == .warning)
        #expect(tones[.missed] == .bad && tones[.atRisk] == .bad && tones[.unlikely] == .bad)
        #expect([.noData, .outsideHorizon, .unitMismatch].allSatisfy { tones[$0] == .neutral })
    }
}
