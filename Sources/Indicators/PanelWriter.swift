import Foundation

/// Writes a panel as a tidy CSV that ``PanelLoader`` reads back to the same observations.
///
/// Columns: `region,indicator,year,period,value,unit,quality,source,note`, then every attribute name
/// in alphabetical order. Values are written with the shortest text that reads back to the same Double.
public enum PanelWriter {
    /// The fixed leading columns.
    public static let columns = ["region", "indicator", "year", "period", "value", "unit", "quality", "source", "note"]

    /// The CSV text of `panel`, header first, ending with a newline.
    public static func csv(_ panel: Panel) -> String {
        let attributeNames = Array(Set(panel.observations.flatMap(\.attributes.keys))).filter { !columns.contains($0) }.sorted()
        var rows: [[String]] = [columns + attributeNames]
        rows.reserveCapacity(panel.observations.count + 1)
        for observation in panel.observations {
            rows.append([
                observation.region, observation.indicator, String(observation.year), observation.period.label,
                NumberFormatting.plain(observation.value), observation.unit.code, observation.quality?.flag ?? "",
                observation.source, observation.note,
            ] + attributeNames.map { observation.attributes[$0] ?? "" })
        }
        return CSVText.lines(rows)
    }

    /// Writes `panel` to `url` as UTF-8 without BOM, replacing the file atomically.
    public static func write(_ panel: Panel, to url: URL) throws {
        try Data(csv(panel).utf8).write(to: url, options: .atomic)
    }
}

/// Number text for data files.
enum NumberFormatting {
    /// The shortest decimal text that reads back to `value`, without a trailing `.0`.
    static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// Minimal RFC 4180 writing: fields quoted when they contain a comma, quote, line break or edge spaces.
enum CSVText {
    static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func lines(_ rows: [[String]]) -> String {
        var text = ""
        for row in rows {
            text += row.map(field).joined(separator: ",")
            text += "\n"
        }
        return text
    }
}
