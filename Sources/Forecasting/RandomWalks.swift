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
        guard series.count >= 3 else { throw ForecastingError.tooShort(model: name, needed: 3, got: series.count) }
        guard !series.hasGaps else { throw ForecastingError.hasGaps(model: name) }
        let y = series.values
        let differences = zip(y.dropFirst(), y).map { $0 - $1 }
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
        guard series.count >= 2 else { throw ForecastingError.tooShort(model: name, needed: 2, got: series.count) }
        guard !series.hasGaps else { throw ForecastingError.hasGaps(model: name) }
        let y = series.values
        let differences = zip(y.dropFirst(), y).map { $0 - $1 }
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
