import Foundation
import Scenarios

/// `results.xlsx`, written by `sunan run --xlsx`: the run's tables as the sheets of one workbook,
/// named in the report's language, with the same rows and digits as the CSV files.
public enum ResultsWorkbook {
    /// The sheets, in order: gaps, cities, forecasts, plan versus actual. Adding a table is one line.
    public static func sheets(_ run: ScenarioRun, names: NameBook, language: Language) -> [WorkbookSheet] {
        func sheet(_ english: String, _ chinese: String, _ table: TextTable) -> WorkbookSheet {
            WorkbookSheet(name: language == .zh ? chinese : english, table: table, isPercent: isPercent)
        }
        return [
            sheet("gaps", "目标差距", ScenarioTables.gaps(run)),
            sheet("cities", "城市对比", CityComparison.table(run, names: names, language: language)),
            sheet("forecasts", "预测", ScenarioTables.forecasts(run)),
            sheet("plan-vs-actual", "计划与实际", ScenarioTables.planVersusActual(run)),
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
