/// A yearly series to forecast: years strictly increasing (gaps allowed), every value finite.
///
/// This is the forecasting layer's own value type, so models can be used on any data (a panel
/// series, a benchmark series, a test vector) without the data layer's metadata.
public struct YearlySeries: Sendable, Equatable {
    /// Calendar years (or any integer time index), strictly increasing.
    public let years: [Int]
    /// Values in the series' unit, one per year.
    public let values: [Double]

    /// A series from parallel arrays.
    /// - Throws: ``ForecastingError/invalidSeries(_:)`` when the arrays differ in length, a year does not
    ///   increase, or a value is not finite.
    public init(years: [Int], values: [Double]) throws {
        guard years.count == values.count else {
            throw ForecastingError.invalidSeries("\(years.count) years but \(values.count) values")
        }
        for index in years.indices.dropFirst() where years[index] <= years[index - 1] {
            throw ForecastingError.invalidSeries("year \(years[index]) does not come after \(years[index - 1])")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ForecastingError.invalidSeries("the value of \(years[bad]) is not finite")
        }
        self.years = years
        self.values = values
    }

    /// A gap-free series of `values` starting in `startYear`.
    public init(startYear: Int, values: [Double]) throws {
        try self.init(years: Array(startYear..<(startYear + values.count)), values: values)
    }

    /// Number of observations.
    public var count: Int { values.count }
    /// The last observed year.
    public var lastYear: Int? { years.last }
    /// True when some year between the first and the last has no value.
    public var hasGaps: Bool {
        guard let first = years.first, let last = years.last else { return false }
        return last - first + 1 != years.count
    }
    /// True when every value is strictly positive (log-scale models need this).
    public var isPositive: Bool { values.allSatisfy { $0 > 0 } }
    /// True when every value equals the first.
    public var isConstant: Bool { values.allSatisfy { $0 == values.first } }

    /// The observations up to and including `year` (standing where a planner stood in that year).
    public func through(year: Int) -> YearlySeries {
        let end = years.firstIndex { $0 > year } ?? years.count
        return YearlySeries(unchecked: Array(years[..<end]), Array(values[..<end]))
    }

    /// The observations from `year` on (the first year of history a forecast uses).
    public func since(year: Int) -> YearlySeries {
        let start = years.firstIndex { $0 >= year } ?? years.count
        return YearlySeries(unchecked: Array(years[start...]), Array(values[start...]))
    }

    /// The first `count` observations.
    public func prefix(_ count: Int) -> YearlySeries {
        YearlySeries(unchecked: Array(years.prefix(count)), Array(values.prefix(count)))
    }

    /// Time index of each observation, `year − first year`, as used by the trend designs.
    var timeIndex: [Double] {
        guard let first = years.first else { return [] }
        return years.map { Double($0 - first) }
    }

    init(unchecked years: [Int], _ values: [Double]) {
        self.years = years
        self.values = values
    }
}
