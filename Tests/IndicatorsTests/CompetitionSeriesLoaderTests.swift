import Foundation
import Indicators
import SunanTestSupport
import Testing

/// The forecasting-competition layout `series,t,value[,split]`: what is read, and every problem located by
/// file, line and column.
@Suite("CompetitionSeriesLoader", .tags(.specification))
struct CompetitionSeriesLoaderTests {
    /// Splits `text` as the CSV file `name` and reads it with the loader.
    static func read(_ text: String, name: String = "m1.csv") -> (series: [CompetitionSeries], issues: [String]) {
        let (document, csvIssues) = CSVDocument.read(DataFile(name: name, text: text))
        guard let document else { return ([], csvIssues.map(\.description)) }
        let (series, issues) = CompetitionSeriesLoader.read(document)
        return (series, issues.map(\.description))
    }

    @Test("the header decides the layout", arguments: [
        (["series", "t", "value"], true),
        (["Series", "T", "Value", "split"], true),
        (["series", "t", "value", "region"], false),
        (["region", "indicator", "year", "value"], false),
        (["series", "value"], false),
    ])
    func recognition(header: [String], expected: Bool) {
        #expect(CompetitionSeriesLoader.recognises(header) == expected)
    }

    @Test("train and test rows per series, in order of first appearance; other columns ignored")
    func trainAndTest() {
        let text = """
            series,t,value,split,note
            B,1,10,train,x
            A,1,1.5,train,
            B,2,11,train,
            A,2,2.5,TRAIN,
            B,3,12,test,
            A,3,3.5,test,
            A,4,4.5,test,

            """
        let (series, issues) = Self.read(text)
        #expect(issues.isEmpty)
        #expect(series == [
            CompetitionSeries(name: "B", trainingTimes: [1, 2], trainingValues: [10, 11], testTimes: [3], testValues: [12]),
            CompetitionSeries(name: "A", trainingTimes: [1, 2], trainingValues: [1.5, 2.5], testTimes: [3, 4], testValues: [3.5, 4.5]),
        ])
    }

    @Test("without a split column every row trains")
    func noSplit() {
        let (series, issues) = Self.read("series,t,value\nS1,1990,5\nS1,1991,6\nS1,1993,8\n")
        #expect(issues.isEmpty)
        #expect(series == [CompetitionSeries(name: "S1", trainingTimes: [1990, 1991, 1993], trainingValues: [5, 6, 8])])
    }

    @Test("every bad row is reported at its line and column, and no series is returned")
    func badRows() {
        let text = """
            series,t,value,split
            A,1,1,train
            A,1.5,2,train
            A,2,n/a,train
            A,3,inf,train
            A,4,4,validation
            A,2,5,train
            A,5,6,test
            A,5,7,test

            """
        let (series, issues) = Self.read(text)
        #expect(series.isEmpty)
        #expect(issues == [
            "m1.csv:3:2: error: t ‘1.5’ is not a whole number",
            "m1.csv:4:3: error: value ‘n/a’ is not a number: to mark a missing value leave the cell empty (an empty cell is missing, never zero)",
            "m1.csv:5:3: error: value ‘inf’ is not a number",
            "m1.csv:6:4: error: split ‘validation’ must be train or test",
            "m1.csv:9:2: error: series ‘A’: year 5 does not come after 5",
        ])
    }

    @Test("a t that goes back within the train part is located; train and test are ordered separately")
    func order() {
        let (series, issues) = Self.read("series,t,value,split\nA,1,1,train\nA,3,3,train\nA,2,2,train\nA,1,9,test\n")
        #expect(series.isEmpty)
        #expect(issues == ["m1.csv:4:2: error: series ‘A’: year 2 does not come after 3"])
        let (accepted, none) = Self.read("series,t,value,split\nA,5,1,test\nA,1,1,train\n")
        #expect(none.isEmpty)
        #expect(accepted.first?.testTimes == [5] && accepted.first?.trainingTimes == [1])
    }

    @Test("load(path:) reads a file, keeps the CSV warnings and refuses a panel header")
    func loadFromDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("competition-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.csv")
        try Data("series,t,value,\nA,1,2,x\nA,2,3,y\n".utf8).write(to: good)
        let loaded = try CompetitionSeriesLoader.load(path: good.path)
        #expect(loaded.series == [CompetitionSeries(name: "A", trainingTimes: [1, 2], trainingValues: [2, 3])])
        #expect(loaded.warnings.map(\.description) == ["\(good.path):1:4: warning: column 4 has no name in the header; its values are ignored"])
        let panel = folder.appendingPathComponent("panel.csv")
        try Data("region,indicator,year,value\nA,gdp,2017,1\n".utf8).write(to: panel)
        #expect {
            try CompetitionSeriesLoader.load(path: panel.path)
        } throws: { error in
            (error as? ValidationFailure)?.issues.map(\.location) == ["\(panel.path):1"]
        }
        #expect(throws: ValidationFailure.self) { try CompetitionSeriesLoader.load(path: folder.appendingPathComponent("none.csv").path) }
    }
}
