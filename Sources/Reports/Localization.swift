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

    /// The unit's label after a number: Chinese unit names (亿元, 个, 人) in Chinese; in English the
    /// spelled-out unit (empty for plain counts).
    public static func unit(_ code: String, _ language: Language) -> String {
        let unit = UnitOfMeasure.parse(code)
        switch language {
        case .zh:
            return unit.nameZh.isEmpty ? code : unit.nameZh
        case .en:
            switch unit.code {
            case "cny": return "yuan"
            case "10k_cny": return "× 10 000 yuan"
            case "100m_cny": return "× 100 million yuan"
            case "percent": return "%"
            case "percent_coverage": return "% coverage"
            case "count": return ""
            case "10k_persons": return "× 10 000 persons"
            case "person_years": return "person-years"
            case "items_per_10k_persons": return "per 10 000 persons"
            default: return unit.code
            }
        }
    }

    /// A quantity for prose: `1346亿元` in Chinese; in English money in billion or million yuan
    /// (`CNY 134.6 billion`), other units after the number (`20 persons`, `10`).
    public static func quantity(_ value: Double?, unit code: String, _ language: Language) -> String {
        range(value, nil, unit: code, language)
    }

    /// A value range for prose: `1024–1693亿元`, `CNY 102.4–169.3 billion`; a single value when `high` is nil.
    public static func range(_ low: Double?, _ high: Double?, unit code: String, _ language: Language) -> String {
        guard let low, low.isFinite else { return "" }
        let unit = UnitOfMeasure.parse(code)
        let numbers = { (scale: Double) in
            [low, high].compactMap { $0 }.map { NumberText.trimmed($0 / scale) }.joined(separator: "–")
        }
        switch language {
        case .zh:
            return numbers(1) + self.unit(code, .zh)
        case .en:
            if unit.dimension == "money_cny", unit.isKnown {
                let yuan = low * unit.factor
                let (scale, word) = abs(yuan) >= 1e9 ? (1e9, "billion") : abs(yuan) >= 1e6 ? (1e6, "million") : (1, "")
                return "CNY " + numbers(scale / unit.factor) + (word.isEmpty ? "" : " " + word)
            }
            let label = self.unit(code, .en)
            if label == "%" { return numbers(1) + " %" }
            return label.isEmpty ? numbers(1) : numbers(1) + " " + label
        }
    }

    // MARK: Targets

    /// The target condition in words: `不低于1000亿元`, `at least CNY 100 billion`.
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
            let upper = quantity(high, unit: unit, .en)
            return "between " + (unit == "count" || unit.isEmpty ? NumberText.trimmed(low) : quantity(low, unit: unit, .en)) + " and " + upper
        }
    }

    // MARK: Scenarios

    /// A short label of a scenario for lists and column headers: `基准`, `+10%/年`, `每年额外30亿元`;
    /// `baseline`, `+10 %/yr`, `extra CNY 3 billion/yr`.
    public static func scenarioShort(_ scenario: ScenarioCase, driverUnit: String, _ language: Language) -> String {
        switch (scenario.driver, language) {
        case (.baseline, .zh): return "基准"
        case (.baseline, .en): return "baseline"
        case let (.uplift(percent, _), .zh): return signed(percent) + "%/年"
        case let (.uplift(percent, _), .en): return signed(percent) + " %/yr"
        case (.amounts, .zh): return "给定金额"
        case (.amounts, .en): return "given amounts"
        case let (.extraBudget(amount, _, _), .zh): return "每年额外" + quantity(amount, unit: driverUnit, .zh)
        case let (.extraBudget(amount, _, _), .en): return "extra " + quantity(amount, unit: driverUnit, .en) + "/yr"
        }
    }

    /// A one-sentence description of a scenario's driver assumption, naming the driver.
    public static func scenarioDescription(_ scenario: ScenarioCase, driver: String, driverUnit: String,
                                           names: NameBook, _ language: Language) -> String {
        switch (scenario.driver, language) {
        case (.baseline, .zh): return driver + "按自身趋势增长"
        case (.baseline, .en): return driver + " follows its own trend"
        case let (.uplift(percent, from), .zh):
            return driver + "自\(from)年起在基准之上每年" + (percent >= 0 ? "增加" : "减少") + NumberText.trimmed(abs(percent)) + "%"
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
