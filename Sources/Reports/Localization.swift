import Foundation
import Indicators
import Scenarios

/// The words and sentence pieces of the planner-facing text outputs (`summary.md`, `cities.csv`, the
/// run summary table, `sunan compare`) in Chinese and English: units, quantities, target conditions
/// and scenarios (statuses are in ``ResultWords``, numbers written by ``NumberText``). Every piece
/// exists in both languages; the Chinese never contains English words (only units, numbers and codes
/// such as target ids).
public enum Localization {
    // MARK: Units

    /// The unit's name, as a column heading or an axis title states it: the Chinese unit name in Chinese
    /// (亿元, 个, 人); in English the spelled-out unit (`100 million yuan`, `10 000 yuan`, `persons`; empty
    /// for plain counts). `100 million yuan` is the one English form of 亿元 in every output.
    public static func unitName(_ code: String, _ language: Language) -> String {
        let unit = UnitOfMeasure.parse(code)
        switch language {
        case .zh:
            return unit.nameZh.isEmpty ? code : unit.nameZh
        case .en:
            switch unit.code {
            case "cny": return "yuan"
            case "10k_cny": return "10 000 yuan"
            case "100m_cny": return "100 million yuan"
            case "percent": return "%"
            case "percent_coverage": return "% coverage"
            case "count": return ""
            case "10k_persons": return "10 000 persons"
            case "person_years": return "person-years"
            case "items_per_10k_persons": return "per 10 000 persons"
            default: return unit.code.replacingOccurrences(of: "_", with: " ")
            }
        }
    }

    /// The unit's label after a number: the Chinese unit name, written without a space (`1346亿元`); in
    /// English the unit name, multiplied where it is a multiple of a unit (`1346 × 100 million yuan`,
    /// `20 persons`, `15 %`; empty for plain counts).
    public static func unit(_ code: String, _ language: Language) -> String {
        let name = unitName(code, language)
        guard language == .en else { return name }
        switch UnitOfMeasure.parse(code).code {
        case "10k_cny", "100m_cny", "10k_persons": return "× " + name
        default: return name
        }
    }

    /// A quantity for prose, in its own unit: `1346亿元`; `1346 × 100 million yuan`, `20 persons`, `10`.
    public static func quantity(_ value: Double?, unit code: String, _ language: Language) -> String {
        range(value, nil, unit: code, language)
    }

    /// A value range for prose: `1024–1693亿元`, `1024–1693 × 100 million yuan`; a single value when
    /// `high` is nil; empty when `low` is missing.
    public static func range(_ low: Double?, _ high: Double?, unit code: String, _ language: Language) -> String {
        span(low, high, unit: code, language, number: NumberText.trimmed)
    }

    // MARK: Projected amounts

    /// The number of a projected amount (a mean or an interval bound) in the unit `code`: a whole number
    /// when the unit counts things (`UnitOfMeasure.isCount`: `8.458` → `8`, `−0.78` → `−1`), since a
    /// planner cannot build 8.458 bases; otherwise ``NumberText/trimmed(_:)``. Empty when missing.
    public static func amount(_ value: Double?, unit code: String) -> String {
        guard let value, value.isFinite else { return "" }
        return UnitOfMeasure.parse(code).isCount ? NumberText.positional(value.rounded(), decimals: 0) : NumberText.trimmed(value)
    }

    /// A signed projected amount (a gap): whole and signed for counts (`+12`), else ``NumberText/signed(_:)``.
    public static func signedAmount(_ value: Double?, unit code: String) -> String {
        guard let value, value.isFinite else { return "" }
        guard UnitOfMeasure.parse(code).isCount else { return NumberText.signed(value) }
        let whole = NumberText.positional(abs(value).rounded(), decimals: 0)
        return (value < 0 && whole != "0" ? "−" : "+") + whole
    }

    /// A projected amount for prose, with its unit: `1346亿元`, `8个`; `1346 × 100 million yuan`, `8`.
    public static func projected(_ value: Double?, unit code: String, _ language: Language) -> String {
        span(value, nil, unit: code, language) { amount($0, unit: code) }
    }

    /// A projected interval for prose, with its unit: `1024–1693亿元`, `0–30个`.
    public static func projectedRange(_ low: Double?, _ high: Double?, unit code: String, _ language: Language) -> String {
        span(low, high, unit: code, language) { amount($0, unit: code) }
    }

    /// `low–high` (or `low` alone) written by `number`, followed by the unit's label in `language`.
    private static func span(_ low: Double?, _ high: Double?, unit code: String, _ language: Language,
                             number: (Double) -> String) -> String {
        guard let low, low.isFinite else { return "" }
        let numbers = [low, high].compactMap { $0 }.map(number).joined(separator: "–")
        let label = unit(code, language)
        switch language {
        case .zh: return numbers + label
        case .en: return label.isEmpty ? numbers : numbers + " " + label
        }
    }

    // MARK: Targets

    /// The target condition in words: `不低于1000亿元`, `at least 1000 × 100 million yuan`.
    public static func condition(_ comparator: TargetComparator, unit: String, _ language: Language) -> String {
        let amount = quantity(comparator.low, unit: unit, language)
        switch (comparator, language) {
        case (.atLeast, .zh): return "不低于" + amount
        case (.greaterThan, .zh): return "超过" + amount
        case (.atMost, .zh): return "不超过" + amount
        case (.lessThan, .zh): return "低于" + amount
        case (.equalTo, .zh): return "达到" + amount
        case (.about, .zh): return amount + "左右"
        case let (.range(low, high), .zh): return "在" + range(low, high, unit: unit, .zh) + "之间"
        case (.atLeast, .en): return "at least " + amount
        case (.greaterThan, .en): return "more than " + amount
        case (.atMost, .en): return "at most " + amount
        case (.lessThan, .en): return "less than " + amount
        case (.equalTo, .en): return "exactly " + amount
        case (.about, .en): return "about " + amount
        case let (.range(low, high), .en):
            return "between " + NumberText.trimmed(low) + " and " + quantity(high, unit: unit, .en)
        }
    }

    // MARK: Scenarios

    /// A scenario's label in `language`, wherever a planner reads the scenario's name: the file's own
    /// label (``fileText(english:chinese:_:)`` of `label` and `labelZh`), else one made from its driver
    /// path: `基准`, `+10%/年`, `每年追加30亿元`; `baseline`, `+10 %/yr`, `extra 30 × 100 million yuan a year`.
    public static func scenarioLabel(_ scenario: ScenarioCase, driverUnit: String, _ language: Language) -> String {
        let given = scenario.label == scenario.name ? nil : scenario.label
        if let text = given.flatMap({ fileText(english: $0, chinese: scenario.labelZh, language) })
            ?? (language == .zh ? scenario.labelZh : nil) {
            return text
        }
        switch (scenario.driver, language) {
        case (.baseline, .zh): return "基准"
        case (.baseline, .en): return "baseline"
        case let (.uplift(percent, _), .zh): return signed(percent) + "%/年"
        case let (.uplift(percent, _), .en): return signed(percent) + " %/yr"
        case (.amounts, .zh): return "给定金额"
        case (.amounts, .en): return "given amounts"
        case let (.extraBudget(amount, _, _), .zh): return "每年追加" + quantity(amount, unit: driverUnit, .zh)
        case let (.extraBudget(amount, _, _), .en): return "extra " + quantity(amount, unit: driverUnit, .en) + " a year"
        }
    }

    /// A planner's own text from a scenario file in `language`: the English text in English; in Chinese
    /// the Chinese text, or the English one when it has no Latin letters (a Chinese text given in the
    /// English field serves both). Nil when Chinese is asked for and the file has none.
    public static func fileText(english: String, chinese: String?, _ language: Language) -> String? {
        switch language {
        case .en: return english
        case .zh: return chinese ?? (hasLatinLetters(english) ? nil : english)
        }
    }

    /// Whether `text` has a letter of the Latin alphabet (a–z, A–Z).
    public static func hasLatinLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
    }

    /// A one-sentence description of a scenario's driver assumption, naming the driver.
    public static func scenarioDescription(_ scenario: ScenarioCase, driver: String, driverUnit: String,
                                           names: NameBook, _ language: Language) -> String {
        switch (scenario.driver, language) {
        case (.baseline, .zh): return driver + "按自身趋势增长"
        case (.baseline, .en): return driver + " follows its own trend"
        case let (.uplift(percent, from), .zh):
            return driver + "自\(from)年起在基准之上每年" + (percent >= 0 ? "增加" : "减少") + NumberText.trimmed(abs(percent)) + "%" + "（逐年复合）"
        case let (.uplift(percent, from), .en):
            return driver + " \(percent >= 0 ? "raised" : "cut") by " + NumberText.trimmed(abs(percent)) + " % a year from \(from) (compounding)"
        case (.amounts, .zh): return driver + "按情景文件给定的金额"
        case (.amounts, .en): return driver + " at the amounts given in the scenario file"
        case let (.extraBudget(amount, from, split), .zh):
            return "自\(from)年起每年额外投入" + quantity(amount, unit: driverUnit, .zh) + "，按"
                + splitText(split, names: names, .zh) + "分配到各市"
        case let (.extraBudget(amount, from, split), .en):
            return "an extra " + quantity(amount, unit: driverUnit, .en) + " a year from \(from), split "
                + splitText(split, names: names, .en) + " across the cities"
        }
    }

    private static func splitText(_ split: [String: Double], names: NameBook, _ language: Language) -> String {
        let parts = split.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { names.region($0.key, language) + (language == .zh ? "" : " ") + NumberText.trimmed($0.value) }
        return parts.joined(separator: language == .zh ? "：" : " : ")
    }

    private static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "−") + NumberText.trimmed(abs(x)) }
}
