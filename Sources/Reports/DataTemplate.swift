import Foundation
import Indicators
import Scenarios

/// The fill-in sheet of a scenario's missing data, written by `sunan template`: a data file in the
/// data contract (the DataFiles article of `Scenarios`) with one row per series and year a planner
/// must supply and the value left empty.
///
/// Columns: `region,indicator,year,value,unit,source` — what the panel loader reads, the value and the
/// source for the planner to fill — then `region_zh` and `indicator_zh` (the Chinese names, for the
/// reader; the loader keeps them as attributes and names the region by `region_zh`) and `note` (the
/// target ids the series unlocks, in the chosen language). Filled in and added to the scenario's
/// `data:`, the rows make those targets tested on the next run; rows still empty are read as missing.
public enum DataTemplate {
    /// The columns, in order.
    public static let columns = ["region", "indicator", "year", "value", "unit", "source", "region_zh", "indicator_zh", "note"]

    /// The sheet of `requests` (`MissingDataEntry.requests(_:)`): their rows in order, one per year.
    public static func table(_ requests: [DataRequest], names: NameBook, language: Language) -> TextTable {
        let rows = requests.flatMap { request in
            let note = language == .zh ? "补齐后可测算：" + request.targetIDs.joined(separator: "、")
                                       : "unlocks " + request.targetIDs.joined(separator: " ")
            return request.years.map { year in
                [request.region, request.indicator, String(year), "", request.unit, "", names.region(request.region, .zh),
                 names.indicator(request.indicator, .zh), note]
            }
        }
        return TextTable(header: columns, rows: rows, rightAligned: [2, 3])
    }

    /// The sheet as CSV text (UTF-8, header first, ending with a newline).
    public static func csv(_ requests: [DataRequest], names: NameBook, language: Language) -> String {
        table(requests, names: names, language: language).csv()
    }

    /// The sheet as an Excel workbook of one sheet (`待填数据` or `fill-in`): years as whole numbers,
    /// the empty value cells formatted as numbers, the header frozen.
    /// - Throws: ``WorkbookWriterError`` and ZIP errors, as ``WorkbookWriter/data(_:)``.
    public static func workbook(_ requests: [DataRequest], names: NameBook, language: Language) throws -> Data {
        let table = table(requests, names: names, language: language)
        let formats: [WorkbookColumnFormat] = [.text, .text, .integer, .decimal, .text, .text, .text, .text, .text]
        let sheet = WorkbookSheet(name: language == .zh ? "待填数据" : "fill-in", header: table.header, rows: table.rows, formats: formats)
        return try WorkbookWriter.data([sheet])
    }
}
