import Foundation

/// Whom a target binds.
public enum TargetScope: String, Hashable, Sendable, CaseIterable, Codable {
    /// The zone as a whole (the sum of the five cities).
    case zone
    /// Every one of the member cities, separately.
    case eachCity = "each_city"
    /// All member cities together must reach a state (e.g. every city has built one).
    case allCities = "all_cities"
}

/// What kind of quantity a target constrains, and so how it is read from a series of a given
/// ``Measure`` (start = the target's `from` year, else the year after the as-of year):
///
/// | basis ↓ · measure → | stock | flow | rate |
/// |---|---|---|---|
/// | `stock` | level(Y) | Σ flow(from…Y), only with `from` | level(Y) |
/// | `annual` | refused | flow(Y) | level(Y) |
/// | `new_in_year` | stock(Y) − stock(Y−1) | flow(Y) | refused |
/// | `cumulative` | stock(Y) − stock(start−1) | Σ flow(start…Y) | refused |
public enum TargetBasis: String, Hashable, Sendable, CaseIterable, Codable {
    /// A level reached by the target year (e.g. institutions in existence).
    case stock
    /// A flow during the target year (e.g. contract value traded in that year).
    case annual
    /// Additions during the target year (e.g. new bases built in 2018).
    case newInYear = "new_in_year"
    /// A running total from a start year to the target year.
    case cumulative

    /// Why a target of this basis cannot be read from a series of `measure`, as one sentence, or nil
    /// when it can (see the type's table); `hasStart` tells whether the target states a `from` year.
    public func refusal(for measure: Measure, hasStart: Bool) -> String? {
        switch (self, measure) {
        case (.stock, .flow) where !hasStart:
            return "a ‘stock’ target on a flow series needs a start year: give ‘from’ (the stock is then the sum of the flow from that year), or use basis ‘annual’ or ‘cumulative’"
        case (.annual, .stock):
            return "an ‘annual’ target on a stock series is ambiguous: use basis ‘stock’ (the level in the year) or ‘new_in_year’ (the increase in the year)"
        case (.newInYear, .rate):
            return "a rate has no yearly increase to count: use basis ‘stock’ or ‘annual’ (the rate in the year)"
        case (.cumulative, .rate):
            return "a rate cannot be summed over years: use basis ‘stock’ or ‘annual’ (the rate in the year)"
        default:
            return nil
        }
    }
}

/// How a value is compared with a target's threshold.
public enum TargetComparator: Hashable, Sendable {
    /// At least the threshold (≥): "10個以上", "達…", and plain numbers such as "實施100項".
    case atLeast(Double)
    /// Strictly more than the threshold (>): "超過500億元".
    case greaterThan(Double)
    /// At most the threshold (≤): "不超過", "控制在…以內".
    case atMost(Double)
    /// Strictly less than the threshold (<): "低於".
    case lessThan(Double)
    /// Exactly the threshold (=), for counts only (whole numbers).
    case equalTo(Double)
    /// About the threshold (~): "30家左右", within a relative tolerance on either side.
    case about(Double)
    /// A range low–high, both ends included: "2-3家".
    case range(low: Double, high: Double)

    /// The tolerance of ``about(_:)`` when neither the target nor the scenario states one: ±10 %.
    public static let defaultAboutTolerance = 0.1

    /// A comparator from its file form: `symbol` is one of `>=`, `>`, `<=`, `<`, `=`, `~`, `range`
    /// (`≥`, `≤`, `==`, `≈` also read). Nil when the symbol is unknown or a range lacks an increasing
    /// pair of bounds.
    public init?(symbol: String, low: Double, high: Double?) {
        switch symbol.trimmingWhitespace() {
        case ">=", "≥": self = .atLeast(low)
        case ">": self = .greaterThan(low)
        case "<=", "≤": self = .atMost(low)
        case "<": self = .lessThan(low)
        case "=", "==": self = .equalTo(low)
        case "~", "≈": self = .about(low)
        case "range":
            guard let high, high >= low else { return nil }
            self = .range(low: low, high: high)
        default: return nil
        }
    }

    /// The symbols a targets file may use, in the file form.
    public static let symbols = [">=", ">", "<=", "<", "=", "~", "range"]

    /// The file form of the comparator: `>=`, `>`, `<=`, `<`, `=`, `~` or `range`.
    public var symbol: String {
        switch self {
        case .atLeast: return ">="
        case .greaterThan: return ">"
        case .atMost: return "<="
        case .lessThan: return "<"
        case .equalTo: return "="
        case .about: return "~"
        case .range: return "range"
        }
    }

    /// The threshold (the low bound for a range).
    public var low: Double {
        switch self {
        case let .atLeast(value), let .greaterThan(value), let .atMost(value), let .lessThan(value), let .equalTo(value),
             let .about(value):
            return value
        case let .range(low, _): return low
        }
    }

    /// The high bound of a range; nil for the other comparators.
    public var high: Double? {
        if case let .range(_, high) = self { return high }
        return nil
    }

    /// Whether larger values meet the comparator more easily (`>=`, `>`): the direction in which an
    /// investment that raises the value helps.
    public var favoursLargerValues: Bool {
        switch self {
        case .atLeast, .greaterThan: return true
        case .atMost, .lessThan, .equalTo, .about, .range: return false
        }
    }

    /// Whether `value` meets the comparator.
    ///
    /// `=` compares `value` rounded to the nearest whole number (counts; once count draws are whole
    /// numbers the rounding changes nothing); `~` is met within `aboutTolerance` of the threshold on
    /// either side, `|value − threshold| ≤ aboutTolerance · |threshold|`; a range is met from its low
    /// bound to its high bound, both included.
    public func isMet(by value: Double, aboutTolerance: Double = TargetComparator.defaultAboutTolerance) -> Bool {
        switch self {
        case let .atLeast(threshold): return value >= threshold
        case let .greaterThan(threshold): return value > threshold
        case let .atMost(threshold): return value <= threshold
        case let .lessThan(threshold): return value < threshold
        case let .equalTo(threshold): return value.rounded() == threshold
        case let .about(threshold): return abs(value - threshold) <= aboutTolerance * abs(threshold)
        case let .range(low, high): return value >= low && value <= high
        }
    }

    /// The bound a value that does not meet the comparator has to reach: the threshold, or for `~` and
    /// `range` the end nearer to `value` (`~`: the threshold ± the tolerance).
    public func bound(nearest value: Double, aboutTolerance: Double = TargetComparator.defaultAboutTolerance) -> Double {
        switch self {
        case let .atLeast(threshold), let .greaterThan(threshold), let .atMost(threshold), let .lessThan(threshold),
             let .equalTo(threshold):
            return threshold
        case let .about(threshold):
            let width = aboutTolerance * abs(threshold)
            return value < threshold ? threshold - width : threshold + width
        case let .range(low, high): return value < low ? low : high
        }
    }

    /// The same comparator with its threshold (both bounds of a range) multiplied by `factor`: a zone
    /// target's share for one member.
    public func scaled(by factor: Double) -> TargetComparator {
        switch self {
        case let .atLeast(value): return .atLeast(value * factor)
        case let .greaterThan(value): return .greaterThan(value * factor)
        case let .atMost(value): return .atMost(value * factor)
        case let .lessThan(value): return .lessThan(value * factor)
        case let .equalTo(value): return .equalTo(value * factor)
        case let .about(value): return .about(value * factor)
        case let .range(low, high): return .range(low: low * factor, high: high * factor)
        }
    }
}

/// One quantitative target of the plan, typed.
public struct Target: Hashable, Sendable, Identifiable {
    /// A stable identifier, e.g. `Z2020-contract-value`.
    public let id: String
    /// The plan clause (1–23) that states it.
    public let clause: Int
    /// Whom it binds.
    public let scope: TargetScope
    /// The year by which (or in which) it must be met.
    public let year: Int
    /// The indicator key it constrains, e.g. `tech_contract_value`.
    public let indicator: String
    /// The Chinese name of the indicator (traditional characters, as in the plan).
    public let indicatorZh: String
    /// How a value is compared with the threshold.
    public let comparator: TargetComparator
    /// The unit of the threshold.
    public let unit: UnitOfMeasure
    /// What kind of quantity it constrains.
    public let basis: TargetBasis
    /// The first year of a `cumulative` target's running sum (or of the sum of a flow that a `stock`
    /// target on a flow series counts); nil: the year after the as-of year.
    public let from: Int?
    /// The relative tolerance of a `~` target (0.1 = ±10 %); nil: the scenario's, else ±10 %.
    public let tolerance: Double?
    /// The responsible departments, lead first.
    public let responsible: [String]
    /// The plan's own wording of the indicator when ``indicatorZh`` corrects it; empty otherwise.
    public let planWording: String
    /// Interpretation notes and corrections.
    public let note: String
    /// The notes in Chinese (the plan's own words quoted as the plan writes them); empty when not given.
    public let noteZh: String

    /// A target; see the properties for the meaning of each argument.
    public init(
        id: String, clause: Int, scope: TargetScope, year: Int, indicator: String, indicatorZh: String,
        comparator: TargetComparator, unit: UnitOfMeasure, basis: TargetBasis, from: Int? = nil, tolerance: Double? = nil,
        responsible: [String] = [], planWording: String = "", note: String = "", noteZh: String = ""
    ) {
        self.id = id
        self.clause = clause
        self.scope = scope
        self.year = year
        self.indicator = indicator
        self.indicatorZh = indicatorZh
        self.comparator = comparator
        self.unit = unit
        self.basis = basis
        self.from = from
        self.tolerance = tolerance
        self.responsible = responsible
        self.planWording = planWording
        self.note = note
        self.noteZh = noteZh
    }

    /// The threshold as a quantity (the low bound for a range).
    public var threshold: Quantity { Quantity(comparator.low, unit) }

    /// The tolerance of a `~` comparison: the target's own, else `scenario`'s, else ±10 %.
    public func aboutTolerance(scenario: Double? = nil) -> Double {
        tolerance ?? scenario ?? TargetComparator.defaultAboutTolerance
    }

    /// Whether `value` meets the target (with its own tolerance for `~`); see
    /// ``TargetComparator/isMet(by:aboutTolerance:)``.
    /// - Throws: ``UnitError`` when `value` is in another unit (convert it first).
    public func isMet(by value: Quantity) throws(UnitError) -> Bool {
        guard value.unit == unit else { throw UnitError.mismatched(value.unit, unit, operation: "compare") }
        return comparator.isMet(by: value.value, aboutTolerance: aboutTolerance())
    }
}

extension Target: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, clause, scope, year, indicator, indicatorZh = "indicator_zh", comparator, low, high, unit, basis, from,
            tolerance, responsible, planWording = "plan_wording", note, noteZh = "note_zh"
    }

    /// Decodes the flat form written by ``encode(to:)``.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let symbol = try container.decode(String.self, forKey: .comparator)
        let low = try container.decode(Double.self, forKey: .low)
        let high = try container.decodeIfPresent(Double.self, forKey: .high)
        guard let comparator = TargetComparator(symbol: symbol, low: low, high: high) else {
            throw DecodingError.dataCorruptedError(forKey: .comparator, in: container, debugDescription: "unknown comparator ‘\(symbol)’ or bad range")
        }
        self.init(
            id: try container.decode(String.self, forKey: .id),
            clause: try container.decode(Int.self, forKey: .clause),
            scope: try container.decode(TargetScope.self, forKey: .scope),
            year: try container.decode(Int.self, forKey: .year),
            indicator: try container.decode(String.self, forKey: .indicator),
            indicatorZh: try container.decode(String.self, forKey: .indicatorZh),
            comparator: comparator,
            unit: UnitOfMeasure.parse(try container.decode(String.self, forKey: .unit)),
            basis: try container.decode(TargetBasis.self, forKey: .basis),
            from: try container.decodeIfPresent(Int.self, forKey: .from),
            tolerance: try container.decodeIfPresent(Double.self, forKey: .tolerance),
            responsible: try container.decodeIfPresent([String].self, forKey: .responsible) ?? [],
            planWording: try container.decodeIfPresent(String.self, forKey: .planWording) ?? "",
            note: try container.decodeIfPresent(String.self, forKey: .note) ?? "",
            noteZh: try container.decodeIfPresent(String.self, forKey: .noteZh) ?? "")
    }

    /// Encodes a flat object with the columns of `targets.csv` (`comparator`, `low`, `high` …).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(clause, forKey: .clause)
        try container.encode(scope, forKey: .scope)
        try container.encode(year, forKey: .year)
        try container.encode(indicator, forKey: .indicator)
        try container.encode(indicatorZh, forKey: .indicatorZh)
        try container.encode(comparator.symbol, forKey: .comparator)
        try container.encode(comparator.low, forKey: .low)
        try container.encode(comparator.high, forKey: .high)
        try container.encode(unit.code, forKey: .unit)
        try container.encode(basis, forKey: .basis)
        try container.encode(from, forKey: .from)
        try container.encode(tolerance, forKey: .tolerance)
        try container.encode(responsible, forKey: .responsible)
        try container.encode(planWording, forKey: .planWording)
        try container.encode(note, forKey: .note)
        try container.encode(noteZh, forKey: .noteZh)
    }
}
