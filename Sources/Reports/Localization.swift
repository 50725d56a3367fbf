import Foundation
import Indicators
import Scenarios

/// The words and sentence pieces of the planner-facing text outputs (`summary.md`, `cities.csv`, the
/// run summary table, `sunan compare`) in Chinese and English. Every piece exists in both languages;
/// the Chinese never contains English words (only units, numbers and codes such as target ids).
public enum Localization {
    // MARK: Numbers in prose

    /// A value for prose: 4 significant digits, never an exponent, whole numbers from 1000 up
    /// (`1346`, `152.6`, `0.1234`); empty for a missing value.
    public static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        if x == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(x))))
        let decimals = max(0, 3 - magnitude)
        var text = String(format: "%.\(decimals)f", x)
        if decimals > 0, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A fraction as a percentage with one decimal (`0.0655` → `6.6%` / `6.6 %`); empty when missing.
    public static func percent(_ x: Double?, _ language: Language) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.1f", x * 100) + (language == .zh ? "%" : " %")
    }

    /// A probability as a whole percentage (`0.9182` → `92%`), with `>99%` / `<1%` at the extremes
    /// that rounding would show as certain.
    public static func probability(_ p: Double?, _ language: Language) -> String {
        guard let p, p.isFinite else { return "" }
        let sign = language == .zh ? "%" : " %"
        if p > 0.995, p < 1 { return ">99" + sign }
        if p < 0.005, p > 0 { return "<1" + sign }
        return String(format: "%.0f", p * 100) + sign
    }

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
            [low, high].compactMap { $0 }.map { number($0 / scale) }.joined(separator: "–")
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
    public static func condition(comparator: String, low: Double, high: Double?, unit: String, _ language: Language) -> String {
        let amount = quantity(low, unit: unit, language)
        switch (comparator, language) {
        case (">=", .zh): return "不低于" + amount
        case (">", .zh): return "超过" + amount
        case ("=", .zh): return "达到" + amount
        case ("~", .zh): return amount + "左右"
        case ("range", .zh): return "在" + range(low, high, unit: unit, .zh) + "之间"
        case (">=", .en): return "at least " + amount
        case (">", .en): return "more than " + amount
        case ("=", .en): return "exactly " + amount
        case ("~", .en): return "about " + amount
        case ("range", .en):
            let upper = quantity(high ?? low, unit: unit, .en)
            return "between " + (unit == "count" || unit.isEmpty ? number(low) : quantity(low, unit: unit, .en)) + " and " + upper
        default: return comparator + " " + amount
        }
    }

    /// The distance-to-target status word (see `GapRow.status` in `Scenarios`) in `language`.
    public static func status(_ status: String, _ language: Language) -> String {
        guard language == .zh else { return status }
        switch status {
        case "achieved": return "已达成"
        case "on track": return "进度正常"
        case "acceleration needed": return "需要加速"
        case "limited progress": return "进展有限"
        case "deterioration": return "背离目标"
        case "no data": return "无数据"
        case "no history": return "历史数据不足"
        case "outside horizon": return "超出预测期"
        case "unit mismatch": return "单位不可比"
        default: return "其他"
        }
    }

    /// Whether a status means the target is met or within reach (for colouring).
    public static func statusTone(_ status: String) -> StatusTone {
        switch status {
        case "achieved", "on track": return .good
        case "acceleration needed": return .warning
        case "limited progress", "deterioration": return .bad
        default: return .neutral
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
            return driver + "自\(from)年起在基准之上每年" + (percent >= 0 ? "增加" : "减少") + number(abs(percent)) + "%"
        case let (.uplift(percent, from), .en):
            return driver + " \(percent >= 0 ? "raised" : "cut") by " + number(abs(percent)) + " % a year from \(from) (compounding)"
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
            .map { names.region($0.key, language) + (language == .zh ? "" : " ") + number($0.value) }
        return parts.joined(separator: language == .zh ? "：" : " : ")
    }

    private static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "−") + number(abs(x)) }
}

/// How a status word is coloured on a terminal.
public enum StatusTone: Sendable, Equatable {
    /// Achieved or on track (green).
    case good
    /// Acceleration needed (yellow).
    case warning
    /// Limited progress or deterioration (red).
    case bad
    /// No data and other states (uncoloured).
    case neutral
}
