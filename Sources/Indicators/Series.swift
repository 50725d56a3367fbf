/// How the values of a series came about.
public enum SeriesOrigin: Hashable, Sendable {
    /// Every value is an observation from a data file.
    case observed
    /// Every value is derived: the sum of the named member regions' observations in that year.
    case aggregate(members: [String])
}

/// An annual series: one region's indicator, full-year observations only, sorted by year, in one unit.
public struct Series: Hashable, Sendable {
    /// The region and indicator.
    public let key: SeriesKey
    /// The unit of every value.
    public let unit: UnitOfMeasure
    /// The annual observations, strictly increasing in year, all in ``unit``.
    public let observations: [Observation]
    /// Whether the values are observed or derived from member regions.
    public let origin: SeriesOrigin

    /// A series from annual observations of one key and one unit; they are sorted by year here.
    /// - Throws: ``PanelError`` when an observation is part-year, of another key or unit, or a year repeats.
    public init(key: SeriesKey, unit: UnitOfMeasure, observations: [Observation], origin: SeriesOrigin = .observed) throws(PanelError) {
        let sorted = observations.sorted { $0.year < $1.year }
        for (index, observation) in sorted.enumerated() {
            guard observation.key == key, observation.period.isAnnual else {
                throw PanelError.notInSeries(key: key, observation: observation)
            }
            guard observation.unit == unit else {
                throw PanelError.mixedUnits(key: key, first: unit, other: observation.unit)
            }
            if index > 0, sorted[index - 1].year == observation.year {
                throw PanelError.duplicate(key: key, year: observation.year, period: observation.period)
            }
        }
        self.key = key
        self.unit = unit
        self.observations = sorted
        self.origin = origin
    }

    private init(validatedKey key: SeriesKey, unit: UnitOfMeasure, observations: [Observation], origin: SeriesOrigin) {
        self.key = key
        self.unit = unit
        self.observations = observations
        self.origin = origin
    }

    /// The (year, value) points in increasing year order.
    public var points: [YearValue] { observations.map { YearValue(year: $0.year, value: $0.value) } }
    /// The years with a value, increasing.
    public var years: [Int] { observations.map(\.year) }
    /// The values in year order, in ``unit``.
    public var values: [Double] { observations.map(\.value) }
    /// The first and last year with a value; nil for an empty series.
    public var span: ClosedRange<Int>? {
        guard let first = observations.first, let last = observations.last else { return nil }
        return first.year...last.year
    }
    /// Years inside ``span`` without a value (gaps), increasing.
    public var missingYears: [Int] {
        guard let span else { return [] }
        let present = Set(years)
        return span.filter { !present.contains($0) }
    }

    /// The observation of `year`, if any.
    public func observation(in year: Int) -> Observation? {
        var low = 0
        var high = observations.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let candidate = observations[mid].year
            if candidate == year { return observations[mid] }
            if candidate < year { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// The value of `year` in ``unit``, if observed.
    public func value(in year: Int) -> Double? { observation(in: year)?.value }

    /// The same series with every value expressed in `target`.
    public func converted(to target: UnitOfMeasure) throws(UnitError) -> Series {
        if target == unit { return self }
        var converted: [Observation] = []
        converted.reserveCapacity(observations.count)
        for observation in observations { converted.append(try observation.converted(to: target)) }
        return Series(validatedKey: key, unit: target, observations: converted, origin: origin)
    }

    /// The series restricted to `years`.
    public func restricted(to years: ClosedRange<Int>) -> Series {
        Series(validatedKey: key, unit: unit, observations: observations.filter { years.contains($0.year) }, origin: origin)
    }
}
