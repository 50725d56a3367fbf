import Foundation

/// Random walk with drift: `y_{T+h} = y_T + h·d` with `d = (y_T − y_1)/(T − 1)`, the mean yearly change
/// (the least-squares estimate of the drift on the differenced series).
///
/// Standard error of a new observation h steps ahead: `σ √(h (1 + h/(T − 1)))`, where σ is the standard
/// deviation of the differences around the drift; Student t with `T − 2` degrees of freedom. Needs
/// consecutive years.
public struct RandomWalkWithDrift: ForecastModel {
    public var name: String { "drift" }
    /// The specification (it has no settings).
    public init() {}

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        let y = series.values
        let differences = try yearlyChanges(series, model: name, needed: 3)
        let m = Double(differences.count)
        let drift = differences.reduce(0, +) / m
        let sigma = (differences.reduce(0) { $0 + ($1 - drift) * ($1 - drift) } / (m - 1)).squareRoot()
        let last = y[y.count - 1]
        return FittedModel(
            family: name,
            parameters: [ParameterEstimate(name: "drift", estimate: drift, standardError: sigma / m.squareRoot())],
            fittedValues: [y[0]] + y.dropLast().map { $0 + drift },
            residualStandardDeviation: sigma, residualDegreesOfFreedom: differences.count - 1,
            observationCount: series.count, lastYear: series.years[series.count - 1],
            stepDistribution: { h in
                let hh = Double(h)
                return .studentT(location: last + hh * drift, scale: sigma * (hh * (1 + hh / m)).squareRoot(),
                                 degreesOfFreedom: m - 1, transform: .identity)
            })
    }
}

/// The naive forecast: the last value carried forward, `y_{T+h} = y_T`, with standard error `σ √h`
/// where σ² is the mean squared yearly change. Needs consecutive years.
public struct NaiveForecast: ForecastModel {
    public var name: String { "naive" }
    /// The specification (it has no settings).
    public init() {}

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        let y = series.values
        let differences = try yearlyChanges(series, model: name, needed: 2)
        let sigma = (differences.reduce(0) { $0 + $1 * $1 } / Double(differences.count)).squareRoot()
        let last = y[y.count - 1]
        return FittedModel(
            family: name, parameters: [],
            fittedValues: [y[0]] + y.dropLast(),
            residualStandardDeviation: sigma, residualDegreesOfFreedom: differences.count,
            observationCount: series.count, lastYear: series.years[series.count - 1],
            stepDistribution: { h in
                .studentT(location: last, scale: sigma * Double(h).squareRoot(), degreesOfFreedom: Double(differences.count), transform: .identity)
            })
    }
}

/// The changes from each year to the next, `y_t − y_{t−1}`, of a series of consecutive years that the
/// random walks fit.
/// - Throws: ``ForecastingError/tooShort(model:needed:got:)`` with fewer than `needed` values,
///   ``ForecastingError/hasGaps(model:)`` when a year is missing.
private func yearlyChanges(_ series: YearlySeries, model: String, needed: Int) throws -> [Double] {
    guard series.count >= needed else { throw ForecastingError.tooShort(model: model, needed: needed, got: series.count) }
    guard !series.hasGaps else { throw ForecastingError.hasGaps(model: model) }
    let y = series.values
    return zip(y.dropFirst(), y).map { $0 - $1 }
}
