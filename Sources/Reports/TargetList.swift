import Indicators

/// `sunan targets` as text or Markdown: the plan's targets as a table (year, clause, scope, indicator,
/// threshold, unit, basis, id) under a title, then the targets' notes, in Chinese (simplified
/// characters; the plan's traditional wording only inside notes that quote it) or English.
public enum TargetList {
    /// The list of `targets` read from `source`, in `language`; `year` is the year they were selected
    /// by, if any; `markdown` gives a Markdown table and list instead of aligned text.
    public static func text(_ targets: [Target], names: NameBook, language: Language, source: String, year: Int?,
                            markdown: Bool) -> String {
        let zh = language == .zh
        let header = zh ? ["年份", "条款", "范围", "指标", "目标", "单位", "口径", "编号"]
            : ["year", "clause", "scope", "indicator", "target", "unit", "basis", "id"]
        let rows = targets.map { target in
            [String(target.year), String(target.clause), scope(target.scope, language), names.indicator(target.indicator, language),
             threshold(target.comparator), unit(target.unit.code, language), basis(target.basis, language), target.id]
        }
        let table = TextTable(header: header, rows: rows, rightAligned: [0, 1, 4])
        let title = zh ? (year.map { "\($0)年" } ?? "") + "规划目标（\(source)）：\(targets.count)项"
            : "Plan targets\(year.map { " for \($0)" } ?? "") (\(source)): \(targets.count)"
        let notes = targets.compactMap { target -> String? in
            let note = zh ? target.noteZh : target.note
            return note.isEmpty ? nil : target.id + (zh ? "：" : ": ") + note
        }
        let notesHeading = zh ? "说明：" : "Notes:"
        if markdown {
            var text = "**\(title)**\n\n" + table.markdown()
            if !notes.isEmpty { text += "\n\n\(notesHeading)\n\n" + notes.map { "- \($0)" }.joined(separator: "\n") }
            return text
        }
        var text = title + "\n\n" + table.plainText()
        if !notes.isEmpty { text += "\n\n\(notesHeading)\n" + notes.map { "  \($0)" }.joined(separator: "\n") }
        return text
    }

    /// Whom a target binds: 区域, 各市, 全部成员市; zone, each city, all cities.
    public static func scope(_ scope: TargetScope, _ language: Language) -> String {
        switch (scope, language) {
        case (.zone, .zh): return "区域"
        case (.eachCity, .zh): return "各市"
        case (.allCities, .zh): return "全部成员市"
        case (.zone, .en): return "zone"
        case (.eachCity, .en): return "each city"
        case (.allCities, .en): return "all cities"
        }
    }

    /// What a target constrains: 存量, 年度, 当年新增, 累计; stock, annual, new in year, cumulative.
    public static func basis(_ basis: TargetBasis, _ language: Language) -> String {
        switch (basis, language) {
        case (.stock, .zh): return "存量"
        case (.annual, .zh): return "年度"
        case (.newInYear, .zh): return "当年新增"
        case (.cumulative, .zh): return "累计"
        case (.stock, .en): return "stock"
        case (.annual, .en): return "annual"
        case (.newInYear, .en): return "new in year"
        case (.cumulative, .en): return "cumulative"
        }
    }

    /// The unit's name (``Localization/unitName(_:_:)``), or its code when it has none (`count` in English).
    static func unit(_ code: String, _ language: Language) -> String {
        let name = Localization.unitName(code, language)
        return name.isEmpty ? code : name
    }

    /// A comparator and its threshold in symbols, the same in both languages: `≥ 1000`, `> 500`, `= 5`,
    /// `≈ 30`, `2–3`; `number` writes the numbers (the plan's own, ``NumberText/plain(_:)``, by default).
    public static func threshold(_ comparator: TargetComparator, number: (Double) -> String = NumberText.plain) -> String {
        switch comparator {
        case let .atLeast(value): return "≥ " + number(value)
        case let .greaterThan(value): return "> " + number(value)
        case let .atMost(value): return "≤ " + number(value)
        case let .lessThan(value): return "< " + number(value)
        case let .equalTo(value): return "= " + number(value)
        case let .about(value): return "≈ " + number(value)
        case let .range(low, high): return number(low) + "–" + number(high)
        }
    }
}
