import Foundation

/// A unit of measurement for indicator values, such as 亿元 (100 million CNY) or persons.
///
/// Units belong to a dimension (money, persons, counts of one kind of thing, …).
/// Values convert only between units of the same dimension, and only when asked
/// (``UnitOfMeasure/convert(_:to:)``); nothing in this module converts silently.
/// Units that the toolkit does not know are kept as opaque units: they can be
/// stored and compared for identity, but never converted.
public struct UnitOfMeasure: Hashable, Sendable, CustomStringConvertible {
    /// The canonical code written to files, e.g. `100m_cny`.
    public let code: String
    /// The dimension the unit measures; conversion is possible only within one dimension.
    public let dimension: String
    /// The size of one unit expressed in the base unit of its dimension (e.g. 1e8 for 亿元 in yuan).
    public let factor: Double
    /// The usual Chinese name, e.g. `亿元`; empty when there is none.
    public let nameZh: String
    /// Whether values in this unit may be summed across regions (shares and ratios may not).
    public let isAdditive: Bool
    /// Whether the toolkit knows this unit (opaque units parsed from unknown text are not known).
    public let isKnown: Bool

    private init(code: String, dimension: String, factor: Double, nameZh: String, isAdditive: Bool = true, isKnown: Bool = true) {
        self.code = code
        self.dimension = dimension
        self.factor = factor
        self.nameZh = nameZh
        self.isAdditive = isAdditive
        self.isKnown = isKnown
    }

    /// Yuan (CNY), the base money unit.
    public static let cny = UnitOfMeasure(code: "cny", dimension: "money_cny", factor: 1, nameZh: "元")
    /// 万元: ten thousand CNY.
    public static let tenThousandCNY = UnitOfMeasure(code: "10k_cny", dimension: "money_cny", factor: 1e4, nameZh: "万元")
    /// 亿元: one hundred million CNY.
    public static let hundredMillionCNY = UnitOfMeasure(code: "100m_cny", dimension: "money_cny", factor: 1e8, nameZh: "亿元")
    /// Percent (a share or an intensity); not additive across regions.
    public static let percent = UnitOfMeasure(code: "percent", dimension: "percent", factor: 1, nameZh: "%", isAdditive: false)
    /// Percent of the intended units that are covered (100 = all built); not additive.
    public static let percentCoverage = UnitOfMeasure(code: "percent_coverage", dimension: "percent_coverage", factor: 1, nameZh: "%覆盖", isAdditive: false)
    /// A plain count of things (institutions, patents, contracts, projects …): 个, 件, 项, 家.
    public static let count = UnitOfMeasure(code: "count", dimension: "count", factor: 1, nameZh: "个")
    /// A count of events (activities, matchmaking sessions): 场.
    public static let events = UnitOfMeasure(code: "events", dimension: "events", factor: 1, nameZh: "场")
    /// A count of teams.
    public static let teams = UnitOfMeasure(code: "teams", dimension: "teams", factor: 1, nameZh: "个团队")
    /// A count of enterprises: 家企业.
    public static let enterprises = UnitOfMeasure(code: "enterprises", dimension: "enterprises", factor: 1, nameZh: "家企业")
    /// A count of (legal) cases: 件案件.
    public static let cases = UnitOfMeasure(code: "cases", dimension: "cases", factor: 1, nameZh: "件案件")
    /// Persons: 人.
    public static let persons = UnitOfMeasure(code: "persons", dimension: "persons", factor: 1, nameZh: "人")
    /// 万人: ten thousand persons.
    public static let tenThousandPersons = UnitOfMeasure(code: "10k_persons", dimension: "persons", factor: 1e4, nameZh: "万人")
    /// 人年: person-years of full-time-equivalent work.
    public static let personYears = UnitOfMeasure(code: "person_years", dimension: "person_years", factor: 1, nameZh: "人年")
    /// 件/万人: items (e.g. invention patents owned) per ten thousand persons; not additive.
    public static let itemsPerTenThousandPersons = UnitOfMeasure(
        code: "items_per_10k_persons", dimension: "items_per_10k_persons", factor: 1, nameZh: "件/万人", isAdditive: false)
    /// The unit of values whose file states no unit; it converts to nothing.
    public static let unspecified = UnitOfMeasure(code: "", dimension: "unspecified", factor: 1, nameZh: "", isAdditive: true, isKnown: false)

    /// Every unit the toolkit knows, in a stable order.
    public static let known: [UnitOfMeasure] = [
        .cny, .tenThousandCNY, .hundredMillionCNY, .percent, .percentCoverage, .count, .events, .teams,
        .enterprises, .cases, .persons, .tenThousandPersons, .personYears, .itemsPerTenThousandPersons,
    ]

    private static let aliases: [String: UnitOfMeasure] = {
        var table: [String: UnitOfMeasure] = [:]
        for unit in known { table[unit.code.lowercased()] = unit }
        let extra: [(String, UnitOfMeasure)] = [
            ("元", .cny), ("yuan", .cny),
            ("万元", .tenThousandCNY), ("萬元", .tenThousandCNY),
            ("亿元", .hundredMillionCNY), ("億元", .hundredMillionCNY),
            ("%", .percent), ("pct", .percent),
            ("个", .count), ("個", .count), ("件", .count), ("项", .count), ("項", .count), ("家", .count),
            ("场", .events), ("場", .events),
            ("人", .persons), ("名", .persons), ("person", .persons),
            ("万人", .tenThousandPersons), ("萬人", .tenThousandPersons),
            ("人年", .personYears),
            ("件/万人", .itemsPerTenThousandPersons), ("件/万人 (owned)", .itemsPerTenThousandPersons),
        ]
        for (alias, unit) in extra { table[alias.lowercased()] = unit }
        return table
    }()

    /// The known unit for a code or alias (`100m_cny`, `亿元`, `%`, `件` …), or nil when the text names no known unit.
    public init?(knownCode text: String) {
        let key = text.trimmingWhitespace().lowercased()
        guard let unit = UnitOfMeasure.aliases[key] else { return nil }
        self = unit
    }

    /// The unit named by `text`: a known unit when the text is a code or alias, ``unspecified`` when it is
    /// empty, otherwise an opaque unit that keeps the text as its code and converts to nothing.
    public static func parse(_ text: String) -> UnitOfMeasure {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .unspecified }
        if let unit = UnitOfMeasure(knownCode: trimmed) { return unit }
        return UnitOfMeasure(code: trimmed, dimension: "opaque:" + trimmed, factor: 1, nameZh: "", isAdditive: true, isKnown: false)
    }

    /// Whether values in this unit count whole things one by one (`count`, `events`, `teams`,
    /// `enterprises`, `cases`, `persons`): their values are whole numbers, so forecasts of such a series
    /// are counts too and a target may ask for an exact value (`=`). Units of several things at once
    /// (万人) and rates are not counts.
    public var isCount: Bool {
        isKnown && factor == 1 && ["count", "events", "teams", "enterprises", "cases", "persons"].contains(dimension)
    }

    /// Whether values in this unit can be converted to `other` (same dimension, both known or identical).
    public func isConvertible(to other: UnitOfMeasure) -> Bool {
        self == other || (isKnown && other.isKnown && dimension == other.dimension)
    }

    /// Converts `value`, measured in this unit, to `target`; throws when the dimensions differ.
    public func convert(_ value: Double, to target: UnitOfMeasure) throws(UnitError) -> Double {
        if self == target { return value }
        guard isConvertible(to: target) else { throw UnitError.notConvertible(from: self, to: target) }
        return value * factor / target.factor
    }

    /// The code, or `unspecified` for the unit of values without a stated unit.
    public var description: String { code.isEmpty ? "unspecified" : code }
}

/// A value together with its unit; arithmetic and comparison require identical units.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    /// The number, measured in ``unit``.
    public let value: Double
    /// The unit of ``value``.
    public let unit: UnitOfMeasure

    /// A quantity of `value` measured in `unit`.
    public init(_ value: Double, _ unit: UnitOfMeasure) {
        self.value = value
        self.unit = unit
    }

    /// The same amount expressed in `target`; throws when the units measure different dimensions.
    public func converted(to target: UnitOfMeasure) throws(UnitError) -> Quantity {
        Quantity(try unit.convert(value, to: target), target)
    }

    /// The sum of two quantities in the same unit; throws when the units differ (convert first).
    public static func + (lhs: Quantity, rhs: Quantity) throws(UnitError) -> Quantity {
        guard lhs.unit == rhs.unit else { throw UnitError.mismatched(lhs.unit, rhs.unit, operation: "add") }
        return Quantity(lhs.value + rhs.value, lhs.unit)
    }

    /// The difference of two quantities in the same unit; throws when the units differ (convert first).
    public static func - (lhs: Quantity, rhs: Quantity) throws(UnitError) -> Quantity {
        guard lhs.unit == rhs.unit else { throw UnitError.mismatched(lhs.unit, rhs.unit, operation: "subtract") }
        return Quantity(lhs.value - rhs.value, lhs.unit)
    }

    /// Whether `lhs` is smaller than `rhs`; throws when the units differ (convert first).
    public static func isLess(_ lhs: Quantity, than rhs: Quantity) throws(UnitError) -> Bool {
        guard lhs.unit == rhs.unit else { throw UnitError.mismatched(lhs.unit, rhs.unit, operation: "compare") }
        return lhs.value < rhs.value
    }

    /// The sum of `quantities`, all in one unit; throws on the first unit that differs. Nil when empty.
    public static func sum(_ quantities: [Quantity]) throws(UnitError) -> Quantity? {
        guard var total = quantities.first else { return nil }
        for quantity in quantities.dropFirst() { total = try total + quantity }
        return total
    }

    /// The value followed by the unit code, e.g. `1000.0 100m_cny`.
    public var description: String { "\(value) \(unit)" }
}

/// Why a unit operation was refused.
public enum UnitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The two units measure different things (or one is unknown), so no conversion exists.
    case notConvertible(from: UnitOfMeasure, to: UnitOfMeasure)
    /// An arithmetic or comparison operation met two different units.
    case mismatched(UnitOfMeasure, UnitOfMeasure, operation: String)
    /// Values in this unit may not be summed across regions (e.g. percent).
    case notAdditive(UnitOfMeasure)

    /// A plain sentence describing the problem.
    public var description: String {
        switch self {
        case let .notConvertible(from, to):
            return "cannot convert from unit ‘\(from)’ to ‘\(to)’: they measure different things"
        case let .mismatched(lhs, rhs, operation):
            return "cannot \(operation) values in unit ‘\(lhs)’ and ‘\(rhs)’; convert one of them explicitly first"
        case let .notAdditive(unit):
            return "values in unit ‘\(unit)’ cannot be summed across regions"
        }
    }
}

extension UnitError: LocalizedError {
    /// The same sentence as ``description``.
    public var errorDescription: String? { description }
}

extension String {
    /// Whether the string starts or ends with whitespace (what ``trimmingWhitespace()`` removes).
    var hasSurroundingWhitespace: Bool {
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return false }
        // A UTF-8 byte below 0x80 is a whole ASCII character, so an ASCII first and last character need no decoding.
        if firstByte < 0x80, lastByte < 0x80 {
            return Unicode.Scalar(firstByte).isWhitespace || Unicode.Scalar(lastByte).isWhitespace
        }
        let scalars = unicodeScalars
        return scalars.first!.isWhitespace || scalars.last!.isWhitespace
    }

    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        guard hasSurroundingWhitespace else { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhitespace })!
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property, answered without the property table for ASCII (where the
    /// whitespace is exactly U+0009 … U+000D and the space), which is nearly every character a CSV
    /// field starts or ends with.
    fileprivate var isWhitespace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }
}
