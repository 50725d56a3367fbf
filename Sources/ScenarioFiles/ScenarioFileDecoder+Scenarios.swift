import Foundation
import Indicators
import Scenarios

/// The what-if scenarios: name, label and driver path (uplift, amounts by year, or an extra budget split across cities).
extension ScenarioFileDecoder {
    func decodeScenario(_ node: Node, path: String) -> ScenarioCase? {
        guard let fields = reader.fields(node, path: path, name: "scenarios’ item", what: "the scenario",
                                         section: ScenarioSchema.Sections.scenario) else { return nil }
        var name = reader.string(fields, "name")
        if let text = name, !Self.isIdentifier(text) {
            reader.error(fields.node("name")?.mark,
                "scenario name ‘\(text)’ is used in file names and tables: use letters, digits, ‘_’, ‘-’ and ‘.’ only, starting with a letter or digit (put free text in ‘label’)")
            name = nil
        }
        let label = fields.has("label") ? reader.string(fields, "label") : name
        let labelZh = optionalText(fields, "labelZh")
        var driver: DriverPath? = ScenarioSchema.Defaults.driverPath
        if let driverNode = fields.node("driver") { driver = decodeDriverPath(driverNode, path: fields.path("driver")) }
        guard let name, let label, let labelZh, let driver else { return nil }
        return ScenarioCase(name: name, label: label, labelZh: labelZh, driver: driver)
    }

    /// An optional text such as `labelZh`: `.some(nil)` when the mapping leaves `key` out, the text when
    /// it gives one, nil (after an error) when the value is not text.
    func optionalText(_ fields: YAMLFields, _ key: String) -> String?? {
        guard fields.has(key) else { return .some(nil) }
        return reader.string(fields, key).map { .some($0) }
    }

    private func decodeDriverPath(_ node: Node, path: String) -> DriverPath? {
        let forms = "‘baseline’, {uplift: 10, from: 2018}, {amounts: {2018: 520}} or {extraBudget: 50, from: 2018, split: {Nanjing: 1}}"
        if case let .scalar(scalar) = node, !YAMLValueReader.isNull(scalar) {
            if scalar.string == "baseline" { return .baseline }
            let hint = Spelling.suggestion(for: scalar.string, among: ["baseline"]) != nil ? "; " + Spelling.didYouMean("baseline") : ""
            reader.error(node.mark, "the scenario's ‘driver’ must be \(forms), not ‘\(scalar.string)’\(hint)")
            return nil
        }
        guard let fields = mappingForm(node, path: path, called: "the scenario's ‘driver’", forms: forms, name: "driver",
                                       what: "the scenario's driver path", section: ScenarioSchema.Sections.driverPath) else { return nil }
        let kinds = ["uplift", "amounts", "extraBudget"].filter(fields.has)
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                if !fields.hasUnknownKeys {
                    reader.error(node.mark, "the scenario's driver path needs one of ‘uplift’, ‘amounts’ or ‘extraBudget’ (or write driver: baseline)")
                }
            } else {
                reader.error(node.mark, "the scenario's driver path gives \(kinds.map { "‘\($0)’" }.joined(separator: " and ")); give exactly one")
            }
            return nil
        }
        if kind != "extraBudget", let key = fields.entries["split"]?.key {
            reader.error(key.mark, "‘split’ divides an ‘extraBudget’ across cities; it does not apply to ‘\(kind)’")
        }
        if kind == "amounts", let key = fields.entries["from"]?.key {
            reader.error(key.mark, "‘from’ does not apply to ‘amounts’, which gives each year explicitly")
        }
        var fromYear: Int?
        if kind != "amounts" {
            if fields.has("from") {
                fromYear = reader.int(fields, "from", example: "2018")
                if let year = fromYear, !checkProjected(year, mark: fields.node("from")?.mark, what: "‘from’") { fromYear = nil }
            } else {
                reader.error(node.mark, "‘\(kind)’ needs ‘from’, the first year it applies to")
            }
        }
        switch kind {
        case "uplift":
            guard let percent = reader.double(fields, "uplift", example: "10") else { return nil }
            if percent <= -100 {
                reader.error(fields.node("uplift")?.mark, "‘uplift’ is \(percent) %; a cut of 100 % or more a year leaves nothing to spend")
                return nil
            }
            guard let fromYear else { return nil }
            if !checkUplift(percent, from: fromYear, mark: fields.node("uplift")?.mark) { return nil }
            return .uplift(percentPerYear: percent, fromYear: fromYear)
        case "amounts":
            guard let amounts = decodeYearAmounts(fields.node("amounts")!, path: fields.path("amounts")) else { return nil }
            return .amounts(amounts)
        default:
            var amount = reader.double(fields, "extraBudget", example: "50")
            if let value = amount, value < 0 {
                reader.error(fields.node("extraBudget")?.mark,
                    "‘extraBudget’ is \(Self.text(value)); an extra budget adds spending and cannot be negative (for a cut, use ‘uplift’ with a negative percentage)")
                amount = nil
            }
            var split: [String: Double]?
            if let splitNode = fields.node("split") {
                split = decodeWeights(splitNode, path: fields.path("split"))
            } else {
                reader.error(node.mark, "‘extraBudget’ needs ‘split’, the weights of the member cities, e.g. {Nanjing: 2, Suzhou: 1}")
            }
            guard let amount, let fromYear, let split else { return nil }
            return .extraBudget(amountPerYear: amount, fromYear: fromYear, split: split)
        }
    }

    private func decodeYearAmounts(_ node: Node, path: String) -> [Int: Double]? {
        decodeNumberMapping(node, mustBe: "‘amounts’ must be a mapping of years to amounts such as {2018: 520, 2019: 560}") { key, value in
            guard case let .scalar(scalar) = key, scalar.style == .plain, let year = Int(scalar.string) else {
                reader.error(key.mark, "an ‘amounts’ key must be a year such as 2018, not \(YAMLValueReader.describe(key))")
                return nil
            }
            let projected = checkProjected(year, mark: key.mark, what: "amounts year")
            guard let amount = reader.double(value, path: "\(path).\(year)", name: "amounts’ for ‘\(year)", example: "520") else {
                return nil
            }
            if amount <= 0 {
                reader.error(value.mark, "the amount for \(year) is \(Self.text(amount)); spending must be positive: the outcome "
                    + "moves with (amount / baseline)^elasticity, so a budget of nothing would wipe it out")
                return nil
            }
            return projected ? (year, amount) : nil
        }
    }

    private func decodeWeights(_ node: Node, path: String) -> [String: Double]? {
        decodeNumberMapping(node, mustBe: "‘split’ must be a mapping of member cities to weights such as {Nanjing: 2, Suzhou: 1}") { key, value in
            guard case let .scalar(scalar) = key, !YAMLValueReader.isNull(scalar) else {
                reader.error(key.mark, "a ‘split’ key must be a region name, not \(YAMLValueReader.describe(key))")
                return nil
            }
            let name = scalar.string
            let childPath = "\(path).\(name)"
            if let mark = key.mark { reader.recordKey(mark, at: childPath) }
            guard let weight = reader.double(value, path: childPath, name: "split’ weight of ‘\(name)", example: "1") else {
                return nil
            }
            if weight <= 0 {
                reader.error(value.mark, "the split weight of ‘\(name)’ is \(weight); weights must be positive (leave a city out to give it nothing)")
                return nil
            }
            return (name, weight)
        }
    }

    /// A non-empty mapping of keys to numbers (`amounts`, `split`): each entry read by `entry`, which
    /// reports what is wrong with it and returns nil; nil when the node is not such a mapping (after the
    /// error "`mustBe`, not …") or when any entry failed. Every entry is read, so every error is reported.
    private func decodeNumberMapping<Key: Hashable>(_ node: Node, mustBe: String,
                                                    entry: (_ key: Node, _ value: Node) -> (Key, Double)?) -> [Key: Double]? {
        guard case let .mapping(mapping) = node, !mapping.isEmpty else {
            reader.error(node.mark, "\(mustBe), not \(YAMLValueReader.describe(node))")
            return nil
        }
        var numbers: [Key: Double] = [:]
        var failed = false
        for (key, value) in mapping {
            if case let (key, number)? = entry(key, value) { numbers[key] = number } else { failed = true }
        }
        return failed ? nil : numbers
    }

    /// Whether an uplift of `percent` a year from `fromYear`, compounded to `horizonYear`, keeps the driver
    /// within ``ScenarioSchema/Limits/driverFactor`` of its baseline; an error at `mark` when not.
    private func checkUplift(_ percent: Double, from fromYear: Int, mark: Mark?) -> Bool {
        guard let horizonYear, horizonYear >= fromYear else { return true }
        let years = Double(horizonYear - fromYear + 1)
        let factor = pow(1 + percent / 100, years)
        let limit = ScenarioSchema.Limits.driverFactor
        guard factor > limit || factor < 1 / limit else { return true }
        // The accepted range, to one decimal inside it.
        let lowest = (1000 * (pow(1 / limit, 1 / years) - 1)).rounded(.up) / 10
        let highest = (1000 * (pow(limit, 1 / years) - 1)).rounded(.down) / 10
        reader.error(mark, "‘uplift’ \(Self.text(percent)) % a year from \(fromYear) to \(horizonYear) makes the driver \(String(format: "%.3g", factor)) "
            + "times its baseline; a scenario may move its driver within a factor of \(Int(limit)) of the baseline, where the "
            + "constant-elasticity model still holds: from \(String(format: "%.1f", lowest)) to \(String(format: "%.1f", highest)) % a year here")
        return false
    }

    /// A number of the file as a planner wrote it: up to 10 significant digits, no trailing `.0`.
    static func text(_ value: Double) -> String { String(format: "%.10g", value) }

    /// Whether `text` may name a scenario: ASCII letters, digits, `_`, `-` and `.`, starting with a letter or digit.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)) }
    }
}
