/// The model families available by name (on the command line and in scenario files).
public enum ModelCatalog {
    /// Every family name, `auto` first.
    public static let names = ["auto", "naive", "drift", "linear", "loglinear", "quadratic", "local", "holt", "damped",
                               "ses-drift", "theta", "theta-log", "logistic", "gompertz"]

    /// The specification called `name`, configured for forecasts `horizon` years ahead (auto and the
    /// local trend choose their settings out of sample at that horizon).
    /// - Throws: ``ForecastingError/invalidSetting(_:)`` for an unknown name, listing the known ones.
    public static func model(named name: String, horizon: Int) throws -> any ForecastModel {
        switch name.lowercased() {
        case "auto": return AutoModel(horizon: horizon)
        case "naive": return NaiveForecast()
        case "drift", "rwd", "random-walk-drift": return RandomWalkWithDrift()
        case "linear": return LinearTrend()
        case "loglinear", "log-linear": return LogLinearTrend()
        case "quadratic": return QuadraticTrend()
        case "local", "ewls": return LocalLinearTrend(decay: .crossValidated(grid: [0.6, 0.7, 0.8, 0.9], horizon: horizon))
        case "holt": return HoltTrend(damped: false)
        case "damped": return HoltTrend(damped: true)
        case "ses-drift": return SESWithDrift()
        case "theta": return ThetaMethod()
        case "theta-log": return ThetaMethod(theta: 2, logScale: true)
        case "logistic": return SaturationCurve(shape: .logistic)
        case "gompertz": return SaturationCurve(shape: .gompertz)
        default:
            throw ForecastingError.invalidSetting("unknown model '\(name)'; choose one of: \(names.joined(separator: ", "))")
        }
    }
}
