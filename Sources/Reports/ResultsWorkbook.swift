import Foundation
import Scenarios

/// `results.xlsx`, written by `sunan run --xlsx`: the run's tables as the sheets of one workbook,
/// named in the report's language, with the same rows and digits as the CSV files.
public enum ResultsWorkbook {
    /// The sheets, in order: the overview (the first one shown, as `summary.md` opens: headed in
    /// `language`, counts whole), then gaps, cities, forecasts, plan versus actual and missing data with
    /// the rows and columns of their CSV files. Adding a table is one line.
    public static func sheets(_ run: ScenarioRun, names: NameBook, language: Language) -> [WorkbookSheet] {
        func name(_ english: String, _ chinese: String) -> String { language == .zh ? chinese : english }
        func sheet(_ english: String, _ chinese: String, _ table: TextTable) -> WorkbookSheet {
            WorkbookSheet(name: name(english, chinese), table: table, isPercent: isPercent)
        }
        return [
            TargetOverview(RunFacts(run, names: names)).sheet(name: name("overview", "总览"), names: names, language),
            sheet("gaps", "目标差距", ScenarioTables.gaps(run)),
            sheet("cities", "城市对比", CityComparison.table(run, names: names, language: language)),
            sheet("forecasts", "预测", ScenarioTables.forecasts(run)),
            sheet("plan-vs-actual", "计划与实际", ScenarioTables.planVersusActual(run)),
            sheet("missing-data", "缺失数据", ScenarioTables.missingData(run.missingData)),
        ]
    }

    /// The workbook's bytes.
    public static func data(_ run: ScenarioRun, names: NameBook, language: Language) throws -> Data {
        try WorkbookWriter.data(sheets(run, names: names, language: language))
    }

    /// Whether a result column holds fractions shown best as percentages: probabilities (`p_meet…`)
    /// and growth rates (`…_cagr`); `gap_pct` is already in percent and stays a number.
    public static func isPercent(_ column: String) -> Bool {
        column.hasPrefix("p_meet") || column.hasSuffix("_cagr")
    }
}
