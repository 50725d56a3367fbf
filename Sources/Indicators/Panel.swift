import Foundation

/// Why a set of observations does not form a valid panel or series.
public enum PanelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two observations share region, indicator, year and period.
    case duplicate(key: SeriesKey, year: Int, period: Period)
    /// Two observations of one series use different units.
    case mixedUnits(key: SeriesKey, first: UnitOfMeasure, other: UnitOfMeasure)
    /// An observation does not belong to the annual series it was put in.
    case notInSeries(key: SeriesKey, observation: Observation)

    /// A plain sentence describing the problem.
    public var description: String {
        switch self {
        case let .duplicate(key, year, period):
            return "series \(key) has more than one value for \(year) (period ‘\(period)’)"
        case let .mixedUnits(key, first, other):
            return "series \(key) mixes units ‘\(first)’ and ‘\(other)’; one series must use one unit"
        case let .notInSeries(key, observation):
            return "observation \(observation.key) \(observation.year) (period ‘\(observation.period)’) is not part of the annual series \(key)"
        }
    }
}

extension PanelError: LocalizedError {
    /// The same sentence as ``description``.
    public var errorDescription: String? { description }
}

/// A panel: observations keyed by region × indicator × year × period, with one unit per series.
///
/// Annual observations form ``Series``; part-year observations (period other than `year`) are kept
/// and can be listed, but never enter an annual series.
public struct Panel: Sendable {
    /// Every observation, sorted by region, indicator, period (full year first) and year.
    public let observations: [Observation]
    private let annual: [SeriesKey: Series]
    private let partYear: [SeriesKey: [Observation]]

    /// The empty panel.
    public static let empty = Panel(sorted: [], annual: [:], partYear: [:])

    private init(sorted: [Observation], annual: [SeriesKey: Series], partYear: [SeriesKey: [Observation]]) {
        self.observations = sorted
        self.annual = annual
        self.partYear = partYear
    }

    /// A panel of `observations`.
    /// - Throws: ``PanelError`` on a repeated region × indicator × year × period or mixed units in a series.
    public init(observations: [Observation]) throws(PanelError) {
        let order = observations.indices.sorted { l, r in
            let lhs = observations[l], rhs = observations[r]
            if lhs.region != rhs.region { return lhs.region < rhs.region }
            if lhs.indicator != rhs.indicator { return lhs.indicator < rhs.indicator }
            if lhs.period != rhs.period { return lhs.period < rhs.period }
            return lhs.year < rhs.year
        }
        let sorted = order.map { observations[$0] }
        var annualGroups: [SeriesKey: [Observation]] = [:]
        var partYear: [SeriesKey: [Observation]] = [:]
        var unitOfKey: [SeriesKey: UnitOfMeasure] = [:]
        for (index, observation) in sorted.enumerated() {
            let key = observation.key
            if let unit = unitOfKey[key], unit != observation.unit {
                throw PanelError.mixedUnits(key: key, first: unit, other: observation.unit)
            }
            unitOfKey[key] = observation.unit
            if index > 0 {
                let previous = sorted[index - 1]
                if previous.key == key, previous.period == observation.period, previous.year == observation.year {
                    throw PanelError.duplicate(key: key, year: observation.year, period: observation.period)
                }
            }
            if observation.period.isAnnual {
                annualGroups[key, default: []].append(observation)
            } else {
                partYear[key, default: []].append(observation)
            }
        }
        var annual: [SeriesKey: Series] = [:]
        for (key, group) in annualGroups {
            annual[key] = try Series(key: key, unit: group[0].unit, observations: group)
        }
        self.init(sorted: sorted, annual: annual, partYear: partYear)
    }

    /// The keys of every series with at least one annual observation, sorted.
    public var seriesKeys: [SeriesKey] { annual.keys.sorted() }
    /// Every region that has an observation, sorted.
    public var regions: [String] { Array(Set(observations.map(\.region))).sorted() }
    /// Every indicator that has an observation, sorted.
    public var indicators: [String] { Array(Set(observations.map(\.indicator))).sorted() }
    /// The first and last data year of any observation; nil for an empty panel.
    public var years: ClosedRange<Int>? {
        guard let low = observations.map(\.year).min(), let high = observations.map(\.year).max() else { return nil }
        return low...high
    }
    /// The number of full-year observations.
    public var annualObservationCount: Int { observations.count(where: { $0.period.isAnnual }) }
    /// The number of part-year observations (kept, but outside every annual series).
    public var partYearObservationCount: Int { observations.count(where: { !$0.period.isAnnual }) }

    /// The annual series of `key` in the unit of its observations; nil when it has no annual observation.
    public func series(_ key: SeriesKey) -> Series? { annual[key] }

    /// The annual series of `key` converted to `unit`; nil when it has no annual observation.
    /// - Throws: ``UnitError`` when the series' unit cannot be converted to `unit`.
    public func series(_ key: SeriesKey, in unit: UnitOfMeasure) throws(UnitError) -> Series? {
        guard let series = annual[key] else { return nil }
        return try series.converted(to: unit)
    }

    /// The annual series of `indicator` in `region`; see ``series(_:)``.
    public func series(region: String, indicator: String) -> Series? {
        annual[SeriesKey(region: region, indicator: indicator)]
    }

    /// The unit used by every observation of `key`; nil when the panel has none.
    public func unit(of key: SeriesKey) -> UnitOfMeasure? {
        annual[key]?.unit ?? partYear[key]?.first?.unit
    }

    /// The part-year observations of `key` (e.g. `Jan-May` totals), sorted by period label and year.
    public func partYearObservations(_ key: SeriesKey) -> [Observation] { partYear[key] ?? [] }

    /// The panel holding the observations of both panels.
    /// - Throws: ``PanelError`` when they overlap or a series would mix units.
    public func merging(_ other: Panel) throws(PanelError) -> Panel {
        try Panel(observations: observations + other.observations)
    }

    /// The panel restricted to observations for which `isIncluded` is true.
    public func filter(_ isIncluded: (Observation) -> Bool) -> Panel {
        // Removing observations cannot create duplicates or mixed units.
        (try? Panel(observations: observations.filter(isIncluded))) ?? .empty
    }
}
